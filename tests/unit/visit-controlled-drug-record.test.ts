/**
 * The controlled-drug record of a visit (clinical-protocol.md, "Administration and
 * controlled-drug record"): amounts balance, the daily maximum, and two people throughout, with
 * waste always witnessed. An open-source CD ledger shipped a bug where unwitnessed waste read back
 * as "witness-verified": here a waste entry without a second person cannot even be parsed.
 */
import { describe, expect, it } from 'vitest';
import { TwoPeople, VisitEvent } from '../../shared/visit/visit-events.js';
import { unaccountedMg } from '../../shared/visit/visit-rules.js';
import { startVisit, stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import {
  at, doseAdministered, dosePrepared, identityConfirmed, pair, preDoseCheck, refusal, run, surplusWasted, visitStartedFor,
  type VisitOptions,
} from '../support/visit-fixtures.js';

function readyToPrepare(options: VisitOptions = {}): VisitSnapshot {
  return run(startVisit(visitStartedFor(options)), [identityConfirmed(1), preDoseCheck(2)]);
}

function prepared(drawnMg: number): VisitSnapshot {
  return run(readyToPrepare(), [dosePrepared(3, drawnMg)]);
}

describe('amounts balance: administered + wasted = drawn', () => {
  it('accepts only the amount left over as waste', () => {
    const waste = run(prepared(150), [doseAdministered(4, 120)]);
    expect(stateOf(waste)).toBe('waste');
    expect(unaccountedMg(waste.context)).toBe(30);
    expect(refusal(waste, surplusWasted(5, 20))).toBe('Amounts must balance: 30 mg is left over, so 30 mg must be wasted (20 mg entered).');
    expect(refusal(waste, surplusWasted(5, 31))).toBe('Amounts must balance: 30 mg is left over, so 30 mg must be wasted (31 mg entered).');
    const balanced = run(waste, [surplusWasted(5, 30)]);
    expect(stateOf(balanced)).toBe('observation');
    const { preparation, administration, waste: wasted } = balanced.context;
    expect((administration?.administeredMg ?? 0) + (wasted?.wastedMg ?? 0)).toBe(preparation?.drawnMg);
    expect(unaccountedMg(balanced.context)).toBe(0);
  });

  it('balances amounts entered to two decimal places', () => {
    const waste = run(prepared(150), [doseAdministered(4, 149.99)]);
    expect(stateOf(waste)).toBe('waste');
    expect(unaccountedMg(waste.context)).toBe(0.01);
    expect(stateOf(run(waste, [surplusWasted(5, 0.01)]))).toBe('observation');
  });

  it('refuses to record more administered than was drawn up', () => {
    expect(refusal(prepared(100), doseAdministered(4, 100.5))).toBe('100.5 mg administered is more than the 100 mg drawn up.');
  });

  it('accounts for a whole dose declined after drawing up, before the visit closes', () => {
    expect(refusal(prepared(150), surplusWasted(4, 100))).toBe('Amounts must balance: 150 mg is left over, so 150 mg must be wasted (100 mg entered).');
    const wasted = run(prepared(150), [surplusWasted(4, 150)]);
    expect(stateOf(wasted)).toBe('doseWasted');
    expect(unaccountedMg(wasted.context)).toBe(0);
  });
});

describe('what may be drawn up', () => {
  it('no more than the prescribed dose', () => {
    expect(refusal(readyToPrepare(), dosePrepared(3, 150.5)))
      .toBe('150.5 mg is more than the prescribed 150 mg. Draw up no more than the prescribed dose.');
  });

  it('no more than the reduced dose decided at the pre-dose check', () => {
    const reduced = run(startVisit(visitStartedFor({ reducedDoseRange: { minMg: 60, maxMg: 120 } })), [
      identityConfirmed(1),
      preDoseCheck(2, { sedation: '3', decision: 'reduce', reducedDoseMg: 90, prescriberContact: 'Dr Ahmed', reason: 'Drowsy' }),
    ]);
    expect(refusal(reduced, dosePrepared(3, 100))).toBe('100 mg is more than the reduced dose of 90 mg decided at the pre-dose check.');
    expect(stateOf(run(reduced, [dosePrepared(3, 90)]))).toBe('administration');
  });

  it('only the prescribed drug', () => {
    const methadone = { ...dosePrepared(3, 50), drug: 'methadone' };
    expect(refusal(readyToPrepare(), methadone)).toBe('The prescription is for diamorphine, not methadone.');
  });

  it('only by a route the prescription allows', () => {
    expect(refusal(prepared(150), doseAdministered(4, 150, { route: 'SC', site: 'abdomen' }))).toBe('The prescription allows IV or IM, not SC.');
  });

  it('only at a site that belongs to the route, so the register never says "IM, left arm"', () => {
    expect(refusal(prepared(150), doseAdministered(4, 150, { route: 'IM', site: 'left arm' })))
      .toBe('left arm is not an injection site for IM: choose left thigh, right thigh, left buttock, right buttock, left deltoid, right deltoid.');
  });
});

describe('the daily maximum at preparation', () => {
  it('refuses to draw up more than the rest of the day\'s allowance, saying how much is left', () => {
    const visit = readyToPrepare({ givenTodayMg: 900 });
    expect(refusal(visit, dosePrepared(3, 150))).toBe(
      '150 mg would go over the daily maximum of 1000 mg: 900 mg has been given today, so at most 100 mg may be drawn up.');
    expect(stateOf(run(visit, [dosePrepared(3, 100)]))).toBe('administration');
  });

  it('refuses any amount once the maximum has been given', () => {
    expect(refusal(readyToPrepare({ givenTodayMg: 1000 }), dosePrepared(3, 1))).toBe(
      '1 mg would go over the daily maximum of 1000 mg: 1000 mg has been given today, so at most 0 mg may be drawn up.');
  });
});

describe('two people throughout', () => {
  it('the same nurse and witness record administration and waste as prepared the dose', () => {
    const visit = prepared(150);
    const sameRoles = 'The nurse and witness who prepared this dose must record and witness this step too.';
    expect(refusal(visit, doseAdministered(4, 140, { staff: { nurseId: pair.witnessId, witnessId: pair.nurseId } }))).toBe(sameRoles);
    const waste = run(visit, [doseAdministered(4, 140)]);
    expect(refusal(waste, surplusWasted(5, 10, { nurseId: pair.nurseId, witnessId: 'nurse-2' }))).toBe(sameRoles);
  });

  it('the witness must be a second person', () => {
    const parsed = TwoPeople.safeParse({ nurseId: 'nurse-1', witnessId: 'nurse-1' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['The witness must be a second person.']);
  });

  it('a waste entry with the nurse as their own witness does not parse', () => {
    const selfWitnessed = { type: 'surplusWasted', at: at(5), wastedMg: 10, staff: { nurseId: 'nurse-1', witnessId: 'nurse-1' } };
    expect(VisitEvent.safeParse(selfWitnessed).success).toBe(false);
  });

  it.each([
    ['no staff at all', {}],
    ['staff: null', { staff: null }],
    ['a nurse and no witness', { staff: { nurseId: 'nurse-1' } }],
    ['an empty witness', { staff: { nurseId: 'nurse-1', witnessId: '' } }],
    ['a "witnessed" flag instead of a witness', { witnessed: true }],
  ])('a waste entry with %s does not parse, so it can never read back as witnessed', (_label, staff) => {
    expect(VisitEvent.safeParse({ type: 'surplusWasted', at: at(5), wastedMg: 10, ...staff }).success).toBe(false);
  });

  it('a witnessed waste entry reads back from storage with its witness', () => {
    const stored = JSON.parse(JSON.stringify(surplusWasted(5, 10)));
    expect(VisitEvent.parse(stored)).toEqual({ type: 'surplusWasted', at: at(5), wastedMg: 10, staff: { nurseId: 'nurse-1', witnessId: 'hca-1' } });
  });

  it('preparation and administration entries need the second person too', () => {
    const { staff: _staff, ...preparedAlone } = dosePrepared(3, 150);
    expect(VisitEvent.safeParse(preparedAlone).success).toBe(false);
    expect(VisitEvent.safeParse({ ...doseAdministered(4, 150), staff: { nurseId: 'nurse-1', witnessId: 'nurse-1' } }).success).toBe(false);
  });
});
