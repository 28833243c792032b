import { describe, expect, it } from 'vitest';
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { checkInProblems } from '../../shared/visit/check-in-rules.js';

const facts = (lastDoseAt: string | null, now: string) =>
  ({ preferredName: 'Jay', lastDoseAt, now, rules: defaultSiteRules, timeZone: 'Europe/London' });

describe('the minimum interval between doses', () => {
  it('refuses a check-in less than three hours after the last dose, saying when the next may be given, in clinic time', () => {
    expect(checkInProblems(facts('2026-07-01T08:10:00Z', '2026-07-01T11:09:00Z')))
      .toEqual(['Jay was last given a dose at 09:10. Doses must be at least 3 hours apart, so the next can be given from 12:10.']);
  });

  it('allows a check-in from the moment the interval has passed, and for a first dose', () => {
    expect(checkInProblems(facts('2026-07-01T08:10:00Z', '2026-07-01T11:10:00Z'))).toEqual([]);
    expect(checkInProblems(facts(null, '2026-07-01T11:10:00Z'))).toEqual([]);
  });

  it('counts real elapsed time across the clock change, not wall-clock hours', () => {
    // 00:30 GMT, then clocks go forward at 01:00 GMT: 03:30 BST is only two hours later.
    expect(checkInProblems(facts('2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z'))).toHaveLength(1);
    expect(checkInProblems(facts('2026-03-29T00:30:00Z', '2026-03-29T03:30:00Z'))).toEqual([]);
  });
});

describe('the clinic day', () => {
  it('runs midnight to midnight in the clinic time zone across both UK clock changes', () => {
    expect(clinicDayOf(new Date('2026-03-28T23:30:00Z'), 'Europe/London')).toBe('2026-03-28');
    expect(clinicDayOf(new Date('2026-03-29T23:30:00Z'), 'Europe/London')).toBe('2026-03-30');
    expect(clinicDayOf(new Date('2026-10-24T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
    expect(clinicDayOf(new Date('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
  });
});
