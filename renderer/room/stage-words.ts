import type { VisitView } from '../../shared/contract/index.js';

export const stageWords: Record<VisitView['stage'], string> = {
  checkIn: 'Checking in',
  preDoseCheck: 'Pre-dose check',
  breathTest: 'Breath test',
  injection: 'Observed injection',
  observation: 'Post-dose observation',
  closed: 'Visit closed',
};

export function personName(person: { preferredName: string; initial: string }): string {
  return `${person.preferredName} ${person.initial}`;
}
