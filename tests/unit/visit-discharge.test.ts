/**
 * Post-dose observation and discharge (docs/clinical-protocol.md, "Post-dose observation"): the
 * minimum time runs from the administration time (or the last naloxone), two observations, the
 * last one acceptable, SpO2 where the site records it, and never while an overdose response is open.
 */
import { describe, expect, it } from 'vitest';
import { earliestDischargeAt } from '../../shared/visit/visit-rules.js';
import { startVisit, stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import {
  at, discharge, doseAdministered, dosePrepared, identityConfirmed, naloxoneGiven, observation, overdoseOutcome,
  overdoseResponseStarted, preDoseCheck, refusalCodes, rulesWith, run, visitEnded, visitStartedFor, type VisitOptions,
} from '../support/visit-fixtures.js';

/** The dose is administered at minute 8; observation starts straight after. */
const administeredAt = 8;

function underObservation(options: VisitOptions = {}): VisitSnapshot {
  return run(startVisit(visitStartedFor(options)), [
    identityConfirmed(1), preDoseCheck(2), dosePrepared(4, 150), doseAdministered(administeredAt, 150),
  ]);
}

function observedAt(minutes: readonly number[], options: VisitOptions = {}): VisitSnapshot {
  return run(underObservation(options), minutes.map((minute) => observation(minute)));
}

describe('the minimum observation time', () => {
  it('runs from the administration time: 20 min after a dose at minute 8 is minute 28', () => {
    const visit = observedAt([9, 28]);
    expect(earliestDischargeAt(visit.context)).toBe(at(28));
    expect(refusalCodes(visit, discharge(27))).toEqual(['observationTimeLeft']);
    expect(stateOf(run(visit, [discharge(28)]))).toBe('discharged');
  });

  it('follows the site rule: 15 min where the site sets it', () => {
    const rules = rulesWith((site) => { site.observation.minimumMinutes = 15; });
    const visit = observedAt([9, 23], { rules });
    expect(refusalCodes(visit, discharge(22))).toEqual(['observationTimeLeft']);
    expect(stateOf(run(visit, [discharge(23)]))).toBe('discharged');
  });

  it('restarts from an overdose response that needed no naloxone, and wants an observation after it ended', () => {
    // Observed at 9 and 28, then an overdose at 29 (oxygen only), recovered at 32.
    const visit = run(observedAt([9, 28]), [overdoseResponseStarted(29), overdoseOutcome(32)]);
    expect(earliestDischargeAt(visit.context)).toBe(at(49));
    expect(refusalCodes(visit, discharge(33))).toEqual(['observationTimeLeft', 'observationNeeded']);
    expect(stateOf(run(visit, [observation(49), discharge(49)]))).toBe('discharged');
  });

  it('wants the last observation taken after the overdose response ended', () => {
    const rules = rulesWith((site) => { site.observation.minimumMinutes = 0; });
    const visit = run(observedAt([9, 10], { rules }), [overdoseResponseStarted(11), observation(12), overdoseOutcome(13)]);
    expect(refusalCodes(visit, discharge(14))).toEqual(['observationNeeded']);
    expect(stateOf(run(visit, [observation(14), discharge(14)]))).toBe('discharged');
  });

  it('restarts from the last naloxone dose, for the site\'s longer minimum', () => {
    const visit = run(underObservation(), [
      observation(9), overdoseResponseStarted(12), naloxoneGiven(13), naloxoneGiven(16, 0.8), overdoseOutcome(25), observation(30),
    ]);
    expect(earliestDischargeAt(visit.context)).toBe(at(76));
    expect(refusalCodes(visit, discharge(31))).toEqual(['observationTimeLeft', 'observationNeeded']);
    expect(stateOf(run(visit, [observation(76), discharge(76)]))).toBe('discharged');
  });
});

describe('the observations before discharge', () => {
  it('needs one taken after the minimum time', () => {
    expect(refusalCodes(observedAt([9, 20]), discharge(30))).toEqual(['observationNeeded']);
  });

  it('needs two: one at the start and one before discharge', () => {
    expect(refusalCodes(observedAt([28]), discharge(28))).toEqual(['observationNeeded']);
    expect(refusalCodes(observedAt([]), discharge(40))).toEqual(['observationNeeded']);
  });

  it.each([
    ['sedation 3', { sedation: '3' as const }],
    ['sedation 4', { sedation: '4' as const }],
    ['a respiratory rate of 9/min', { respiratoryRate: 9 }],
  ])('refuses discharge when the last observation shows %s', (_label, values) => {
    const visit = run(underObservation(), [observation(9), observation(28, values)]);
    expect(refusalCodes(visit, discharge(29))).toEqual(['observationNotSafe']);
  });

  it('accepts a respiratory rate at the site minimum, and a last observation that has recovered', () => {
    expect(stateOf(run(underObservation(), [observation(9, { sedation: '3' }), observation(28, { respiratoryRate: 10 }), discharge(29)])))
      .toBe('discharged');
  });

  it('looks at the last observation, not the best one', () => {
    const visit = run(underObservation(), [observation(9), observation(28), observation(29, { sedation: '3' })]);
    expect(refusalCodes(visit, discharge(30))).toEqual(['observationNotSafe']);
  });

  it('needs SpO2 on the last observation where the site records it, and not where it does not', () => {
    const withoutSpO2 = [observation(9, { oxygenSaturation: null }), observation(28, { oxygenSaturation: null })];
    expect(refusalCodes(run(underObservation(), withoutSpO2), discharge(29))).toEqual(['oxygenSaturationNeeded']);
    const rules = rulesWith((site) => { site.observation.recordOxygenSaturation = false; });
    expect(stateOf(run(underObservation({ rules }), [...withoutSpO2, discharge(29)]))).toBe('discharged');
  });
});

describe('an open overdose response', () => {
  it('blocks discharge and ending the visit until its outcome is recorded', () => {
    const responding = run(observedAt([9, 28]), [overdoseResponseStarted(29), naloxoneGiven(30)]);
    expect(refusalCodes(responding, discharge(31))[0]).toBe('overdoseResponseOpen');
    expect(refusalCodes(responding, visitEnded(31, 'transferred to hospital'))).toEqual(['overdoseResponseOpen']);
    const transferred = run(responding, [overdoseOutcome(40, 'transferred to hospital'), visitEnded(41, 'transferred to hospital')]);
    expect(stateOf(transferred)).toBe('ended');
    expect(transferred.context.outcome).toEqual({ kind: 'ended', at: at(41), reason: 'transferred to hospital', note: null });
  });
});
