/**
 * Pure steps over the visit machine: start, advance, replay, restore. The host uses these so a
 * step is decided (and refused with reasons) before anything is written, and written before
 * memory changes.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { z } from 'zod';
import { reasonsOf, refusal, type Refusal } from '../refusals/refusal.js';
import { VisitContext } from './visit-context.js';
import type { VisitEvent, VisitStarted } from './visit-events.js';
import { visitMachine } from './visit-machine.js';
import { visitStateNames, type VisitStateName } from './visit-states.js';
import { problemsWith } from './visit-rules.js';

export type VisitSnapshot = SnapshotFrom<typeof visitMachine>;

export const StoredVisit = z.object({ value: z.enum(visitStateNames), context: VisitContext });
export type StoredVisit = z.infer<typeof StoredVisit>;

export type StepResult =
  | { accepted: true; snapshot: VisitSnapshot }
  | { accepted: false; refusals: Refusal[] };

const stepNames: Record<VisitEvent['type'], string> = {
  identityConfirmed: 'Confirming identity',
  preDoseCheckRecorded: 'The pre-dose check',
  preDoseFindingsRecorded: 'The pre-dose findings',
  breathTestStarted: 'A breath test',
  breathTestFailed: 'A breath test error',
  breathResultRecorded: 'A breath reading',
  manualBreathReadingRecorded: 'A breath reading entered by hand',
  breathReviewDecided: 'A decision on the breath reading',
  dosePrepared: 'Preparing the dose',
  doseAdministered: 'Recording the administration',
  surplusWasted: 'Wasting the surplus',
  observationRecorded: 'An observation',
  doseWithheld: 'Withholding the dose',
  visitDischarged: 'Discharge',
  visitEnded: 'Ending the visit',
  overdoseResponseStarted: 'Starting the overdose response',
  naloxoneGiven: 'Naloxone',
  oxygenGiven: 'Oxygen',
  rescueBreathingGiven: 'Rescue breathing',
  emergencyServicesCalled: 'The emergency call',
  overdoseOutcomeRecorded: 'The overdose outcome',
  prescriberDecidedAfterNaloxone: 'The prescriber\'s decision after naloxone',
};

export function startVisit(input: VisitStarted): VisitSnapshot {
  return initialTransition(visitMachine, input)[0];
}

export function stateOf(snapshot: VisitSnapshot): VisitStateName {
  return snapshot.value;
}

export function isOpen(snapshot: VisitSnapshot): boolean {
  return snapshot.status === 'active';
}

export function advanceVisit(snapshot: VisitSnapshot, event: VisitEvent): StepResult {
  if (!isOpen(snapshot)) return { accepted: false, refusals: [refusal('visitClosed', 'This visit has already ended.')] };
  if (snapshot.can(event)) return { accepted: true, snapshot: transition(visitMachine, snapshot, event)[0] };
  const problems = problemsWith(snapshot.context, event);
  return {
    accepted: false,
    refusals: problems.length > 0 ? problems : [refusal('stepNotOpen', `${stepNames[event.type]} is not open at this stage of the visit.`)],
  };
}

/** Rebuilds a visit from its ledger events: the ledger is the truth, a stored snapshot a cache. */
export function replayVisit(started: VisitStarted, events: readonly VisitEvent[]): VisitSnapshot {
  return events.reduce((snapshot, event) => {
    const step = advanceVisit(snapshot, event);
    if (!step.accepted) {
      throw new Error(`The ledger holds a ${event.type} event this visit cannot replay: ${reasonsOf(step.refusals)}`);
    }
    return step.snapshot;
  }, startVisit(started));
}

export function storeVisit(snapshot: VisitSnapshot): StoredVisit {
  return { value: stateOf(snapshot), context: snapshot.context };
}

export function restoreVisit(stored: StoredVisit): VisitSnapshot {
  return visitMachine.resolveState({ value: stored.value, context: stored.context });
}
