/**
 * Missed sessions, counted the way docs/clinical-protocol.md defines them: a session whose window
 * closed with no visit recorded for the person (a visit that ended with a withheld dose is a
 * visit, not a miss). Consecutive misses are what block dosing until the prescriber re-titrates.
 *
 * Each day is judged by the windows in force on it (`windowsOn`), never by today's: changing the
 * windows re-judges no past day, so narrowing them blocks nobody who came and widening them lifts
 * no block.
 *
 * Only windows that have closed count, so a late arrival inside an open window is never
 * punished, and only windows that opened after counting began (the prescription started, or a
 * prescriber cleared a block) count, so nobody is blocked for sessions before their treatment.
 */
import { addClinicDays, clinicDayOf, sessionsOn, type SessionOnDay } from '../clinic-time/clinic-day.js';
import type { SessionWindow } from '../site-rules/site-rules.js';

export interface AttendanceFacts {
  /** When counting begins: the later of the prescription's start and the last block cleared. */
  countingFrom: Date;
  now: Date;
  /** The session windows that were in force on a clinic day. */
  windowsOn: (clinicDay: string) => readonly SessionWindow[];
  timeZone: string;
  sessionsPerDay: number;
  /** When each of the person's visits started, any outcome. */
  visitStarts: readonly Date[];
}

export interface MissedSession { clinicDay: string; session: string }

export interface Attendance {
  consecutiveMissed: number;
  missed: MissedSession[];
}

// A guard against a far-past start date making a request walk years of days.
const longestLookBackDays = 400;

/** Whether any start (milliseconds, ascending) falls inside the session: a binary search, not a scan. */
function attendedIn(session: SessionOnDay, sortedStarts: readonly number[]): boolean {
  const opens = session.opensAt.getTime();
  let low = 0;
  let high = sortedStarts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sortedStarts[middle] as number) < opens) low = middle + 1;
    else high = middle;
  }
  return low < sortedStarts.length && (sortedStarts[low] as number) < session.closesAt.getTime();
}

// The look-back keeps the most recent days, ending today: walking forward from a far-past start
// and stopping after the limit would count the oldest days and never reach this week.
function countedDays(facts: AttendanceFacts): string[] {
  const today = clinicDayOf(facts.now, facts.timeZone);
  const earliest = addClinicDays(today, -(longestLookBackDays - 1));
  const start = clinicDayOf(facts.countingFrom, facts.timeZone);
  const days: string[] = [];
  for (let day = start < earliest ? earliest : start; day <= today; day = addClinicDays(day, 1)) days.push(day);
  return days;
}

export function attendance(facts: AttendanceFacts): Attendance {
  const missed: MissedSession[] = [];
  let consecutiveMissed = 0;
  const miss = (clinicDay: string, session: string) => {
    missed.push({ clinicDay, session });
    consecutiveMissed += 1;
  };
  // A year of visits against a year of sessions, for every person on the board: search, don't scan.
  const sortedStarts = facts.visitStarts.map((start) => start.getTime()).sort((a, b) => a - b);
  for (const day of countedDays(facts)) {
    const windows = facts.windowsOn(day);
    // When the prescription has fewer sessions than the site has windows, any of the day's
    // windows will do, so a day's shortfall is known only once its last window has closed.
    const everyWindowExpected = facts.sessionsPerDay >= windows.length;
    const closed = sessionsOn(day, windows, facts.timeZone)
      .filter((session) => session.opensAt >= facts.countingFrom && session.closesAt <= facts.now);
    let attendedToday = 0;
    for (const session of closed) {
      if (attendedIn(session, sortedStarts)) {
        attendedToday += 1;
        consecutiveMissed = 0;
      } else if (everyWindowExpected) {
        miss(day, session.name);
      }
    }
    const wholeDayClosed = closed.length === windows.length;
    if (!everyWindowExpected && wholeDayClosed) {
      for (let shortfall = facts.sessionsPerDay - attendedToday; shortfall > 0; shortfall -= 1) miss(day, 'any session');
    }
  }
  return { consecutiveMissed, missed };
}
