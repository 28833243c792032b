/**
 * The pre-dose check and the breath test (docs/clinical-protocol.md, "Pre-dose check", "Breath
 * alcohol"): sedation levels, intoxication and reported use, and the two breath thresholds.
 */
import { describe, expect, it } from 'vitest';
import { breathOutcome } from '../../shared/visit/visit-rules.js';
import { startVisit, stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import {
  breathResult, breathReview, breathTestStarted, identityConfirmed, preDoseCheck, refusal, refusalCodes, rulesWith, run, visitStartedFor,
  type VisitOptions,
} from '../support/visit-fixtures.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';

function checkedIn(options: VisitOptions = {}): VisitSnapshot {
  return run(startVisit(visitStartedFor({ reducedDoseRange: { minMg: 60, maxMg: 120 }, ...options })), [identityConfirmed(1)]);
}

const prescriberContact = 'Dr Ahmed, by phone';

describe('sedation at the pre-dose check', () => {
  it.each(['S', '1', '2'] as const)('level %s may proceed to preparation with the prescribed dose', (sedation) => {
    const visit = run(checkedIn(), [preDoseCheck(2, { sedation })]);
    expect(stateOf(visit)).toBe('preparation');
    expect(visit.context.doseTargetMg).toBe(150);
  });

  it('level 3 may not proceed: withhold, or reduce with the prescriber', () => {
    const proceedAtLevel3 = preDoseCheck(2, { sedation: '3', reason: 'Seems fine to me' });
    expect(refusalCodes(checkedIn(), proceedAtLevel3)).toEqual(['sedationWithholds']);
    expect(refusal(checkedIn(), proceedAtLevel3)).toContain('reduced with the prescriber\'s agreement');
  });

  it('level 3 may be withheld, with a reason', () => {
    const visit = run(checkedIn(), [preDoseCheck(2, { sedation: '3', decision: 'withhold', reason: 'Drifting off mid-sentence' })]);
    expect(stateOf(visit)).toBe('doseWithheld');
    expect(visit.context.outcome).toEqual({ kind: 'doseWithheld', at: visit.context.preDoseCheck?.at, reason: 'Drifting off mid-sentence' });
  });

  it('level 3 may be reduced with a reason, the prescriber contacted, and a dose inside the prescribed range', () => {
    const visit = run(checkedIn(), [preDoseCheck(2, {
      sedation: '3', decision: 'reduce', reducedDoseMg: 100, prescriberContact, reason: 'Poor night; alert when spoken to',
    })]);
    expect(stateOf(visit)).toBe('preparation');
    expect(visit.context.doseTargetMg).toBe(100);
    expect(visit.context.preDoseCheck).toMatchObject({ decision: 'reduce', prescriberContact, sedation: '3' });
  });

  it('level 3 reduced without the prescriber contact is refused, saying what to record', () => {
    const withoutContact = preDoseCheck(2, { sedation: '3', decision: 'reduce', reducedDoseMg: 100, reason: 'Poor night' });
    expect(refusalCodes(checkedIn(), withoutContact)).toEqual(['prescriberAgreementNeeded']);
    expect(refusal(checkedIn(), withoutContact)).toContain('Record who you contacted');
    expect(refusalCodes(checkedIn(), preDoseCheck(2, {
      sedation: '3', decision: 'reduce', reducedDoseMg: 100, prescriberContact: '   ', reason: 'Poor night',
    }))).toEqual(['prescriberAgreementNeeded']);
  });

  it('a reduced dose must be inside the prescription\'s reduced range, and needs a reason', () => {
    const reduce = (reducedDoseMg: number | null, reason: string | null) =>
      preDoseCheck(2, { sedation: '3', decision: 'reduce', reducedDoseMg, prescriberContact, reason });
    expect(refusalCodes(checkedIn(), reduce(121, 'Poor night'))).toEqual(['reducedDoseOutOfRange']);
    expect(refusalCodes(checkedIn(), reduce(59, 'Poor night'))).toEqual(['reducedDoseOutOfRange']);
    expect(refusalCodes(checkedIn(), reduce(null, 'Poor night'))).toEqual(['reducedDoseOutOfRange']);
    expect(refusalCodes(checkedIn(), reduce(100, null))).toEqual(['reasonNeeded']);
    expect(stateOf(run(checkedIn(), [reduce(60, 'Poor night')]))).toBe('preparation');
    expect(stateOf(run(checkedIn(), [reduce(120, 'Poor night')]))).toBe('preparation');
  });

  it('a reduced dose is refused when the prescription has no reduced range', () => {
    const visit = checkedIn({ reducedDoseRange: null });
    expect(refusalCodes(visit, preDoseCheck(2, { sedation: '3', decision: 'reduce', reducedDoseMg: 100, prescriberContact, reason: 'Poor night' })))
      .toEqual(['reducedDoseNotPrescribed']);
  });

  it('level 4 may be neither given nor reduced', () => {
    expect(refusalCodes(checkedIn(), preDoseCheck(2, { sedation: '4', reason: 'Says they are fine' }))).toEqual(['sedationWithholds']);
    expect(refusalCodes(checkedIn(), preDoseCheck(2, { sedation: '4', decision: 'reduce', reducedDoseMg: 100, prescriberContact, reason: 'x' })))
      .toEqual(['sedationWithholds']);
  });

  it('level 4 withheld opens the overdose response, and the visit waits in withheldInResponse until its outcome', () => {
    const visit = run(checkedIn(), [preDoseCheck(2, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse' })]);
    expect(stateOf(visit)).toBe('withheldInResponse');
    expect(visit.context.overdoseResponses).toEqual([{
      startedAt: visit.context.preDoseCheck?.at, noticedAt: visit.context.preDoseCheck?.at, naloxone: [],
      oxygenAt: null, rescueBreathingAt: null, emergencyServicesCalledAt: null, outcome: null,
    }]);
  });

  it('a withhold always needs a reason', () => {
    expect(refusalCodes(checkedIn(), preDoseCheck(2, { decision: 'withhold', reason: null }))).toEqual(['reasonNeeded']);
    expect(refusalCodes(checkedIn(), preDoseCheck(2, { sedation: '4', decision: 'withhold', reason: '  ' }))).toEqual(['reasonNeeded']);
  });

  it('follows the site\'s own scale: a site that lets level 3 proceed', () => {
    const rules = rulesWith((site) => {
      site.sedation.mayProceed = ['S', '1', '2', '3'];
      site.sedation.mayReduceWithPrescriberContact = [];
    });
    expect(stateOf(run(checkedIn({ rules }), [preDoseCheck(2, { sedation: '3' })]))).toBe('preparation');
  });
});

describe('signs of intoxication and reported use', () => {
  it.each([
    ['signs of intoxication', { intoxicationSigns: true }],
    ['reported street tablets', { selfReportedUse: ['street tablets' as const] }],
    ['reported alcohol and benzodiazepines', { selfReportedUse: ['alcohol' as const, 'benzodiazepines' as const] }],
  ])('%s: proceeding needs the nurse\'s reason', (_label, flagged) => {
    expect(refusalCodes(checkedIn(), preDoseCheck(2, { ...flagged, reason: ' ' }))).toEqual(['reasonNeeded']);
    const visit = run(checkedIn(), [preDoseCheck(2, { ...flagged, reason: 'Small amount last night; alert and steady now' })]);
    expect(stateOf(visit)).toBe('preparation');
    expect(visit.context.preDoseCheck?.reason).toBe('Small amount last night; alert and steady now');
  });

  it('is recorded on the visit with what was reported', () => {
    const visit = run(checkedIn(), [preDoseCheck(2, { selfReportedUse: ['gabapentinoids'], reason: 'Prescribed; usual dose' })]);
    expect(visit.context.preDoseCheck).toMatchObject({ intoxicationSigns: false, selfReportedUse: ['gabapentinoids'] });
  });

  it('needs no reason when nothing is flagged', () => {
    expect(stateOf(run(checkedIn(), [preDoseCheck(2)]))).toBe('preparation');
  });
});

describe('the breath thresholds (at or above each one)', () => {
  const awaitingReading = () => run(checkedIn({ breathTestRequired: true }), [preDoseCheck(2), breathTestStarted(3)]);

  it.each([
    [0, 'preparation'],
    [8.9, 'preparation'],
    [9, 'breathReview'],
    [21.9, 'breathReview'],
    [22, 'doseWithheld'],
    [60, 'doseWithheld'],
  ] as const)('a reading of %s µg/100 mL goes to %s', (microgramsPer100ml, state) => {
    expect(stateOf(run(awaitingReading(), [breathResult(4, microgramsPer100ml)]))).toBe(state);
  });

  it('withholds with a reason that names the reading and the site\'s level', () => {
    const visit = run(awaitingReading(), [breathResult(4, 22)]);
    expect(visit.context.outcome).toMatchObject({
      kind: 'doseWithheld', reason: 'Breath alcohol 22 µg/100 mL is at or above the withhold level of 22.',
    });
  });

  it('needs a reason for either decision on a reading at the review level', () => {
    const review = run(awaitingReading(), [breathResult(4, 12)]);
    expect(refusalCodes(review, breathReview(5, 'proceed', null))).toEqual(['reasonNeeded']);
    expect(refusalCodes(review, breathReview(5, 'withhold', ''))).toEqual(['reasonNeeded']);
    const withheld = run(review, [breathReview(5, 'withhold', 'Unsteady; smells of alcohol')]);
    expect(withheld.context.outcome).toMatchObject({ kind: 'doseWithheld', reason: 'Unsteady; smells of alcohol' });
    const proceeding = run(review, [breathReview(5, 'proceed', 'Alert, steady, talking clearly')]);
    expect(stateOf(proceeding)).toBe('preparation');
    expect(proceeding.context.breath).toMatchObject({ outcome: 'review', reviewReason: 'Alert, steady, talking clearly' });
  });

  it('takes both thresholds from the site rules', () => {
    const strict = rulesWith((site) => { site.breathAlcohol.reviewAtOrAbove = 5; site.breathAlcohol.withholdAtOrAbove = 5; });
    expect(breathOutcome(strict, 4.9)).toBe('clear');
    expect(breathOutcome(strict, 5)).toBe('withhold');
    expect(breathOutcome(defaultSiteRules, 9)).toBe('review');
  });

  it('is skipped when the host did not require it, unless the nurse asks', () => {
    expect(stateOf(run(checkedIn(), [preDoseCheck(2)]))).toBe('preparation');
    expect(stateOf(run(checkedIn(), [preDoseCheck(2, { breathTestRequested: true })]))).toBe('breathTest');
    expect(stateOf(run(checkedIn({ breathTestRequired: true }), [preDoseCheck(2)]))).toBe('breathTest');
  });
});
