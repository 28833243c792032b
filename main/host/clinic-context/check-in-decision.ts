/**
 * Whether a service user may be checked in now, from what this kiosk's ledger knows: the
 * prescription in force, the session open, missed sessions since counting began, today's doses
 * and the last dose. Used to start a visit and to say on the room board why someone is paused.
 */
import { clinicDayOf, startOfClinicDay } from '../../../shared/clinic-time/clinic-day.js';
import type { SessionWindow, SiteRules } from '../../../shared/site-rules/site-rules.js';
import { checkInDecision, type CheckInDecision } from '../../../shared/visit/check-in-rules.js';
import { attendance, type Attendance } from '../../../shared/visit/missed-sessions.js';
import type { Clinic, Prescription, ServiceUser } from '../records/reference-data.js';
import type { VisitHistory } from '../records/visit-history.js';

/**
 * What every check-in decision is made against: the person's history, the clinic, its rules in
 * force now, the session windows that were in force on each past day, and now.
 */
export interface CheckInContext {
  history: VisitHistory;
  clinic: Clinic;
  rules: SiteRules;
  windowsOn: (clinicDay: string) => readonly SessionWindow[];
  now: Date;
}

/** Missed sessions count from the later of the prescription's first day, its issue and the last block cleared. */
export function attendanceOf(context: CheckInContext, person: ServiceUser, prescription: Prescription, notBefore?: Date): Attendance {
  const { history, clinic, now } = context;
  const starts = [startOfClinicDay(prescription.startsOn, clinic.timeZone).getTime(), Date.parse(prescription.issuedAt) || 0];
  if (notBefore) starts.push(notBefore.getTime());
  const cleared = history.lastBlockClearedAt(person.serviceUserId);
  if (cleared) starts.push(Date.parse(cleared));
  const countingFrom = new Date(Math.max(...starts));
  return attendance({
    countingFrom, now, windowsOn: context.windowsOn, timeZone: clinic.timeZone, sessionsPerDay: prescription.sessionsPerDay,
    visitStarts: history.visitStartsSince(person.serviceUserId, countingFrom.toISOString()),
  });
}

/**
 * Consecutive missed sessions only. A visit on an earlier clinic day ends a run of misses (its
 * session has closed, attended), so counting can start on the day of the last one instead of
 * walking a year of sessions for every person on the board; today's visits are counted as ever.
 * (The missed-sessions report, which lists every miss, still counts from the start.)
 */
export function consecutiveMissedOf(context: CheckInContext, person: ServiceUser, prescription: Prescription): number {
  const { clinic, now } = context;
  const today = startOfClinicDay(clinicDayOf(now, clinic.timeZone), clinic.timeZone);
  const lastVisit = context.history.lastVisitStartBefore(person.serviceUserId, today.toISOString());
  if (lastVisit === null) return attendanceOf(context, person, prescription).consecutiveMissed;
  const dayOfLastVisit = startOfClinicDay(clinicDayOf(new Date(lastVisit), clinic.timeZone), clinic.timeZone);
  return attendanceOf(context, person, prescription, dayOfLastVisit).consecutiveMissed;
}

/** Paused for missed sessions now (site rule): what a prescriber's clearing of the block is for. */
export function blockedForMissedSessions(context: CheckInContext, person: ServiceUser, prescription: Prescription): boolean {
  return consecutiveMissedOf(context, person, prescription) >= context.rules.dosing.missedSessionsBeforeBlock;
}

export function checkInFor(context: CheckInContext, person: ServiceUser, prescription: Prescription): CheckInDecision {
  const { history, clinic, rules, now } = context;
  return checkInDecision({
    preferredName: person.preferredName,
    now,
    rules,
    timeZone: clinic.timeZone,
    sessionsPerDay: prescription.sessionsPerDay,
    lastDoseAt: history.lastDoseAt(person.serviceUserId),
    dosesThatDay: history.dosesOn(person.serviceUserId, clinicDayOf(now, clinic.timeZone)),
    consecutiveMissed: consecutiveMissedOf(context, person, prescription),
    withheldThatDay: history.withheldOn(person.serviceUserId, clinicDayOf(now, clinic.timeZone)),
  });
}

/**
 * Breath alcohol for flagged service users: at every visit, or until there is a reading on this
 * clinic day (site rule), so a first visit that ended before its test does not excuse the next.
 */
export function breathTestRequired(context: CheckInContext, person: ServiceUser): boolean {
  if (!person.alcoholMonitoring) return false;
  if (context.rules.breathAlcohol.testFlaggedServiceUsers === 'everyVisit') return true;
  const today = startOfClinicDay(clinicDayOf(context.now, context.clinic.timeZone), context.clinic.timeZone);
  // Only a clear reading excuses the day's later tests: one over the review level never does.
  return !context.history.clearBreathReadingSince(person.serviceUserId, today.toISOString(), context.rules.breathAlcohol.reviewAtOrAbove);
}
