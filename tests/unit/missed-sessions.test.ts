/**
 * Missed sessions (docs/clinical-protocol.md): a window that closed with no visit for the person.
 * Three in a row pause treatment until the prescriber re-titrates (Middlesbrough); a late arrival
 * inside an open window is never counted; a visit that ended with the dose withheld is a visit.
 */
import { describe, expect, it } from 'vitest';
import type { RefusalCode } from '../../shared/refusals/refusal.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { checkInDecision } from '../../shared/visit/check-in-rules.js';
import { attendance, type AttendanceFacts } from '../../shared/visit/missed-sessions.js';
import { startVisit, stateOf } from '../../shared/visit/visit-steps.js';
import { identityConfirmed, preDoseCheck, run, t0, visitStartedFor } from '../support/visit-fixtures.js';

const london = 'Europe/London';

/** Saturday 21 November 2026, 00:00 GMT: the prescription starts. */
const prescriptionStart = '2026-11-21T00:00:00Z';

function attendanceAt(now: string, visitStarts: readonly string[], change: Partial<AttendanceFacts> = {}) {
  return attendance({
    countingFrom: new Date(prescriptionStart), now: new Date(now), windowsOn: () => defaultSiteRules.sessions.windows, timeZone: london,
    sessionsPerDay: 2, visitStarts: visitStarts.map((start) => new Date(start)), ...change,
  });
}

/** The codes of check-in's refusals for Jay at `now`, with the misses counted at that moment. */
function checkInRefusedAt(now: string, consecutiveMissed: number): RefusalCode[] {
  const decision = checkInDecision({
    preferredName: 'Jay', now: new Date(now), rules: defaultSiteRules, timeZone: london, sessionsPerDay: 2,
    lastDoseAt: null, dosesThatDay: [], consecutiveMissed, withheldThatDay: [],
  });
  return decision.ok ? [] : decision.problems.map((problem) => problem.code);
}

// Both of Saturday's sessions attended (GMT: the windows are 08:00-12:30 and 12:30-18:00 UTC).
const attendedSaturday = ['2026-11-21T09:00:00Z', '2026-11-21T13:00:00Z'];

describe('counting missed sessions', () => {
  it('pauses treatment after three consecutive missed windows: Sunday both, Monday morning', () => {
    const counted = attendanceAt('2026-11-23T12:30:00Z', attendedSaturday);
    expect(counted).toEqual({
      consecutiveMissed: 3,
      missed: [
        { clinicDay: '2026-11-22', session: 'Morning' },
        { clinicDay: '2026-11-22', session: 'Afternoon' },
        { clinicDay: '2026-11-23', session: 'Morning' },
      ],
    });
    expect(checkInRefusedAt('2026-11-23T12:30:00Z', counted.consecutiveMissed)).toEqual(['missedSessionsBlock']);
  });

  it('never counts a window that is still open: a late arrival at 12:29 is on time', () => {
    const beforeClose = attendanceAt('2026-11-23T12:29:00Z', attendedSaturday);
    expect(beforeClose.consecutiveMissed).toBe(2);
    expect(checkInRefusedAt('2026-11-23T12:29:00Z', beforeClose.consecutiveMissed)).toEqual([]);
    const lateArrival = attendanceAt('2026-11-23T13:00:00Z', [...attendedSaturday, '2026-11-23T12:29:00Z']);
    expect(lateArrival).toMatchObject({ consecutiveMissed: 0 });
  });

  it('counts a visit starting at 12:30 in the afternoon, not the morning', () => {
    const counted = attendanceAt('2026-11-23T18:00:00Z', [...attendedSaturday, '2026-11-23T12:30:00Z']);
    expect(counted.missed.filter((miss) => miss.clinicDay === '2026-11-23')).toEqual([{ clinicDay: '2026-11-23', session: 'Morning' }]);
    expect(counted.consecutiveMissed).toBe(0);
  });

  it('does not count a visit that ended with the dose withheld as a miss', () => {
    const withheld = run(startVisit(visitStartedFor()), [
      identityConfirmed(1), preDoseCheck(2, { sedation: '3', decision: 'withhold', reason: 'Drifting off mid-sentence' }),
    ]);
    expect(stateOf(withheld)).toBe('doseWithheld');
    expect(withheld.context.startedAt).toBe(new Date(t0).toISOString()); // Monday 09:00 GMT, the morning window
    const counted = attendanceAt('2026-11-23T12:30:00Z', [...attendedSaturday, withheld.context.startedAt]);
    expect(counted.consecutiveMissed).toBe(0);
    expect(counted.missed).not.toContainEqual({ clinicDay: '2026-11-23', session: 'Morning' });
  });

  it('does not count a visit before the window opens as attendance of it', () => {
    const counted = attendanceAt('2026-11-21T12:30:00Z', ['2026-11-21T07:59:00Z']);
    expect(counted.missed).toEqual([{ clinicDay: '2026-11-21', session: 'Morning' }]);
  });

  it('counts only windows that opened after the prescription started', () => {
    const startedMidMorning = { countingFrom: new Date('2026-11-23T10:00:00Z') };
    expect(attendanceAt('2026-11-23T12:30:00Z', [], startedMidMorning)).toEqual({ consecutiveMissed: 0, missed: [] });
    expect(attendanceAt('2026-11-23T18:00:00Z', [], startedMidMorning)).toEqual({
      consecutiveMissed: 1, missed: [{ clinicDay: '2026-11-23', session: 'Afternoon' }],
    });
  });

  it('starts counting again from a cleared block', () => {
    expect(attendanceAt('2026-11-23T12:45:00Z', attendedSaturday).consecutiveMissed).toBe(3);
    const clearedAt = { countingFrom: new Date('2026-11-23T12:45:00Z') };
    // The afternoon window opened before the block was cleared: not held against the person.
    expect(attendanceAt('2026-11-23T18:00:00Z', attendedSaturday, clearedAt)).toEqual({ consecutiveMissed: 0, missed: [] });
    expect(attendanceAt('2026-11-24T12:30:00Z', attendedSaturday, clearedAt)).toEqual({
      consecutiveMissed: 1, missed: [{ clinicDay: '2026-11-24', session: 'Morning' }],
    });
  });

  it('takes the number of misses before a block from the site rules', () => {
    const counted = attendanceAt('2026-11-23T12:30:00Z', attendedSaturday);
    const decision = checkInDecision({
      preferredName: 'Jay', now: new Date('2026-11-23T12:30:00Z'), timeZone: london, sessionsPerDay: 2, lastDoseAt: null, dosesThatDay: [], withheldThatDay: [],
      rules: { ...defaultSiteRules, dosing: { ...defaultSiteRules.dosing, missedSessionsBeforeBlock: 4 } },
      consecutiveMissed: counted.consecutiveMissed,
    });
    expect(decision.ok).toBe(true);
  });
});

describe('a prescription with fewer sessions a day than the site has windows', () => {
  const oncePerDay = { sessionsPerDay: 1 };

  it('accepts either window, and counts a shortfall only once the day\'s last window has closed', () => {
    expect(attendanceAt('2026-11-23T18:00:00Z', ['2026-11-21T13:00:00Z', '2026-11-22T09:00:00Z', '2026-11-23T17:00:00Z'], oncePerDay))
      .toEqual({ consecutiveMissed: 0, missed: [] });
    expect(attendanceAt('2026-11-23T15:00:00Z', [], oncePerDay)).toEqual({
      consecutiveMissed: 2,
      missed: [{ clinicDay: '2026-11-21', session: 'any session' }, { clinicDay: '2026-11-22', session: 'any session' }],
    });
  });

  it('pauses treatment after three whole days with no visit', () => {
    const counted = attendanceAt('2026-11-23T18:00:00Z', [], oncePerDay);
    expect(counted.consecutiveMissed).toBe(3);
    expect(counted.missed.map((miss) => miss.clinicDay)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
  });

  it('counts the missing doses of a twice-a-day prescription on a three-window site', () => {
    const threeWindows = [
      { id: 'early', name: 'Early', opensAt: '08:00', closesAt: '11:00' },
      { id: 'midday', name: 'Midday', opensAt: '11:00', closesAt: '14:00' },
      { id: 'late', name: 'Late', opensAt: '14:00', closesAt: '18:00' },
    ];
    const counted = attendanceAt('2026-11-21T18:00:00Z', ['2026-11-21T12:00:00Z'], { windowsOn: () => threeWindows, sessionsPerDay: 2 });
    expect(counted).toEqual({ consecutiveMissed: 1, missed: [{ clinicDay: '2026-11-21', session: 'any session' }] });
  });
});

describe('missed sessions across midnight and the clock changes', () => {
  it('counts a clinic day\'s windows once the day is over, at 00:30 BST of the next (23:30Z)', () => {
    const summer = { countingFrom: new Date('2026-07-01T23:00:00Z') }; // 00:00 BST, 2 July
    expect(attendanceAt('2026-07-02T16:59:00Z', [], summer).missed).toEqual([{ clinicDay: '2026-07-02', session: 'Morning' }]);
    expect(attendanceAt('2026-07-02T23:30:00Z', [], summer).missed).toEqual([
      { clinicDay: '2026-07-02', session: 'Morning' }, { clinicDay: '2026-07-02', session: 'Afternoon' },
    ]);
  });

  it('reads visits on 29 March in BST: 07:30Z is 07:30 GMT the day before, but 08:30 BST on the day', () => {
    const counted = attendanceAt(
      '2026-03-29T23:30:00Z', // 00:30 BST, 30 March
      ['2026-03-28T07:30:00Z', '2026-03-28T13:00:00Z', '2026-03-29T07:30:00Z', '2026-03-29T16:30:00Z'],
      { countingFrom: new Date('2026-03-28T00:00:00Z') },
    );
    expect(counted).toEqual({ consecutiveMissed: 0, missed: [{ clinicDay: '2026-03-28', session: 'Morning' }] });
  });

  it('reads visits on 25 October in GMT: 17:30Z is 18:30 BST the day before, but 17:30 GMT on the day', () => {
    const visits = ['2026-10-24T07:30:00Z', '2026-10-24T17:30:00Z', '2026-10-25T07:30:00Z'];
    const sinceSaturday = { countingFrom: new Date('2026-10-23T23:00:00Z') }; // 00:00 BST, 24 October
    expect(attendanceAt('2026-10-25T23:30:00Z', visits, sinceSaturday)).toEqual({
      consecutiveMissed: 3,
      missed: [
        { clinicDay: '2026-10-24', session: 'Afternoon' },
        { clinicDay: '2026-10-25', session: 'Morning' },
        { clinicDay: '2026-10-25', session: 'Afternoon' },
      ],
    });
    expect(attendanceAt('2026-10-25T23:30:00Z', [...visits, '2026-10-25T17:30:00Z'], sinceSaturday).consecutiveMissed).toBe(0);
  });
});

describe('a prescription that started long ago', () => {
  it('looks back over the most recent days, so a person attending every session this week is not blocked', () => {
    const thisWeek = ['2026-07-06', '2026-07-07', '2026-07-08', '2026-07-09', '2026-07-10']
      .flatMap((day) => [`${day}T08:00:00Z`, `${day}T13:00:00Z`]);
    const counted = attendanceAt('2026-07-10T19:00:00Z', thisWeek, { countingFrom: new Date('2024-01-01T00:00:00Z') });
    expect(counted.consecutiveMissed).toBe(0);
    expect(counted.missed.at(-1)).toEqual({ clinicDay: '2026-07-05', session: 'Afternoon' });
  });

  it('still blocks a person who stopped coming this week after a long treatment', () => {
    const counted = attendanceAt('2026-07-10T19:00:00Z', ['2026-07-09T08:00:00Z'], { countingFrom: new Date('2024-01-01T00:00:00Z') });
    expect(counted.consecutiveMissed).toBe(3);
    expect(counted.missed.slice(-3)).toEqual([
      { clinicDay: '2026-07-09', session: 'Afternoon' },
      { clinicDay: '2026-07-10', session: 'Morning' },
      { clinicDay: '2026-07-10', session: 'Afternoon' },
    ]);
  });
});
