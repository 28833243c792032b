/**
 * Whether a visit may start (docs/clinical-protocol.md, "Sessions and doses"), with the clock injected
 * as plain Date values, in Europe/London on ordinary days and on both UK clock changes of 2026.
 */
import { describe, expect, it } from 'vitest';
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import { reasonsOf, type Refusal, type RefusalCode } from '../../shared/refusals/refusal.js';
import { defaultSiteRules, type SiteRules } from '../../shared/site-rules/site-rules.js';
import { checkInDecision, type CheckInFacts, type DoseGiven, type SessionFact } from '../../shared/visit/check-in-rules.js';
import { rulesWith } from '../support/visit-fixtures.js';

const london = 'Europe/London';

/** A session fact as the ledger records it: the window at `index` of `rules`, on the clinic day of `at`. */
function sessionOf(at: string, index: number, rules: SiteRules): SessionFact {
  const window = rules.sessions.windows[index];
  if (!window) throw new Error(`No window ${index}`);
  return { clinicDay: clinicDayOf(new Date(at), london), sessionId: window.id, opensAt: window.opensAt, closesAt: window.closesAt };
}

function doseIn(at: string, mg: number, index: number, rules: SiteRules): DoseGiven {
  return { ...sessionOf(at, index, rules), at, mg };
}

function factsAt(now: string, change: Partial<CheckInFacts> = {}): CheckInFacts {
  return {
    preferredName: 'Jay', now: new Date(now), rules: defaultSiteRules, timeZone: london, sessionsPerDay: 2,
    lastDoseAt: null, dosesThatDay: [], consecutiveMissed: 0, withheldThatDay: [], ...change,
  };
}

/** Why check-in is refused: nothing when the visit may start, else each refusal. */
function problemsAt(now: string, change: Partial<CheckInFacts> = {}): Refusal[] {
  const decision = checkInDecision(factsAt(now, change));
  return decision.ok ? [] : decision.problems;
}

/** The codes of check-in's refusals, in order: nothing when the visit may start. */
function refusedAt(now: string, change: Partial<CheckInFacts> = {}): RefusalCode[] {
  return problemsAt(now, change).map((problem) => problem.code);
}

/** The sentence the nurse reads when check-in is refused; fails the test if it is allowed. */
function sentenceAt(now: string, change: Partial<CheckInFacts> = {}): string {
  const problems = problemsAt(now, change);
  if (problems.length === 0) throw new Error(`Check-in at ${now} was allowed but should have been refused`);
  return reasonsOf(problems);
}

/** The session a check-in at this instant is counted in; fails the test if check-in is refused. */
function sessionAtCheckIn(now: string, change: Partial<CheckInFacts> = {}) {
  const decision = checkInDecision(factsAt(now, change));
  if (!decision.ok) throw new Error(`Check-in at ${now} was refused: ${reasonsOf(decision.problems)}`);
  return { clinicDay: decision.session.clinicDay, id: decision.session.id, name: decision.session.name };
}

// The facts a closed-window refusal must tell the nurse: which session opens next, and when.
const opensThisMorning = 'Morning, opens at 08:00';
const opensTomorrowMorning = 'Morning, opens tomorrow at 08:00';

/**
 * A site open round the clock in three windows, so a dose can fall between midnight and 01:00
 * local, where the clinic day and the UTC date differ, and inside the hour the clocks skip or repeat.
 */
const roundTheClock: SiteRules = rulesWith((rules) => {
  rules.sessions.windows = [
    { id: 'small-hours', name: 'Small hours', opensAt: '00:00', closesAt: '03:00' },
    { id: 'day', name: 'Day', opensAt: '03:00', closesAt: '12:00' },
    { id: 'evening', name: 'Evening', opensAt: '12:00', closesAt: '23:59' },
  ];
});

describe('session windows in clinic time (Europe/London)', () => {
  // Offsets: GMT is UTC+0, BST is UTC+1. On Sunday 29 March 2026 clocks go forward at 01:00 GMT,
  // on Sunday 25 October 2026 back at 02:00 BST; each change happens before the clinic opens, so
  // the whole clinic day runs on the new offset.
  const days = [
    { label: 'an ordinary winter day', day: '2026-01-14', utcOffsetHours: 0 },
    { label: 'an ordinary summer day', day: '2026-07-01', utcOffsetHours: 1 },
    { label: 'the spring clock change (29 March)', day: '2026-03-29', utcOffsetHours: 1 },
    { label: 'the autumn clock change (25 October)', day: '2026-10-25', utcOffsetHours: 0 },
  ];

  /** The instant a local wall-clock time falls on, worked out from the known offset, not by the code under test. */
  function localTime(day: string, hhmm: string, utcOffsetHours: number): string {
    const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
    const utc = new Date(`${day}T00:00:00Z`);
    utc.setUTCMinutes(hours * 60 + minutes - utcOffsetHours * 60);
    return utc.toISOString();
  }

  describe.each(days)('on $label', ({ day, utcOffsetHours }) => {
    const local = (hhmm: string) => localTime(day, hhmm, utcOffsetHours);

    it(`08:00 local is ${utcOffsetHours === 1 ? '07:00Z (BST)' : '08:00Z (GMT)'}, and the morning opens then, inclusive`, () => {
      expect(local('08:00')).toBe(`${day}T0${8 - utcOffsetHours}:00:00.000Z`);
      expect(sessionAtCheckIn(local('08:00'))).toEqual({ clinicDay: day, id: 'morning', name: 'Morning' });
    });

    it('refuses a check-in before 08:00, saying the morning opens at 08:00', () => {
      expect(refusedAt(local('07:59'))).toEqual(['sessionClosed']);
      expect(refusedAt(local('06:00'))).toEqual(['sessionClosed']);
      expect(sentenceAt(local('07:59'))).toContain(opensThisMorning);
    });

    it('counts 12:29 in the morning and 12:30 in the afternoon', () => {
      expect(sessionAtCheckIn(local('12:29'))).toEqual({ clinicDay: day, id: 'morning', name: 'Morning' });
      expect(sessionAtCheckIn(local('12:30'))).toEqual({ clinicDay: day, id: 'afternoon', name: 'Afternoon' });
      expect(sessionAtCheckIn(local('17:59'))).toEqual({ clinicDay: day, id: 'afternoon', name: 'Afternoon' });
    });

    it('refuses a check-in at 18:00 and after, naming the next morning', () => {
      expect(refusedAt(local('18:00'))).toEqual(['sessionClosed']);
      expect(refusedAt(local('23:30'))).toEqual(['sessionClosed']);
      expect(sentenceAt(local('18:00'))).toContain(opensTomorrowMorning);
    });
  });

  it('on the spring change day, 07:30Z is 08:30 BST and open; the day before, 07:30Z is 07:30 GMT and closed', () => {
    expect(sessionAtCheckIn('2026-03-29T07:30:00Z').name).toBe('Morning');
    expect(refusedAt('2026-03-28T07:30:00Z')).toEqual(['sessionClosed']);
  });

  it('on the autumn change day, 17:30Z is 17:30 GMT and open; the day before, 17:30Z is 18:30 BST and closed', () => {
    expect(sessionAtCheckIn('2026-10-25T17:30:00Z').name).toBe('Afternoon');
    expect(refusedAt('2026-10-24T17:30:00Z')).toEqual(['sessionClosed']);
  });

  it('names the next session between windows on a site with a gap', () => {
    const withLunch = rulesWith((rules) => {
      rules.sessions.windows = [{ id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '12:00' }, { id: 'afternoon', name: 'Afternoon', opensAt: '13:30', closesAt: '18:00' }];
    });
    expect(refusedAt('2026-07-01T11:15:00Z', { rules: withLunch })).toEqual(['sessionClosed']);
    expect(sentenceAt('2026-07-01T11:15:00Z', { rules: withLunch })).toContain('Afternoon, opens at 13:30');
  });
});

describe('the minimum interval between doses', () => {
  const morningDose: DoseGiven = doseIn('2026-07-01T09:40:00Z', 150, 0, defaultSiteRules);
  const afterMorningDose = { lastDoseAt: morningDose.at, dosesThatDay: [morningDose] };

  it('refuses a check-in less than three hours after the last dose, saying when the next may be given, in clinic time', () => {
    expect(refusedAt('2026-07-01T12:39:00Z', afterMorningDose)).toEqual(['tooSoonAfterLastDose']);
    expect(sentenceAt('2026-07-01T12:39:00Z', afterMorningDose)).toContain('from 13:40');
  });

  it('allows a check-in from the moment the interval has passed, and for a first dose', () => {
    expect(refusedAt('2026-07-01T12:40:00Z', afterMorningDose)).toEqual([]);
    expect(refusedAt('2026-07-01T12:40:00Z')).toEqual([]);
  });

  it('says minutes when the site interval is not a whole number of hours', () => {
    const rules = rulesWith((site) => { site.dosing.minimumMinutesBetweenDoses = 150; });
    expect(refusedAt('2026-07-01T12:00:00Z', { ...afterMorningDose, rules })).toEqual(['tooSoonAfterLastDose']);
    expect(sentenceAt('2026-07-01T12:00:00Z', { ...afterMorningDose, rules })).toContain('150 minutes');
  });

  it('counts real elapsed time when the clocks go forward: 00:30 GMT to 03:30 BST is only two hours', () => {
    const smallHoursDose: DoseGiven = doseIn('2026-03-29T00:30:00Z', 150, 0, roundTheClock);
    const facts = { rules: roundTheClock, sessionsPerDay: 3, lastDoseAt: smallHoursDose.at, dosesThatDay: [smallHoursDose] };
    expect(refusedAt('2026-03-29T02:30:00Z', facts)).toEqual(['tooSoonAfterLastDose']);
    expect(sentenceAt('2026-03-29T02:30:00Z', facts)).toContain('from 04:30');
    expect(refusedAt('2026-03-29T03:30:00Z', facts)).toEqual([]);
  });

  it('counts real elapsed time when the clocks go back: 00:30 BST to 03:00 GMT is three and a half hours, not two and a half', () => {
    const smallHoursDose: DoseGiven = doseIn('2026-10-24T23:30:00Z', 150, 0, roundTheClock);
    const facts = { rules: roundTheClock, sessionsPerDay: 3, lastDoseAt: smallHoursDose.at, dosesThatDay: [smallHoursDose] };
    expect(sessionAtCheckIn('2026-10-25T03:00:00Z', facts)).toEqual({ clinicDay: '2026-10-25', id: 'day', name: 'Day' });
  });
});

describe('one dose per session, and the prescription\'s doses a day', () => {
  it('refuses a second dose in the same session, even once the interval has passed', () => {
    const dose: DoseGiven = doseIn('2026-07-01T08:15:00Z', 150, 0, defaultSiteRules);
    expect(refusedAt('2026-07-01T11:20:00Z', { lastDoseAt: dose.at, dosesThatDay: [dose] })).toEqual(['dosedThisSession']);
  });

  it('keeps a dose withheld for the rest of its session: a second check-in cannot quietly undo the decision', () => {
    const withheldThatDay = [{ ...sessionOf('2026-07-01T08:20:00Z', 0, defaultSiteRules), at: '2026-07-01T08:20:00Z', reason: 'Sedation level 3' }];
    expect(refusedAt('2026-07-01T08:40:00Z', { withheldThatDay })).toEqual(['withheldThisSession']);
    expect(refusedAt('2026-07-01T12:40:00Z', { withheldThatDay })).toEqual([]);
  });

  it('refuses a dose beyond a prescription with fewer sessions a day than the site has windows', () => {
    const dose: DoseGiven = doseIn('2026-07-01T08:15:00Z', 150, 0, defaultSiteRules);
    expect(refusedAt('2026-07-01T13:00:00Z', { sessionsPerDay: 1, lastDoseAt: dose.at, dosesThatDay: [dose] })).toEqual(['sessionsPerDayUsed']);
    expect(refusedAt('2026-07-01T13:00:00Z', { sessionsPerDay: 2, lastDoseAt: dose.at, dosesThatDay: [dose] })).toEqual([]);
  });

  it('counts the day\'s doses on a three-window site', () => {
    const doses: DoseGiven[] = [
      doseIn('2026-07-01T00:30:00Z', 100, 0, roundTheClock), // 01:30 BST, small hours
      doseIn('2026-07-01T05:00:00Z', 100, 1, roundTheClock), // 06:00 BST, day
    ];
    expect(refusedAt('2026-07-01T12:00:00Z', { rules: roundTheClock, sessionsPerDay: 2, dosesThatDay: doses })).toEqual(['sessionsPerDayUsed']);
    expect(refusedAt('2026-07-01T12:00:00Z', { rules: roundTheClock, sessionsPerDay: 3, dosesThatDay: doses })).toEqual([]);
  });
});

describe('the daily maximum', () => {
  const threeWindowsADay = { rules: roundTheClock, sessionsPerDay: 3 };

  it('refuses a check-in once the day\'s doses reach the maximum', () => {
    const doses: DoseGiven[] = [
      doseIn('2026-07-01T00:30:00Z', 600, 0, roundTheClock),
      doseIn('2026-07-01T05:00:00Z', 400, 1, roundTheClock),
    ];
    expect(refusedAt('2026-07-01T12:00:00Z', { ...threeWindowsADay, dosesThatDay: doses })).toEqual(['dailyMaximumReached']);
  });

  it('lets a visit start below the maximum and tells it what has been given today', () => {
    const decision = checkInDecision(factsAt('2026-07-01T12:00:00Z', {
      ...threeWindowsADay, dosesThatDay: [doseIn('2026-07-01T00:30:00Z', 990, 0, roundTheClock)],
    }));
    expect(decision).toMatchObject({ ok: true, givenTodayMg: 990, session: { clinicDay: '2026-07-01', id: 'evening', name: 'Evening' } });
  });

  /** The person's doses on the clinic day of `now`, as the host picks them: by clinic day, not UTC date. */
  function dosesOnClinicDayOf(now: string, doses: readonly DoseGiven[]): DoseGiven[] {
    const today = clinicDayOf(new Date(now), london);
    return doses.filter((dose) => clinicDayOf(new Date(dose.at), london) === today);
  }

  it('counts a dose at 00:30 BST in the new clinic day, though its UTC date is the day before', () => {
    const doses: DoseGiven[] = [
      doseIn('2026-07-01T16:00:00Z', 500, 2, roundTheClock), // 17:00 BST on 1 July
      doseIn('2026-07-01T23:30:00Z', 600, 0, roundTheClock), // 00:30 BST on 2 July
      doseIn('2026-07-02T06:00:00Z', 400, 1, roundTheClock), // 07:00 BST on 2 July
    ];
    const now = '2026-07-02T13:00:00Z';
    expect(dosesOnClinicDayOf(now, doses).map((dose) => dose.mg)).toEqual([600, 400]);
    expect(refusedAt(now, { ...threeWindowsADay, dosesThatDay: dosesOnClinicDayOf(now, doses) })).toEqual(['dailyMaximumReached']);
  });

  it('counts both 01:30s of the autumn change (BST, then GMT) in the same 25-hour clinic day', () => {
    const doses: DoseGiven[] = [
      doseIn('2026-10-24T22:30:00Z', 300, 2, roundTheClock), // 23:30 BST on 24 October
      doseIn('2026-10-25T00:30:00Z', 500, 0, roundTheClock), // 01:30 BST on 25 October
      doseIn('2026-10-25T07:30:00Z', 500, 1, roundTheClock), // 07:30 GMT on 25 October
    ];
    const now = '2026-10-25T23:30:00Z'; // 23:30 GMT, still 25 October
    expect(clinicDayOf(new Date(now), london)).toBe('2026-10-25');
    expect(dosesOnClinicDayOf(now, doses).map((dose) => dose.mg)).toEqual([500, 500]);
    expect(refusedAt(now, { ...threeWindowsADay, dosesThatDay: dosesOnClinicDayOf(now, doses) })).toEqual(['dailyMaximumReached']);
  });

  it('starts afresh on the clinic day after the spring change, at 00:30 BST (23:30Z the day before)', () => {
    const doses: DoseGiven[] = [
      doseIn('2026-03-29T00:30:00Z', 500, 0, roundTheClock), // 00:30 GMT on 29 March
      doseIn('2026-03-29T15:00:00Z', 500, 2, roundTheClock), // 16:00 BST on 29 March
    ];
    const now = '2026-03-29T23:30:00Z'; // 00:30 BST on 30 March
    expect(dosesOnClinicDayOf(now, doses)).toEqual([]);
    expect(sessionAtCheckIn(now, { ...threeWindowsADay, lastDoseAt: doses[1]!.at, dosesThatDay: [] }))
      .toEqual({ clinicDay: '2026-03-30', id: 'small-hours', name: 'Small hours' });
  });
});

describe('missed sessions at check-in', () => {
  it('pauses treatment after the site\'s number of consecutive misses, and not before', () => {
    expect(refusedAt('2026-07-01T09:00:00Z', { consecutiveMissed: 2 })).toEqual([]);
    expect(refusedAt('2026-07-01T09:00:00Z', { consecutiveMissed: 3 })).toEqual(['missedSessionsBlock']);
  });

  it('takes the number from the site rules', () => {
    const rules = rulesWith((site) => { site.dosing.missedSessionsBeforeBlock = 5; });
    expect(refusedAt('2026-07-01T09:00:00Z', { rules, consecutiveMissed: 4 })).toEqual([]);
    expect(refusedAt('2026-07-01T09:00:00Z', { rules, consecutiveMissed: 5 })).toEqual(['missedSessionsBlock']);
  });
});
