/**
 * Clinic time in Europe/London across both UK clock changes of 2026: Sunday 29 March (forward at
 * 01:00 GMT) and Sunday 25 October (back at 02:00 BST).
 */
import { describe, expect, it } from 'vitest';
import {
  addClinicDays, clinicDayOf, instantOn, nextSessionAfter, sessionAt, sessionsOn, startOfClinicDay,
} from '../../shared/clinic-time/clinic-day.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';

const london = 'Europe/London';
const windows = defaultSiteRules.sessions.windows;
const hour = 3_600_000;

/** The default windows of a clinic day, as UTC instants. */
function windowsInUtc(clinicDay: string) {
  return sessionsOn(clinicDay, windows, london).map((session) => ({
    name: session.name, opensAt: session.opensAt.toISOString(), closesAt: session.closesAt.toISOString(),
  }));
}

function hoursInClinicDay(clinicDay: string): number {
  return (startOfClinicDay(addClinicDays(clinicDay, 1), london).getTime() - startOfClinicDay(clinicDay, london).getTime()) / hour;
}

describe('the clinic day', () => {
  it('runs midnight to midnight in the clinic time zone across both UK clock changes', () => {
    expect(clinicDayOf(new Date('2026-03-28T23:30:00Z'), london)).toBe('2026-03-28');
    expect(clinicDayOf(new Date('2026-03-29T23:30:00Z'), london)).toBe('2026-03-30');
    expect(clinicDayOf(new Date('2026-10-24T23:30:00Z'), london)).toBe('2026-10-25');
    expect(clinicDayOf(new Date('2026-10-25T23:30:00Z'), london)).toBe('2026-10-25');
  });

  it('is 23 hours long on 29 March, 25 hours on 25 October, and 24 on the days either side', () => {
    expect(hoursInClinicDay('2026-03-28')).toBe(24);
    expect(hoursInClinicDay('2026-03-29')).toBe(23);
    expect(hoursInClinicDay('2026-03-30')).toBe(24);
    expect(hoursInClinicDay('2026-10-24')).toBe(24);
    expect(hoursInClinicDay('2026-10-25')).toBe(25);
    expect(hoursInClinicDay('2026-10-26')).toBe(24);
  });

  it('steps from day to day by the calendar across the changes', () => {
    expect(addClinicDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addClinicDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addClinicDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addClinicDays('2026-10-26', -2)).toBe('2026-10-24');
  });

  it('puts both 01:30s of the autumn change in 25 October', () => {
    expect(clinicDayOf(new Date('2026-10-25T00:30:00Z'), london)).toBe('2026-10-25'); // 01:30 BST
    expect(clinicDayOf(new Date('2026-10-25T01:30:00Z'), london)).toBe('2026-10-25'); // 01:30 GMT
  });
});

describe('session windows on the clock-change days', () => {
  it('opens at 08:00 local: 08:00Z in winter, 07:00Z in summer', () => {
    expect(instantOn('2026-01-14', '08:00', london).toISOString()).toBe('2026-01-14T08:00:00.000Z');
    expect(instantOn('2026-07-01', '08:00', london).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('runs the 29 March windows on BST, and the day before on GMT', () => {
    expect(windowsInUtc('2026-03-28')).toEqual([
      { name: 'Morning', opensAt: '2026-03-28T08:00:00.000Z', closesAt: '2026-03-28T12:30:00.000Z' },
      { name: 'Afternoon', opensAt: '2026-03-28T12:30:00.000Z', closesAt: '2026-03-28T18:00:00.000Z' },
    ]);
    expect(windowsInUtc('2026-03-29')).toEqual([
      { name: 'Morning', opensAt: '2026-03-29T07:00:00.000Z', closesAt: '2026-03-29T11:30:00.000Z' },
      { name: 'Afternoon', opensAt: '2026-03-29T11:30:00.000Z', closesAt: '2026-03-29T17:00:00.000Z' },
    ]);
  });

  it('runs the 25 October windows on GMT, and the day before on BST', () => {
    expect(windowsInUtc('2026-10-24')).toEqual([
      { name: 'Morning', opensAt: '2026-10-24T07:00:00.000Z', closesAt: '2026-10-24T11:30:00.000Z' },
      { name: 'Afternoon', opensAt: '2026-10-24T11:30:00.000Z', closesAt: '2026-10-24T17:00:00.000Z' },
    ]);
    expect(windowsInUtc('2026-10-25')).toEqual([
      { name: 'Morning', opensAt: '2026-10-25T08:00:00.000Z', closesAt: '2026-10-25T12:30:00.000Z' },
      { name: 'Afternoon', opensAt: '2026-10-25T12:30:00.000Z', closesAt: '2026-10-25T18:00:00.000Z' },
    ]);
  });

  it('finds the open window at the change-day boundaries: 08:00 inclusive, 12:30 in the afternoon, 18:00 closed', () => {
    expect(sessionAt(new Date('2026-03-29T06:59:59Z'), windows, london)).toBeNull();
    expect(sessionAt(new Date('2026-03-29T07:00:00Z'), windows, london)?.name).toBe('Morning');
    expect(sessionAt(new Date('2026-03-29T11:30:00Z'), windows, london)?.name).toBe('Afternoon');
    expect(sessionAt(new Date('2026-03-29T17:00:00Z'), windows, london)).toBeNull();
    expect(sessionAt(new Date('2026-10-25T07:59:59Z'), windows, london)).toBeNull();
    expect(sessionAt(new Date('2026-10-25T08:00:00Z'), windows, london)?.name).toBe('Morning');
    expect(sessionAt(new Date('2026-10-25T12:30:00Z'), windows, london)?.name).toBe('Afternoon');
    expect(sessionAt(new Date('2026-10-25T18:00:00Z'), windows, london)).toBeNull();
  });

  it('names the next session after closing as the next clinic day\'s morning, on the new offset', () => {
    const afterSaturday = nextSessionAfter(new Date('2026-03-28T18:00:00Z'), windows, london);
    expect({ clinicDay: afterSaturday.clinicDay, name: afterSaturday.name, opensAt: afterSaturday.opensAt.toISOString() })
      .toEqual({ clinicDay: '2026-03-29', name: 'Morning', opensAt: '2026-03-29T07:00:00.000Z' });
    const afterSaturdayInOctober = nextSessionAfter(new Date('2026-10-24T17:00:00Z'), windows, london);
    expect({ clinicDay: afterSaturdayInOctober.clinicDay, opensAt: afterSaturdayInOctober.opensAt.toISOString() })
      .toEqual({ clinicDay: '2026-10-25', opensAt: '2026-10-25T08:00:00.000Z' });
  });

  it('names the same day\'s morning before opening, and the afternoon at the end of the morning', () => {
    expect(nextSessionAfter(new Date('2026-10-25T05:00:00Z'), windows, london).opensAt.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(nextSessionAfter(new Date('2026-10-25T12:29:00Z'), windows, london).name).toBe('Afternoon');
  });
});
