/**
 * What a locked screen is sent: no name, photo, dose or time of a dose. How many visits are open
 * (each with its Overdose button, one touch as ever), how many people wait, how many incidents
 * are open. The room view is redacted here, in the host, so nothing private reaches a screen that
 * nobody is signed in at.
 */
import type { LockedScreen, RoomView } from '../../../shared/contract/index.js';
import { openOverdoseResponse } from '../../../shared/visit/visit-rules.js';
import { stageOfState } from '../../../shared/visit/visit-states.js';
import { stateOf, type VisitSnapshot } from '../../../shared/visit/visit-steps.js';

function lockedScreen(view: RoomView, visits: readonly VisitSnapshot[], waitingCount: number, incidentCount: number): LockedScreen {
  const byStart = [...visits].sort((a, b) => a.context.startedAt.localeCompare(b.context.startedAt));
  const lockedVisits = byStart.map((snapshot, index) => ({
    visitId: snapshot.context.visitId,
    label: `Visit ${index + 1}`,
    stage: stageOfState[stateOf(snapshot)],
    overdoseOpen: openOverdoseResponse(snapshot.context) !== null,
  }));
  // Only states and times, never a name: the locked screen sounds as every other screen does.
  const statesOf = new Map(view.visits.map((visit) => [visit.visitId, visit.alertStates]));
  return {
    visits: lockedVisits,
    visitAlerts: lockedVisits.flatMap(({ visitId, label }) => {
      const states = statesOf.get(visitId);
      return states ? [{ visitId, label, ...states }] : [];
    }),
    waitingCount,
    incidentCount,
  };
}

/** The full room view with every personal detail taken out, for a screen that has locked. */
export function redactedForLockedScreen(view: RoomView, openVisits: readonly VisitSnapshot[]): RoomView {
  return {
    ...view,
    staffOnDuty: [],
    waiting: [],
    visits: [],
    incidents: [],
    locked: lockedScreen(view, openVisits, view.waiting.length, view.incidents.length),
  };
}
