/**
 * "This person's clinic, rules, prescription and check-in decision", looked up once, the same way
 * for a check-in, the room board, the prescriber's records and clearing a block. Also the one
 * place that says which time zone the clinic's days and windows are read in.
 */
import { addClinicDays, clinicDayOf, instantOn, startOfClinicDay, zoneBeforeClinicSetUp } from '../../../shared/clinic-time/clinic-day.js';
import type { SessionWindow } from '../../../shared/site-rules/site-rules.js';
import { reasonsOf, refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import type { CheckInDecision } from '../../../shared/visit/check-in-rules.js';
import { rulesVersionInForceAt } from '../../../shared/site-rules/rules-in-force.js';
import type { Clinic, Prescription, ReferenceData, ServiceUser, SiteRulesVersion } from '../records/reference-data.js';
import type { VisitHistory } from '../records/visit-history.js';
import { blockedForMissedSessions, checkInFor, type CheckInContext } from './check-in-decision.js';

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
 * The session windows a clinic day is judged by: each window as it stood in the rules in force
 * when it closed (or now, for one still to close). A day is never judged by windows adopted after
 * its sessions closed, so changing the windows re-judges no session already over, today's included.
 */
function windowsInForceOn(reference: ReferenceData, clinic: Clinic, now: Date): (clinicDay: string) => readonly SessionWindow[] {
  const seen = new Map<string, readonly SessionWindow[]>();
  // Read once for the whole walk: a year of days asks for them thousands of times.
  const versions = reference.siteRulesVersions();
  return (clinicDay) => {
    const known = seen.get(clinicDay);
    if (known) return known;
    const windows = windowsAsTheyClosed(versions, clinic.timeZone, clinicDay, now);
    seen.set(clinicDay, windows);
    return windows;
  };
}

function windowsAsTheyClosed(versions: readonly SiteRulesVersion[], timeZone: string, clinicDay: string, now: Date): SessionWindow[] {
  const rulesAt = (at: Date) => rulesVersionInForceAt(versions, at.getTime() > now.getTime() ? now : at)?.rules;
  const dayStarts = startOfClinicDay(clinicDay, timeZone).getTime();
  const dayEnds = startOfClinicDay(addClinicDays(clinicDay, 1), timeZone).getTime();
  // Every version in force at some moment of the day: at its start, and wherever a version was adopted or approved in it.
  const moments = [dayStarts, ...versions.flatMap((version) => [version.adoptedAt, version.approvedAt])
    .flatMap((at) => (at === null || at === '' ? [] : [Date.parse(at)]))
    .filter((at) => at > dayStarts && at < dayEnds)];
  const candidates = moments.flatMap((moment) => rulesAt(new Date(moment))?.sessions.windows ?? []);
  const kept = new Map<string, SessionWindow>();
  for (const window of candidates) {
    const stood = rulesAt(instantOn(clinicDay, window.closesAt, timeZone))?.sessions.windows
      .some((then) => then.id === window.id && then.opensAt === window.opensAt && then.closesAt === window.closesAt);
    if (stood) kept.set(`${window.id} ${window.opensAt} ${window.closesAt}`, window);
  }
  return [...kept.values()].sort((a, b) => a.opensAt.localeCompare(b.opensAt));
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

/** Whether this person is paused for missed sessions now: the only time a prescriber's clearing applies. */
export function retitrationBlocked(
  reference: Pick<ReferenceData, 'activePrescription'>, context: CheckInContext | null, person: ServiceUser,
): boolean {
  const prescription = context && prescriptionInForce(reference, person, context);
  return context !== null && prescription !== null && blockedForMissedSessions(context, person, prescription);
}
