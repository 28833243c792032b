/**
 * Times as the clinic reads them on screen: instants arrive as ISO text in a view and are written
 * in the clinic's own zone, whatever zone this screen's OS is set to, because the kiosk may run on
 * a thin client configured elsewhere. Intl only, no Luxon, so the renderer's bundle stays small;
 * the clinic day's arithmetic for the rules is clinic-day.ts. Nothing here throws: text a screen
 * cannot read is shown as sent rather than blanking the screen.
 */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  return format;
}

/** "14:05" in the clinic's zone; the instant as sent if it cannot be read. */
export function clockTime(instant: string, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  try {
    return clockFormat(timeZone).format(date);
  } catch {
    // An unknown zone name must not blank the screen; UTC, labelled, is still readable.
    return `${clockFormat('UTC').format(date)} UTC`;
  }
}

/** "under 1 min", "12 min", "1 h 05 min". */
export function timeSince(fromInstant: string, nowInstant: string): string {
  const minutes = Math.floor((Date.parse(nowInstant) - Date.parse(fromInstant)) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const dateOfBirthFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar date has no zone: read it in UTC so it never shifts by a day. */
export function calendarDate(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? text : dateOfBirthFormat.format(date);
}

/** The clinic day an instant falls on, as YYYY-MM-DD in the clinic's zone (en-CA writes dates that way). */
export function clinicDate(instant: string, timeZone: string): string {
  const date = new Date(instant);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** "23 Nov, 14:05" in the clinic's zone, for register and report lines. */
export function dateAndTime(instant: string, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  } catch {
    return instant;
  }
}
