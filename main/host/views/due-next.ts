/**
 * What a visit needs next, and whether it is overdue, worked out from the stored times (the dose,
 * each observation, the last naloxone) and the clock: never from a timer in memory, so a restarted
 * host shows the same.
 */
import { clockTimeIn } from '../../../shared/clinic-time/clinic-day.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import { earliestDischargeAt, observedAfterResponseFrom, openOverdoseResponse, redFlagsOf } from '../../../shared/visit/visit-rules.js';
import { stateOf, type VisitSnapshot } from '../../../shared/visit/visit-steps.js';

const minute = 60_000;

export interface Due { words: string; overdue: boolean }

function observationDue(context: VisitContext, now: number, timeZone: string): Due {
  if (openOverdoseResponse(context)) return { words: 'Overdose response under way', overdue: true };
  const administeredAt = Date.parse(context.administration?.at ?? context.stageSince);
  const graceMs = context.rules.observation.overdueAfterMinutes * minute;
  const first = context.observations.find((record) => Date.parse(record.at) >= administeredAt);
  if (!first) return { words: 'First observation due now', overdue: now > administeredAt + graceMs };
  const last = context.observations.at(-1);
  // A red flag brings the next observation forward (a site rule), whatever else is due.
  if (last && redFlagsOf(context.rules, last).length > 0) {
    const soon = Date.parse(last.at) + context.rules.observation.minutesToNextObservationAfterRedFlag * minute;
    return { words: `Red flag: observe again by ${clockTimeIn(new Date(soon), timeZone)}`, overdue: now > soon };
  }
  const earliest = earliestDischargeAt(context);
  const finalDue = earliest === null ? administeredAt : Date.parse(earliest);
  if (last && Date.parse(last.at) >= finalDue) return { words: 'Ready for discharge check', overdue: false };
  return {
    words: `Observation before discharge due at ${clockTimeIn(new Date(finalDue), timeZone)}`,
    overdue: now > finalDue + graceMs,
  };
}

/** Withheld, after an overdose response: observation until its time has run, then a last observation. */
function observedAfterResponseDue(context: VisitContext, now: number, timeZone: string): Due {
  const from = observedAfterResponseFrom(context);
  if (from === null) return { words: 'Overdose response: record the outcome', overdue: true };
  const last = context.observations.at(-1);
  if (last && redFlagsOf(context.rules, last).length > 0) {
    const soon = Date.parse(last.at) + context.rules.observation.minutesToNextObservationAfterRedFlag * minute;
    return { words: `Red flag: observe again by ${clockTimeIn(new Date(soon), timeZone)}`, overdue: now > soon };
  }
  if (now < from) return { words: `Observe after the overdose response until ${clockTimeIn(new Date(from), timeZone)}`, overdue: false };
  return last && Date.parse(last.at) >= from
    ? { words: 'Observation done: close the visit', overdue: false }
    : { words: 'Final observation after the overdose response due now', overdue: now > from + context.rules.observation.overdueAfterMinutes * minute };
}

/** `testing`: the breathalyser holds this visit's test now. */
export function dueNext(snapshot: VisitSnapshot, testing: boolean, now: number, timeZone: string): Due {
  const { context } = snapshot;
  // An open overdose response outranks whatever step the visit is at.
  if (openOverdoseResponse(context) && stateOf(snapshot) !== 'observation') return { words: 'Overdose response under way', overdue: true };
  switch (stateOf(snapshot)) {
    case 'checkIn': return { words: 'Confirm identity', overdue: false };
    case 'preDoseCheck': return { words: 'Pre-dose check by the nurse', overdue: false };
    case 'breathTest':
      return { words: testing ? 'Breath test under way' : 'Breath test', overdue: false };
    case 'breathReview': return { words: 'Nurse to review the breath reading', overdue: false };
    case 'preparation': return { words: 'Prepare the dose (two staff)', overdue: false };
    case 'administration': return { words: 'Observe the self-injection', overdue: false };
    case 'waste': return { words: 'Waste the surplus (witnessed)', overdue: false };
    case 'doseWasted': return { words: 'Dose not given: withhold or end the visit', overdue: false };
    case 'observation': return observationDue(context, now, timeZone);
    case 'withheldInResponse': return observedAfterResponseDue(context, now, timeZone);
    case 'doseWithheld':
    case 'discharged':
    case 'ended':
      return { words: 'Visit closed', overdue: false };
  }
}
