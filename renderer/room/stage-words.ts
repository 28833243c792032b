import type { VisitView } from '../../shared/contract/index.js';

export const stageWords: Record<VisitView['stage'], string> = {
  checkIn: 'Checking in',
  preDoseCheck: 'Pre-dose check',
  breathTest: 'Breath test',
  injection: 'Observed injection',
  observation: 'Post-dose observation',
  overdoseResponse: 'Dose withheld, overdose response',
  closed: 'Visit closed',
};

// The board says how a visit closed in a few words; the reasons stay on the visit screen.
export const outcomeWords: Record<NonNullable<VisitView['outcome']>['kind'], string> = {
  discharged: 'Discharged',
  doseWithheld: 'Dose withheld',
  ended: 'Visit ended',
};

export function personName(person: { preferredName: string; initial: string }): string {
  return `${person.preferredName} ${person.initial}`;
}
