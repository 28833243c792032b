/**
 * A clinic day chosen by stepping, never typed: a browser's date field writes mm/dd/yyyy in a US
 * locale and is a tiny target for a gloved finger. The day reads as the clinic writes it
 * ("3 December 2026"); null is every day.
 */
import { useId } from 'react';
import { calendarDate } from '../../shared/clinic-time/clinic-time-text.js';

/** A calendar date (YYYY-MM-DD) moved by whole days: a date has no zone, so UTC never shifts it. */
function daysAfter(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function DayStepper({ label, day, today, onChange, everyDayWords }: {
  label: string;
  day: string | null;
  /** Today's clinic day, in the clinic's zone (the screen's own zone may differ). */
  today: string;
  onChange: (day: string | null) => void;
  everyDayWords: string;
}) {
  const labelId = useId();
  const from = day ?? today;
  return (
    <div className="field day-stepper" role="group" aria-labelledby={labelId}>
      <p className="field-label" id={labelId}>{label}</p>
      <p className="day-stepper-day" role="status">{day === null ? everyDayWords : calendarDate(day)}</p>
      <div className="day-stepper-buttons">
        <button type="button" onClick={() => onChange(daysAfter(from, -1))}>Previous day</button>
        <button type="button" onClick={() => onChange(today)} aria-pressed={day === today}>Today</button>
        <button type="button" disabled={from >= today} onClick={() => onChange(daysAfter(from, 1))}>Next day</button>
        <button type="button" onClick={() => onChange(null)} aria-pressed={day === null}>{everyDayWords}</button>
      </div>
    </div>
  );
}
