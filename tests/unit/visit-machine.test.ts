import { describe, expect, it } from 'vitest';
import type { VisitEvent } from '../../shared/visit/visit-events.js';
import { advanceVisit, replayVisit, restoreVisit, startVisit, stateOf, storeVisit } from '../../shared/visit/visit-steps.js';
import { at, naloxoneGiven, pair, preDoseCheck, reading, refusalCodes, run, visitStartedFor } from '../support/visit-fixtures.js';

const proceed = preDoseCheck;

const checkedIn = (breathTestRequired = false) =>
  run(startVisit(visitStartedFor({ breathTestRequired })), [{ type: 'identityConfirmed', at: at(1) }]);

const administered = (drawnMg: number, administeredMg: number) =>
  run(checkedIn(), [
    proceed(2),
    { type: 'dosePrepared', at: at(3), drug: 'diamorphine', form: 'powder for injection', strengthMgPerMl: 100, drawnMg, staff: pair },
    { type: 'doseAdministered', at: at(5), administeredMg, route: 'IV', site: 'left arm', staff: pair },
  ]);

describe('a supervised visit', () => {
  it('goes from check-in through breath test, injection, waste and observation to discharge', () => {
    const visit = run(checkedIn(true), [
      proceed(2),
      { type: 'breathTestStarted', at: at(3) },
      { type: 'breathResultRecorded', at: at(4), reading: reading(0) },
      { type: 'dosePrepared', at: at(5), drug: 'diamorphine', form: 'powder for injection', strengthMgPerMl: 100, drawnMg: 150, staff: pair },
      { type: 'doseAdministered', at: at(7), administeredMg: 140, route: 'IV', site: 'left arm', staff: pair },
      { type: 'surplusWasted', at: at(8), wastedMg: 10, staff: pair },
      { type: 'observationRecorded', at: at(8), sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 },
      { type: 'observationRecorded', at: at(27), sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 },
      { type: 'visitDischarged', at: at(28) },
    ]);
    expect(stateOf(visit)).toBe('discharged');
    expect(visit.status).toBe('done');
    expect(visit.context.outcome).toEqual({ kind: 'discharged', at: at(28) });
  });

  it('skips the breath test when the host did not require one, unless the nurse asks', () => {
    expect(stateOf(run(checkedIn(false), [proceed(2)]))).toBe('preparation');
    expect(stateOf(run(checkedIn(false), [proceed(2, { breathTestRequested: true })]))).toBe('breathTest');
  });

  it('goes straight to observation when nothing is left over to waste', () => {
    expect(stateOf(administered(150, 150))).toBe('observation');
    expect(stateOf(administered(150, 120))).toBe('waste');
  });
});

describe('the pre-dose check', () => {
  it.each(['S', '1', '2', '3'] as const)('lets the nurse withhold at sedation level %s, with a reason', (sedation) => {
    const visit = run(checkedIn(), [proceed(2, { sedation, decision: 'withhold', reason: 'Very drowsy on arrival' })]);
    expect(stateOf(visit)).toBe('doseWithheld');
    expect(visit.context.outcome).toMatchObject({ kind: 'doseWithheld', reason: 'Very drowsy on arrival' });
  });

  it('withholds at sedation level 4 and keeps the person in the overdose response until its outcome', () => {
    const visit = run(checkedIn(), [proceed(2, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse on arrival' })]);
    expect(stateOf(visit)).toBe('withheldInResponse');
    expect(visit.context.outcome).toMatchObject({ kind: 'doseWithheld', reason: 'Hard to rouse on arrival' });
    expect(visit.context.overdoseResponses).toHaveLength(1);
  });

  it('needs a reason to withhold', () => {
    expect(refusalCodes(checkedIn(), proceed(2, { decision: 'withhold', reason: ' ' }))).toEqual(['reasonNeeded']);
  });

  it.each(['3', '4'] as const)('refuses to proceed at sedation level %s', (sedation) => {
    expect(refusalCodes(checkedIn(), proceed(2, { sedation, reason: 'seems fine' }))).toEqual(['sedationWithholds']);
  });

  it('needs the nurse\'s reason to proceed after signs of intoxication or reported use', () => {
    expect(refusalCodes(checkedIn(), proceed(2, { selfReportedUse: ['street tablets'] }))).toEqual(['reasonNeeded']);
    expect(refusalCodes(checkedIn(), proceed(2, { intoxicationSigns: true }))).toEqual(['reasonNeeded']);
    expect(stateOf(run(checkedIn(), [proceed(2, { selfReportedUse: ['alcohol'], reason: 'One can last night; alert now' })])))
      .toBe('preparation');
  });

  it('cannot be skipped: preparation before the check is refused', () => {
    const prepare: VisitEvent = { type: 'dosePrepared', at: at(2), drug: 'diamorphine', form: 'x', strengthMgPerMl: 100, drawnMg: 150, staff: pair };
    expect(refusalCodes(checkedIn(), prepare)).toEqual(['stepNotOpen']);
  });
});

describe('the breath test', () => {
  const awaitingBreath = () => run(checkedIn(true), [proceed(2), { type: 'breathTestStarted', at: at(3) }]);

  it('refuses a reading nobody asked for', () => {
    const notStarted = run(checkedIn(true), [proceed(2)]);
    expect(refusalCodes(notStarted, { type: 'breathResultRecorded', at: at(4), reading: reading(0) })).toEqual(['breathTestNotAsked']);
  });

  it('sends a reading at the review level to the nurse, who needs a reason either way', () => {
    const review = run(awaitingBreath(), [{ type: 'breathResultRecorded', at: at(4), reading: reading(9) }]);
    expect(stateOf(review)).toBe('breathReview');
    expect(refusalCodes(review, { type: 'breathReviewDecided', at: at(5), decision: 'proceed', reason: null })).toEqual(['reasonNeeded']);
    expect(stateOf(run(review, [{ type: 'breathReviewDecided', at: at(5), decision: 'proceed', reason: 'Below drive limit, alert' }])))
      .toBe('preparation');
  });

  it('withholds the dose at the withhold level', () => {
    const visit = run(awaitingBreath(), [{ type: 'breathResultRecorded', at: at(4), reading: reading(22) }]);
    expect(stateOf(visit)).toBe('doseWithheld');
    expect(visit.context.outcome).toMatchObject({ kind: 'doseWithheld' });
  });

  it('allows a retry after a device error', () => {
    const failed = run(awaitingBreath(), [{ type: 'breathTestFailed', at: at(4), code: 'NO_SAMPLE', message: 'No sample' }]);
    expect(failed.context.breath.lastError?.code).toBe('NO_SAMPLE');
    const retried = run(failed, [{ type: 'breathTestStarted', at: at(5) }, { type: 'breathResultRecorded', at: at(6), reading: reading(3) }]);
    expect(stateOf(retried)).toBe('preparation');
    expect(retried.context.breath.attempts).toBe(2);
  });
});

describe('the observed self-injection', () => {
  it('refuses to draw up more than the prescribed dose', () => {
    const ready = run(checkedIn(), [proceed(2)]);
    expect(refusalCodes(ready, { type: 'dosePrepared', at: at(3), drug: 'diamorphine', form: 'x', strengthMgPerMl: 100, drawnMg: 151, staff: pair }))
      .toEqual(['overDoseTarget']);
  });

  it('refuses a route the prescription does not allow, and more than was drawn', () => {
    const prepared = run(checkedIn(), [proceed(2), { type: 'dosePrepared', at: at(3), drug: 'diamorphine', form: 'x', strengthMgPerMl: 100, drawnMg: 100, staff: pair }]);
    expect(refusalCodes(prepared, { type: 'doseAdministered', at: at(4), administeredMg: 100, route: 'SC', site: 'abdomen', staff: pair })).toEqual(['routeNotPrescribed']);
    expect(refusalCodes(prepared, { type: 'doseAdministered', at: at(4), administeredMg: 101, route: 'IV', site: 'left arm', staff: pair })).toEqual(['moreThanDrawn']);
  });

  it('keeps the nurse and witness who prepared the dose for administration and waste', () => {
    const prepared = run(checkedIn(), [proceed(2), { type: 'dosePrepared', at: at(3), drug: 'diamorphine', form: 'x', strengthMgPerMl: 100, drawnMg: 100, staff: pair }]);
    const swapped = { nurseId: 'hca-1', witnessId: 'nurse-1' };
    expect(refusalCodes(prepared, { type: 'doseAdministered', at: at(4), administeredMg: 90, route: 'IV', site: 'left arm', staff: swapped }))
      .toEqual(['pairChanged']);
    const waste = run(prepared, [{ type: 'doseAdministered', at: at(4), administeredMg: 90, route: 'IV', site: 'left arm', staff: pair }]);
    expect(refusalCodes(waste, { type: 'surplusWasted', at: at(5), wastedMg: 10, staff: { nurseId: 'nurse-1', witnessId: 'nurse-2' } }))
      .toEqual(['pairChanged']);
  });

  it('makes the amounts balance: administered plus wasted equals drawn', () => {
    const waste = administered(150, 120);
    expect(refusalCodes(waste, { type: 'surplusWasted', at: at(6), wastedMg: 20, staff: pair })).toEqual(['amountsDoNotBalance']);
    expect(stateOf(run(waste, [{ type: 'surplusWasted', at: at(6), wastedMg: 30, staff: pair }]))).toBe('observation');
  });
});

describe('a dose drawn up but not given', () => {
  const prepared = () => run(checkedIn(), [proceed(2), { type: 'dosePrepared', at: at(3), drug: 'diamorphine', form: 'x', strengthMgPerMl: 100, drawnMg: 150, staff: pair }]);

  it('cannot be left unaccounted for: ending or withholding is refused until it is wasted', () => {
    expect(refusalCodes(prepared(), { type: 'visitEnded', at: at(4), reason: 'declined dose', note: null })).toEqual(['doseUnaccounted']);
    expect(refusalCodes(prepared(), { type: 'doseWithheld', at: at(4), reason: 'Declined' })).toEqual(['doseUnaccounted']);
  });

  it('is wasted whole, witnessed, and then the visit ends with its reason', () => {
    expect(refusalCodes(prepared(), { type: 'surplusWasted', at: at(4), wastedMg: 100, staff: pair })).toEqual(['amountsDoNotBalance']);
    const wasted = run(prepared(), [{ type: 'surplusWasted', at: at(4), wastedMg: 150, staff: pair }]);
    expect(stateOf(wasted)).toBe('doseWasted');
    const ended = run(wasted, [{ type: 'visitEnded', at: at(5), reason: 'declined dose', note: null }]);
    expect(ended.context.outcome).toMatchObject({ kind: 'ended', reason: 'declined dose' });
  });

  it('after partial administration, the visit cannot end before the surplus is wasted', () => {
    expect(refusalCodes(administered(150, 120), { type: 'visitEnded', at: at(6), reason: 'left during observation', note: null }))
      .toEqual(['doseUnaccounted']);
  });
});

describe('withholding', () => {
  it('is always open to the nurse before the dose is given, with a reason', () => {
    const inBreathTest = run(checkedIn(true), [proceed(2)]);
    const inPreparation = run(checkedIn(), [proceed(2)]);
    for (const visit of [inBreathTest, inPreparation]) {
      const withheld = run(visit, [{ type: 'doseWithheld', at: at(3), reason: 'Breathalyser broken; person unsteady' }]);
      expect(withheld.context.outcome).toMatchObject({ kind: 'doseWithheld', reason: 'Breathalyser broken; person unsteady' });
    }
  });

  it('is not a step once the dose has been given', () => {
    expect(refusalCodes(administered(150, 150), { type: 'doseWithheld', at: at(6), reason: 'late' })).toEqual(['stepNotOpen']);
  });
});

describe('post-dose observation and discharge', () => {
  const observed = (records: Array<[number, '1' | '3', number]>) =>
    run(administered(150, 150), records.map(([minutes, sedation, respiratoryRate]) => (
      { type: 'observationRecorded', at: at(minutes), sedation, respiratoryRate, oxygenSaturation: 97 })));

  it('refuses discharge before the minimum time from administration, even with a good observation', () => {
    expect(refusalCodes(observed([[6, '1', 14]]), { type: 'visitDischarged', at: at(20) })).toContain('observationTimeLeft');
  });

  it('needs an observation taken after the minimum time', () => {
    expect(refusalCodes(observed([[6, '1', 14]]), { type: 'visitDischarged', at: at(30) })).toEqual(['observationNeeded']);
  });

  it('refuses discharge when the last observation is not safe', () => {
    expect(refusalCodes(observed([[6, '1', 14], [26, '3', 14]]), { type: 'visitDischarged', at: at(27) })).toEqual(['observationNotSafe']);
    expect(refusalCodes(observed([[6, '1', 14], [26, '1', 8]]), { type: 'visitDischarged', at: at(27) })).toEqual(['observationNotSafe']);
  });

  it('records a very low oxygen saturation: that is what an overdose looks like', () => {
    const visit = run(administered(150, 150), [{ type: 'observationRecorded', at: at(6), sedation: '3', respiratoryRate: 6, oxygenSaturation: 72 }]);
    expect(visit.context.observations.at(-1)?.oxygenSaturation).toBe(72);
  });

  it('discharges once the time has passed and the last observation is acceptable', () => {
    expect(stateOf(run(observed([[6, '1', 14], [26, '1', 12]]), [{ type: 'visitDischarged', at: at(26) }]))).toBe('discharged');
  });
});

describe('ending a visit', () => {
  it('can end from any open stage with a reason, and then takes no more steps', () => {
    const ended = run(checkedIn(), [{ type: 'visitEnded', at: at(2), reason: 'left before dose', note: null }]);
    expect(stateOf(ended)).toBe('ended');
    expect(refusalCodes(ended, proceed(3))).toEqual(['visitClosed']);
  });

  it('needs a note when the reason is "other"', () => {
    expect(refusalCodes(checkedIn(), { type: 'visitEnded', at: at(2), reason: 'other', note: null })).toEqual(['reasonNeeded']);
  });
});

describe('persistence', () => {
  it('rebuilds the same visit from its events, and restores it from a stored snapshot', () => {
    const started = visitStartedFor({ breathTestRequired: true });
    const events: VisitEvent[] = [
      { type: 'identityConfirmed', at: at(1) }, proceed(2), { type: 'breathTestStarted', at: at(3) },
      { type: 'breathResultRecorded', at: at(4), reading: reading(2) },
    ];
    const live = run(startVisit(started), events);
    const replayed = replayVisit(started, events);
    expect(stateOf(replayed)).toBe('preparation');
    expect(replayed.context).toEqual(live.context);
    const restored = restoreVisit(JSON.parse(JSON.stringify(storeVisit(live))));
    expect(stateOf(restored)).toBe('preparation');
    expect(restored.context).toEqual(live.context);
    expect(advanceVisit(restored, { type: 'dosePrepared', at: at(5), drug: 'diamorphine', form: 'x', strengthMgPerMl: 100, drawnMg: 150, staff: pair }).accepted).toBe(true);
  });

  it('keeps a closed visit closed when it is restored from storage', () => {
    const ended = run(checkedIn(), [{ type: 'visitEnded', at: at(2), reason: 'left before dose', note: null }]);
    const restored = restoreVisit(JSON.parse(JSON.stringify(storeVisit(ended))));
    expect(restored.status).toBe('done');
    expect(refusalCodes(restored, naloxoneGiven(3))).toEqual(['visitClosed']);
  });

  it('refuses to replay a ledger that holds a step after the visit closed, naming the step', () => {
    const started = visitStartedFor();
    const events: VisitEvent[] = [{ type: 'identityConfirmed', at: at(1) }, { type: 'visitEnded', at: at(2), reason: 'left before dose', note: null }];
    expect(() => replayVisit(started, [...events, naloxoneGiven(3)]))
      .toThrow('The ledger holds a naloxoneGiven event this visit cannot replay');
  });
});
