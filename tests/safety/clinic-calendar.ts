/**
 * Wall-clock arithmetic for the safety check, done here with Luxon rather than through
 * shared/clinic-time: the check must not share the code it is checking. A clinic day runs
 * midnight to midnight in the clinic's zone, and 08:00 is 08:00 on both sides of a clock change.
 */
import { DateTime } from 'luxon';

export function clinicDayOf(instant: string | number, zone: string): string {
  return DateTime.fromMillis(typeof instant === 'number' ? instant : Date.parse(instant), { zone }).toFormat('yyyy-MM-dd');
}

/** The instant (ms) a wall-clock time (HH:mm) has on a clinic day in the zone. */
export function instantOn(clinicDay: string, localTime: string, zone: string): number {
  const instant = DateTime.fromISO(`${clinicDay}T${localTime}`, { zone });
  if (!instant.isValid) throw new Error(`${clinicDay} ${localTime} is not a time in ${zone}`);
  return instant.toMillis();
}

/** "Sun 25 Oct 01:30 GMT": how the reports of a failed run say when something happened. */
export function wallClock(instant: string | number, zone: string): string {
  return DateTime.fromMillis(typeof instant === 'number' ? instant : Date.parse(instant), { zone }).toFormat('ccc d LLL HH:mm ZZZZ');
}

export function minutesBetween(from: string | number, to: string | number): number {
  const ms = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value));
  return (ms(to) - ms(from)) / 60_000;
}
