/**
 * The parts of a visit's view that keep a dose safe as time passes, shown before the tap: whether
 * a dose could be prepared or given now (the dose moment, judged as the step itself would be),
 * what changed in the prescription since check-in, findings earlier this session, leaving
 * against advice last time, and the red flags in the observations.
 */
import { clockTimeIn } from '../../../shared/clinic-time/clinic-day.js';
import type { VisitView } from '../../../shared/contract/index.js';
import { reasonsOf } from '../../../shared/refusals/refusal.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import { EndReason } from '../../../shared/visit/visit-events.js';
import {
  afterResponseProblems, exitsBeforeObservationEnds, findingConcerns, redFlagsOf,
} from '../../../shared/visit/visit-rules.js';
import type { VisitStateName } from '../../../shared/visit/visit-states.js';
import { findingsEarlierThisSession } from '../intentions/pre-dose-check.js';
import type { ReferenceData } from '../records/reference-data.js';
import type { VisitHistory } from '../records/visit-history.js';
import { doseMoment } from '../visits/dose-moment.js';
import { staffCard } from './cards.js';

const minute = 60_000;

export interface DoseSafetyFacts {
  nowIso: string;
  timeZone: string;
  reference: ReferenceData;
  history: VisitHistory;
}

const beforeTheDose: ReadonlySet<VisitStateName> = new Set(['checkIn', 'preDoseCheck', 'breathTest', 'breathReview', 'preparation', 'administration']);

// These refusals mean the visit itself can no longer be dosed: the way on is a new check-in.
const endTheVisit = new Set(['sessionOver', 'sessionNoLongerInRules', 'dosedThisSession', 'withheldThisSession', 'sessionsPerDayUsed', 'dailyMaximumReached']);

function prescriptionChange(context: VisitContext, facts: DoseSafetyFacts): string | null {
  const current = facts.reference.activePrescription(context.serviceUserId, context.clinicDay);
  if (!current) return 'The prescription was suspended or has ended since check-in: no dose can be given. Ask the prescriber.';
  const was = context.prescription.dosePerSessionMg;
  if (current.dosePerSessionMg === was) return null;
  const change = facts.reference.lastPrescriptionChange(current.prescriptionId);
  const when = change ? ` at ${clockTimeIn(new Date(change.at), facts.timeZone)} by ${facts.reference.nameOf(change.by)}` : '';
  return `The prescriber changed the dose since check-in${when}: it is now ${current.dosePerSessionMg} mg (was ${was} mg)` +
    `${change ? `. Reason: ${change.reason}` : ''}.`;
}

export function dosingView(context: VisitContext, step: VisitStateName, facts: DoseSafetyFacts): VisitView['dosing'] {
  const prescribers = facts.reference.staff().filter((member) => member.active && member.role === 'prescriber').map(staffCard);
  if (!beforeTheDose.has(step)) return { blocked: null, endVisitSuggested: false, prescriptionChange: null, naloxoneDecisionNeeded: false, prescribers };
  const moment = doseMoment(facts, context, facts.nowIso);
  const refusals = moment.ok ? [] : moment.refusals;
  return {
    blocked: refusals.length > 0 ? reasonsOf(refusals) : null,
    endVisitSuggested: refusals.some((problem) => endTheVisit.has(problem.code)),
    prescriptionChange: prescriptionChange(context, facts),
    naloxoneDecisionNeeded: refusals.some((problem) => problem.code === 'naloxoneGivenThisSession'),
    prescribers,
  };
}

/** What staff must see at check-in and the pre-dose check, each with when and who. */
export function cautions(context: VisitContext, step: VisitStateName, facts: DoseSafetyFacts): string[] {
  if (!beforeTheDose.has(step)) return [];
  const time = (iso: string) => clockTimeIn(new Date(iso), facts.timeZone);
  const found = findingsEarlierThisSession(facts, context).flatMap((finding) => {
    const concerns = findingConcerns(context.rules, finding);
    return concerns.length === 0 ? [] : [`Earlier this session, at ${time(finding.at)}, ${facts.reference.nameOf(finding.recordedBy)} found ${concerns.join('; ')}.`];
  });
  const ownFindings = context.findings.flatMap((finding) => {
    const concerns = findingConcerns(context.rules, finding);
    return concerns.length === 0 ? [] : [`In this visit, at ${time(finding.at)}, the pre-dose check found ${concerns.join('; ')} (the decision was not accepted).`];
  });
  const left = facts.history.leftAgainstAdviceLastVisit(context.serviceUserId);
  const leftWords = left ? [`At their last visit (${left.at.slice(0, 10)} ${time(left.at)}) they left against advice after an overdose response, seen by ${facts.reference.nameOf(left.seenBy)}.`] : [];
  return [...leftWords, ...found, ...ownFindings];
}

export function redFlagsOfLast(context: VisitContext): string[] {
  const last = context.observations.at(-1);
  return last ? redFlagsOf(context.rules, last) : [];
}

export function observationRecords(context: VisitContext): VisitView['observation']['records'] {
  return context.observations.map((record) => ({ ...record, redFlags: redFlagsOf(context.rules, record) }));
}

/** After a red flag the next observation is due sooner (a site rule). */
export function nextObservationDueAt(context: VisitContext): string | null {
  const last = context.observations.at(-1);
  if (!last || redFlagsOf(context.rules, last).length === 0) return null;
  return new Date(Date.parse(last.at) + context.rules.observation.minutesToNextObservationAfterRedFlag * minute).toISOString();
}

/** While observation after an overdose response is still needed, only the exits that are always recorded may end the visit. */
export function endReasonsNow(context: VisitContext, closed: boolean, nowIso: string): EndReason[] {
  if (closed) return [];
  return afterResponseProblems(context, nowIso).length > 0 ? [...exitsBeforeObservationEnds] : EndReason.options;
}
