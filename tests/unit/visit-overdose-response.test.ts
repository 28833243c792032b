/**
 * The overdose response (docs/clinical-protocol.md, "Overdose response"): one touch from any stage,
 * never refused for lack of anything; naloxone, oxygen, rescue breathing and the emergency call
 * recorded on it (Ontario's dataset); while it is open no dose is prepared or given and the visit
 * cannot close. That it is accepted in every open state is checked in visit-machine-model.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { VisitEvent } from '../../shared/visit/visit-events.js';
import { openOverdoseResponse } from '../../shared/visit/visit-rules.js';
import { startVisit, stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import {
  at, breathResult, breathTestStarted, discharge, doseAdministered, dosePrepared, doseWithheld, emergencyServicesCalled, identityConfirmed,
  naloxoneGiven, observation, overdoseOutcome, overdoseResponseStarted, oxygenGiven, preDoseCheck, refusalCodes, rescueBreathingGiven, run,
  visitEnded, visitStartedFor,
} from '../support/visit-fixtures.js';

function checkedIn(breathTestRequired = false): VisitSnapshot {
  return run(startVisit(visitStartedFor({ breathTestRequired })), [identityConfirmed(1)]);
}

describe('recording the response', () => {
  it('keeps when it was noticed, each naloxone dose, oxygen, rescue breathing and the emergency call', () => {
    const visit = run(checkedIn(), [
      overdoseResponseStarted(5, 4), naloxoneGiven(6, 0.4, 'IM'), oxygenGiven(6), rescueBreathingGiven(7),
      emergencyServicesCalled(7), naloxoneGiven(9, 1.8, 'IN'), overdoseOutcome(20, 'recovered and observed', 'Alert after second dose'),
    ]);
    expect(visit.context.overdoseResponses).toEqual([{
      startedAt: at(5), noticedAt: at(4),
      naloxone: [
        { givenAt: at(6), doseMg: 0.4, route: 'IM', givenBy: 'nurse-1' },
        { givenAt: at(9), doseMg: 1.8, route: 'IN', givenBy: 'nurse-1' },
      ],
      oxygenAt: at(6), rescueBreathingAt: at(7), emergencyServicesCalledAt: at(7),
      outcome: { at: at(20), outcome: 'recovered and observed', note: 'Alert after second dose' },
    }]);
    expect(stateOf(visit)).toBe('preDoseCheck');
  });

  it('keeps the time naloxone was given, which may be before it is entered', () => {
    const late: VisitEvent = { type: 'naloxoneGiven', at: at(10), givenAt: at(6), doseMg: 0.4, route: 'IM', givenBy: 'hca-1' };
    expect(run(checkedIn(), [late]).context.overdoseResponses[0]?.naloxone).toEqual([{ givenAt: at(6), doseMg: 0.4, route: 'IM', givenBy: 'hca-1' }]);
  });

  it('opens the response when naloxone is the first thing recorded, with no start touched', () => {
    const visit = run(checkedIn(), [naloxoneGiven(6)]);
    expect(openOverdoseResponse(visit.context)).toMatchObject({ startedAt: at(6), noticedAt: at(6), naloxone: [{ givenAt: at(6) }] });
  });

  it('opens the response when oxygen or the emergency call comes first', () => {
    expect(openOverdoseResponse(run(checkedIn(), [oxygenGiven(6)]).context)).toMatchObject({ startedAt: at(6), oxygenAt: at(6) });
    expect(openOverdoseResponse(run(checkedIn(), [emergencyServicesCalled(6)]).context))
      .toMatchObject({ startedAt: at(6), emergencyServicesCalledAt: at(6) });
  });

  it('refuses a second start while one is open, saying it is already open', () => {
    expect(refusalCodes(run(checkedIn(), [overdoseResponseStarted(5)]), overdoseResponseStarted(6))).toEqual(['overdoseResponseOpen']);
  });

  it('refuses an outcome when no response is open', () => {
    expect(refusalCodes(checkedIn(), overdoseOutcome(5))).toEqual(['overdoseResponseNotOpen']);
  });

  it('keeps each response of a visit, and can open a new one after an outcome', () => {
    const visit = run(checkedIn(), [overdoseResponseStarted(5), overdoseOutcome(10), overdoseResponseStarted(30), naloxoneGiven(31)]);
    expect(visit.context.overdoseResponses.map((response) => [response.startedAt, response.outcome?.outcome ?? 'open'])).toEqual([
      [at(5), 'recovered and observed'], [at(30), 'open'],
    ]);
  });

  it.each([
    ['a naloxone route outside IN, IM and IV', { type: 'naloxoneGiven', at: at(5), givenAt: at(5), doseMg: 0.4, route: 'SC', givenBy: 'nurse-1' }],
    ['a naloxone dose of 0 mg', { type: 'naloxoneGiven', at: at(5), givenAt: at(5), doseMg: 0, route: 'IM', givenBy: 'nurse-1' }],
    ['naloxone given by nobody', { type: 'naloxoneGiven', at: at(5), givenAt: at(5), doseMg: 0.4, route: 'IM', givenBy: '' }],
    ['an outcome outside the list', { type: 'overdoseOutcomeRecorded', at: at(5), outcome: 'fine', note: null }],
  ])('does not parse %s', (_label, event) => {
    expect(VisitEvent.safeParse(event).success).toBe(false);
  });
});

describe('while the response is open', () => {
  it('no dose is prepared or recorded as given', () => {
    const ready = run(checkedIn(), [preDoseCheck(2), overdoseResponseStarted(3)]);
    expect(refusalCodes(ready, dosePrepared(4, 150))).toEqual(['overdoseResponseOpen']);
    const prepared = run(checkedIn(), [preDoseCheck(2), dosePrepared(3, 150), overdoseResponseStarted(4)]);
    expect(refusalCodes(prepared, doseAdministered(5, 150))).toEqual(['overdoseResponseOpen']);
  });

  it('a withheld dose waits in withheldInResponse, and the visit cannot end until the outcome', () => {
    const withheld = run(checkedIn(), [preDoseCheck(2), overdoseResponseStarted(3), doseWithheld(4, 'Collapsed in the waiting area')]);
    expect(stateOf(withheld)).toBe('withheldInResponse');
    expect(withheld.context.outcome).toEqual({ kind: 'doseWithheld', at: at(4), reason: 'Collapsed in the waiting area' });
    expect(refusalCodes(withheld, visitEnded(5, 'transferred to hospital'))).toEqual(['overdoseResponseOpen']);
    // The outcome is recorded but does not close the visit: the transfer itself is how it ends.
    const transferred = run(withheld, [overdoseOutcome(20, 'transferred to hospital', 'Ambulance at 10:20')]);
    expect(stateOf(transferred)).toBe('withheldInResponse');
    expect(transferred.context.overdoseResponses[0]?.outcome).toEqual({ at: at(20), outcome: 'transferred to hospital', note: 'Ambulance at 10:20' });
    const closed = run(transferred, [visitEnded(21, 'transferred to hospital')]);
    expect(closed.status).toBe('done');
  });

  it('after naloxone, whatever the outcome, the visit closes only after the observation time with an observation after it', () => {
    // Sedation 4 at the pre-dose check: withheld, the response opens; naloxone at 5 min, recovered at 7.
    const recovered = run(checkedIn(), [
      preDoseCheck(2, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse' }), naloxoneGiven(5), overdoseOutcome(7, 'recovered and observed'),
    ]);
    expect(stateOf(recovered)).toBe('withheldInResponse');
    expect(refusalCodes(recovered, discharge(8))).toEqual(['observationTimeLeft']);
    expect(refusalCodes(recovered, visitEnded(8, 'declined dose'))).toEqual(['observationAfterResponseNeeded']);
    // An hour after the naloxone (the site rule), an observation is still needed, and a red flag keeps the person.
    expect(refusalCodes(recovered, discharge(66))).toEqual(['observationNeeded']);
    expect(refusalCodes(run(recovered, [observation(66, { sedation: '3' })]), discharge(67))).toEqual(['observationNotSafe']);
    expect(stateOf(run(recovered, [observation(66), discharge(67)]))).toBe('doseWithheld');
    // Leaving against advice is recorded at any time, never refused, and the withhold still stands for the session.
    const left = run(recovered, [visitEnded(9, 'left against advice')]);
    expect(left.status).toBe('done');
    expect(left.context.outcome).toMatchObject({ kind: 'doseWithheld', reason: 'Hard to rouse' });
  });

  it('no diamorphine after naloxone in the visit unless a prescriber decides so after it', () => {
    const afterNaloxone = run(checkedIn(), [naloxoneGiven(2), overdoseOutcome(3, 'recovered and observed'), preDoseCheck(5)]);
    expect(refusalCodes(afterNaloxone, dosePrepared(8, 150))).toEqual(['naloxoneGivenThisSession']);
    const decided = run(afterNaloxone, [{ type: 'prescriberDecidedAfterNaloxone', at: at(6), prescriberId: 'dr-1', reason: 'Reviewed: the naloxone was for a faint' }]);
    expect(stateOf(run(decided, [dosePrepared(8, 150)]))).toBe('administration');
    // Naloxone given after the decision, even in the same minute, needs a decision of its own.
    const again = run(decided, [naloxoneGiven(6), overdoseOutcome(6, 'recovered and observed')]);
    expect(refusalCodes(again, dosePrepared(8, 150))).toEqual(['naloxoneGivenThisSession']);
  });

  it('a breath reading at the withhold level goes to withheldInResponse too', () => {
    const visit = run(checkedIn(true), [preDoseCheck(2), breathTestStarted(3), overdoseResponseStarted(4), breathResult(5, 30)]);
    expect(stateOf(visit)).toBe('withheldInResponse');
  });

  it('sedation level 4 withheld while a response is already open does not open a second one', () => {
    const visit = run(checkedIn(), [overdoseResponseStarted(2), preDoseCheck(3, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse' })]);
    expect(stateOf(visit)).toBe('withheldInResponse');
    expect(visit.context.overdoseResponses).toHaveLength(1);
  });
});
