/**
 * Clinic time: the clinic day (midnight to midnight in the clinic's own time zone) and the
 * session windows inside it, so a dose at 00:30 BST belongs to the day the nurse sees on the
 * wall clock, not to UTC's, and 08:00 means 08:00 on both sides of a clock change. Luxon does
 * the zone arithmetic: a 23-hour or 25-hour day is its problem, not ours.
 */
import { DateTime } from 'luxon';
import type { SessionWindow } from '../site-rules/site-rules.js';

const clinicDayFormat = 'yyyy-MM-dd';

/**
 * The zone a kiosk reads time in before its clinic is enrolled (the service it was built for),
 * so the screen still shows a clock; every clinic names its own zone when it is enrolled.
 */
export const zoneBeforeClinicSetUp = 'Europe/London';

export function clinicDayOf(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat(clinicDayFormat);
}

export function clockTimeIn(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('HH:mm');
}

// Missed-session counting asks for every session of every day since a prescription began, for
// every person on the room board at every refresh; Luxon's zone arithmetic was 80% of a room view
// (bench figure 3's profile). A wall-clock time on a day in a zone is always the same instant.
const instantsSeen = new Map<string, number>();
const instantsKept = 20_000;

/** The instant a wall-clock time (HH:mm) falls on a clinic day in the clinic's zone. */
export function instantOn(clinicDay: string, localTime: string, timeZone: string): Date {
  const key = `${clinicDay}T${localTime} ${timeZone}`;
  const seen = instantsSeen.get(key);
  if (seen !== undefined) return new Date(seen);
  const instant = DateTime.fromISO(`${clinicDay}T${localTime}`, { zone: timeZone });
  if (!instant.isValid) throw new Error(`${clinicDay} ${localTime} is not a time in ${timeZone}.`);
  if (instantsSeen.size >= instantsKept) instantsSeen.clear();
  instantsSeen.set(key, instant.toMillis());
  return instant.toJSDate();
}

export function startOfClinicDay(clinicDay: string, timeZone: string): Date {
  return instantOn(clinicDay, '00:00', timeZone);
}

const daysAdded = new Map<string, string>();

export function addClinicDays(clinicDay: string, days: number): string {
  // Walked once per day of a person's look-back on every room view: remembered like instants.
  const key = `${clinicDay}${days >= 0 ? '+' : ''}${days}`;
  const seen = daysAdded.get(key);
  if (seen !== undefined) return seen;
  const added = DateTime.fromISO(clinicDay, { zone: 'UTC' }).plus({ days }).toFormat(clinicDayFormat);
  if (daysAdded.size >= instantsKept) daysAdded.clear();
  daysAdded.set(key, added);
  return added;
}

export function isKnownTimeZone(timeZone: string): boolean {
  return DateTime.local().setZone(timeZone).isValid;
}

/** A session window on one clinic day: `id`, `name` and the local times as recorded, and the instants they fall on. */
export interface SessionOnDay {
  clinicDay: string;
  id: string;
  name: string;
  window: Pick<SessionWindow, 'opensAt' | 'closesAt'>;
  opensAt: Date;
  closesAt: Date;
}

export function sessionOn(clinicDay: string, window: Pick<SessionWindow, 'id' | 'name' | 'opensAt' | 'closesAt'>, timeZone: string): SessionOnDay {
  return {
    clinicDay,
    id: window.id,
    name: window.name,
    window: { opensAt: window.opensAt, closesAt: window.closesAt },
    opensAt: instantOn(clinicDay, window.opensAt, timeZone),
    closesAt: instantOn(clinicDay, window.closesAt, timeZone),
  };
}

export function sessionsOn(clinicDay: string, windows: readonly SessionWindow[], timeZone: string): SessionOnDay[] {
  return windows.map((window) => sessionOn(clinicDay, window, timeZone));
}

/** The session window open at this instant, or null between and outside them. */
export function sessionAt(instant: Date, windows: readonly SessionWindow[], timeZone: string): SessionOnDay | null {
  const day = clinicDayOf(instant, timeZone);
  const time = instant.getTime();
  return sessionsOn(day, windows, timeZone)
    .find((session) => session.opensAt.getTime() <= time && time < session.closesAt.getTime()) ?? null;
}

/** The next session to open after this instant (today's or a later day's). */
export function nextSessionAfter(instant: Date, windows: readonly SessionWindow[], timeZone: string): SessionOnDay {
  const day = clinicDayOf(instant, timeZone);
  for (const candidateDay of [day, addClinicDays(day, 1)]) {
    const next = sessionsOn(candidateDay, windows, timeZone).find((session) => session.opensAt.getTime() > instant.getTime());
    if (next) return next;
  }
  throw new Error('Session windows must open at least once a day.');
}
