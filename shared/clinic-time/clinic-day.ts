/**
 * The clinic day: midnight to midnight in the clinic's own time zone (clinical-protocol.md), so a
 * dose at 00:30 BST belongs to the day the nurse sees on the wall clock, not to UTC's.
 */
export function clinicDayOf(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function clockTimeIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(instant);
}
