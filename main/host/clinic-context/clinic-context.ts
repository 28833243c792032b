/**
 * "This person's clinic, rules, prescription and check-in decision", looked up once, the same way
 * for a check-in, the room board, the prescriber's records and clearing a block. Also the one
 * place that says which time zone the clinic's days and windows are read in.
 */
import { addClinicDays, clinicDayOf, startOfClinicDay, zoneBeforeClinicSetUp } from '../../../shared/clinic-time/clinic-day.js';
import type { SessionWindow } from '../../../shared/site-rules/site-rules.js';
import { reasonsOf, refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import type { CheckInDecision } from '../../../shared/visit/check-in-rules.js';
import type { Clinic, Prescription, ReferenceData, ServiceUser } from '../records/reference-data.js';
import type { VisitHistory } from '../records/visit-history.js';
import { checkInFor, type CheckInContext } from './check-in-decision.js';

/** The zone the clinic's days and session windows are read in. */
export function clinicTimeZone(reference: Pick<ReferenceData, 'clinic'>): string {
  return timeZoneOf(reference.clinic());
}

/** The same, for a clinic already read. */
export function timeZoneOf(clinic: Clinic | null): string {
  return clinic?.timeZone ?? zoneBeforeClinicSetUp;
}

/** The clinic day (YYYY-MM-DD, in the clinic's zone) an instant falls on. */
export function clinicDayAt(reference: Pick<ReferenceData, 'clinic'>, at: Date | string): string {
  return clinicDayOf(new Date(at), clinicTimeZone(reference));
}

export interface ClinicRecords {
  reference: ReferenceData;
  history: VisitHistory;
}

/** The clinic and its rules in force now, or null on a kiosk not set up yet. */
export function clinicContextAt(records: ClinicRecords, now: Date): CheckInContext | null {
  const clinic = records.reference.clinic();
  const rules = records.reference.siteRulesAt(now);
  return clinic && rules ? { history: records.history, clinic, rules, windowsOn: windowsInForceOn(records.reference, clinic, now), now } : null;
}

/**
 * The session windows a past clinic day is judged by: those of the rules in force at its end (or
 * now, for today). A day is never judged by windows adopted after it.
 */
function windowsInForceOn(reference: ReferenceData, clinic: Clinic, now: Date): (clinicDay: string) => readonly SessionWindow[] {
  const today = clinicDayOf(now, clinic.timeZone);
  const seen = new Map<string, readonly SessionWindow[]>();
  return (clinicDay) => {
    const known = seen.get(clinicDay);
    if (known) return known;
    const endOfDay = clinicDay >= today ? now : new Date(startOfClinicDay(addClinicDays(clinicDay, 1), clinic.timeZone).getTime() - 1);
    const windows = reference.siteRulesAt(endOfDay)?.sessions.windows ?? [];
    seen.set(clinicDay, windows);
    return windows;
  };
}

export interface PersonInClinic {
  person: ServiceUser;
  prescription: Prescription;
  context: CheckInContext;
}

export type PersonLookup = { ok: true; found: PersonInClinic } | { ok: false; refusal: Refusal };

const kioskNotSetUp = refusal('notSetUp', 'This kiosk is not set up yet: a clinic lead must enrol the clinic and its site rules first.');

/** The prescription in force for this person on the clinic day the context's `now` falls on. */
export function prescriptionInForce(reference: Pick<ReferenceData, 'activePrescription'>, person: ServiceUser, context: CheckInContext): Prescription | null {
  return reference.activePrescription(person.serviceUserId, clinicDayOf(context.now, context.clinic.timeZone));
}

/** For a person already found: the clinic and its rules now, and their prescription in force today. */
export function personInClinic(records: ClinicRecords, person: ServiceUser, now: Date): PersonLookup {
  const context = clinicContextAt(records, now);
  if (!context) return { ok: false, refusal: kioskNotSetUp };
  const prescription = prescriptionInForce(records.reference, person, context);
  if (!prescription) {
    return {
      ok: false,
      refusal: refusal('noPrescription', `${person.preferredName} has no prescription in force today. Ask the prescriber to review it before dosing.`),
    };
  }
  return { ok: true, found: { person, prescription, context } };
}

/** Whether the person found may be checked in now. */
export function checkInDecisionFor(found: PersonInClinic): CheckInDecision {
  return checkInFor(found.context, found.person, found.prescription);
}

/**
 * Why this person may not be checked in now, or null: `brief` for the room board (no doses or
 * times a passer-by could read), `full` for the prescriber's records. The context is looked up
 * once by the caller, not once for every person on the list.
 */
export function pausedReason(
  reference: Pick<ReferenceData, 'activePrescription'>, context: CheckInContext | null, person: ServiceUser, detail: 'brief' | 'full',
): string | null {
  if (!context) return null;
  const prescription = prescriptionInForce(reference, person, context);
  if (!prescription) return 'No prescription in force today.';
  const decision = checkInFor(context, person, prescription);
  if (decision.ok) return null;
  return detail === 'brief' ? decision.briefly : reasonsOf(decision.problems);
}
