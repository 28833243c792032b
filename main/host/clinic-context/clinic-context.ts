/**
 * "This person's clinic, rules, prescription and check-in decision", looked up once, the same way
 * for a check-in, the room board, the prescriber's records and clearing a block. Also the one
 * place that says which time zone the clinic's days and windows are read in.
 */
import { clinicDayOf, zoneBeforeClinicSetUp } from '../../../shared/clinic-time/clinic-day.js';
import { reasonsOf, refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import type { CheckInDecision } from '../../../shared/visit/check-in-rules.js';
import type { Prescription, ReferenceData, ServiceUser } from '../records/reference-data.js';
import type { VisitHistory } from '../records/visit-history.js';
import { checkInFor, type CheckInContext } from './check-in-decision.js';

/** The zone the clinic's days and session windows are read in. */
export function clinicTimeZone(reference: Pick<ReferenceData, 'clinic'>): string {
  return reference.clinic()?.timeZone ?? zoneBeforeClinicSetUp;
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
  const rules = records.reference.siteRules();
  return clinic && rules ? { history: records.history, clinic, rules, now } : null;
}

export interface PersonInClinic {
  person: ServiceUser;
  prescription: Prescription;
  context: CheckInContext;
}

export type PersonLookup = { ok: true; found: PersonInClinic } | { ok: false; refusal: Refusal };

/** The person, the clinic and its rules, and the prescription in force on today's clinic day. */
export function personInClinic(records: ClinicRecords, serviceUserId: string, now: Date): PersonLookup {
  const person = records.reference.serviceUser(serviceUserId);
  if (!person) return { ok: false, refusal: refusal('notEnrolled', 'This person is not enrolled at this clinic.') };
  const context = clinicContextAt(records, now);
  if (!context) {
    return { ok: false, refusal: refusal('notSetUp', 'This kiosk is not set up yet: a clinic lead must enrol the clinic and its site rules first.') };
  }
  const prescription = records.reference.activePrescription(person.serviceUserId, clinicDayOf(now, context.clinic.timeZone));
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
 * times a passer-by could read), `full` for the prescriber's records.
 */
export function pausedReason(records: ClinicRecords, person: ServiceUser, now: Date, detail: 'brief' | 'full'): string | null {
  const context = clinicContextAt(records, now);
  if (!context) return null;
  const prescription = records.reference.activePrescription(person.serviceUserId, clinicDayOf(now, context.clinic.timeZone));
  if (!prescription) return 'No prescription in force today.';
  const decision = checkInFor(context, person, prescription);
  if (decision.ok) return null;
  return detail === 'brief' ? decision.briefly : reasonsOf(decision.problems);
}
