/**
 * The dose moment: every dose-critical rule judged again when a dose is prepared and when it is
 * given, against the clock then, the site rules in force then, the prescription in force then
 * and everything recorded by then in any room whose events this kiosk holds. What was decided at
 * check-in is never trusted to still hold: time passes, rules and prescriptions change.
 *
 * The rules themselves are pure (shared/visit/check-in-rules.ts, shared/visit/visit-rules.ts);
 * this file gathers their facts. Its terms (rules, prescription, given that day) travel with the
 * step into the ledger, so the record says what the dose was allowed by.
 */
import { instantOn } from '../../../shared/clinic-time/clinic-day.js';
import { refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import { dosingDecision, sameSession, sessionWindowProblems, type DoseGiven, type SessionFact } from '../../../shared/visit/check-in-rules.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import type { DoseTerms } from '../../../shared/visit/visit-events.js';
import { afterNaloxoneProblems } from '../../../shared/visit/visit-rules.js';
import { consecutiveMissedOf } from '../clinic-context/check-in-decision.js';
import { clinicContextAt } from '../clinic-context/clinic-context.js';
import type { HostParts } from '../host-parts.js';
import { snapshotOf, type Prescription } from '../records/reference-data.js';

export type DoseMomentParts = Pick<HostParts, 'reference' | 'history'>;

export type DoseMoment = { ok: true; terms: DoseTerms } | { ok: false; refusals: Refusal[] };

const kioskNotSetUp = refusal('notSetUp', 'This kiosk is not set up yet: a clinic lead must enrol the clinic and its site rules first.');

const prescriptionStopped = refusal('prescriptionStopped',
  'The prescription was suspended or has ended since this visit began: do not give the dose. Withhold it, or waste what was drawn up, and ask the prescriber.');

export function sessionFactOfVisit(context: VisitContext): SessionFact & { name: string } {
  const { session, clinicDay } = context;
  return { clinicDay, sessionId: session.id, name: session.name, opensAt: session.opensAt, closesAt: session.closesAt };
}

/** The visit's session as instants in the clinic's zone: what central's claim is made for. */
export function sessionInstants(context: VisitContext, timeZone: string): { opensAt: string; closesAt: string } {
  return {
    opensAt: instantOn(context.clinicDay, context.session.opensAt, timeZone).toISOString(),
    closesAt: instantOn(context.clinicDay, context.session.closesAt, timeZone).toISOString(),
  };
}

/** The last naloxone given to the person in another visit of this session (ms), or null: this visit's own the machine knows. */
function lastNaloxoneElsewhereThisSession(parts: DoseMomentParts, context: VisitContext): number | null {
  const session = sessionFactOfVisit(context);
  const times = parts.history.naloxoneOn(context.serviceUserId, context.clinicDay)
    .filter((given) => given.visitId !== context.visitId && sameSession(given, session))
    .map((given) => Date.parse(given.at));
  return times.length > 0 ? Math.max(...times) : null;
}

/** The doses other visits gave the person on the visit's clinic day: what the daily rules count. */
export function dosesByOtherVisits(history: DoseMomentParts['history'], context: VisitContext): DoseGiven[] {
  return history.dosesOn(context.serviceUserId, context.clinicDay, context.visitId);
}

export function totalMg(doses: readonly DoseGiven[]): number {
  return doses.reduce((sum, dose) => sum + dose.mg, 0);
}

function dosingProblemsAt(
  parts: DoseMomentParts, context: VisitContext, prescription: Prescription, dosesThatDay: readonly DoseGiven[], now: Date,
): Refusal[] {
  const checkIn = clinicContextAt(parts, now);
  const person = parts.reference.serviceUser(context.serviceUserId);
  if (!checkIn || !person) return [kioskNotSetUp];
  const decided = dosingDecision({
    preferredName: person.preferredName, now, rules: checkIn.rules, timeZone: checkIn.clinic.timeZone,
    sessionsPerDay: prescription.sessionsPerDay, session: sessionFactOfVisit(context),
    lastDoseAt: parts.history.lastDoseAt(context.serviceUserId, context.visitId),
    dosesThatDay,
    consecutiveMissed: consecutiveMissedOf(checkIn, person, prescription),
    withheldThatDay: parts.history.withheldOn(context.serviceUserId, context.clinicDay),
  });
  return decided?.problems ?? [];
}

/** Whether the visit may prepare or give a dose at `at`, and the terms it is given under. */
export function doseMoment(parts: DoseMomentParts, context: VisitContext, at: string): DoseMoment {
  const now = new Date(at);
  const clinic = parts.reference.clinic();
  const rules = parts.reference.siteRulesAt(now);
  if (!clinic || !rules) return { ok: false, refusals: [kioskNotSetUp] };
  const name = parts.reference.serviceUser(context.serviceUserId)?.preferredName ?? 'this person';
  const window = sessionWindowProblems(sessionFactOfVisit(context), rules, now, clinic.timeZone, name);
  if (window.length > 0) return { ok: false, refusals: window };
  const prescription = parts.reference.activePrescription(context.serviceUserId, context.clinicDay);
  if (!prescription) return { ok: false, refusals: [prescriptionStopped] };
  const dosesThatDay = dosesByOtherVisits(parts.history, context);
  const refusals = [
    ...dosingProblemsAt(parts, context, prescription, dosesThatDay, now),
    ...afterNaloxoneProblems(context, lastNaloxoneElsewhereThisSession(parts, context)),
  ];
  if (refusals.length > 0) return { ok: false, refusals };
  return { ok: true, terms: { rules, prescription: snapshotOf(prescription), givenTodayMg: totalMg(dosesThatDay) } };
}
