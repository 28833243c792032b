/**
 * The controlled-drug record of a visit (docs/clinical-protocol.md, "Administration and
 * controlled-drug record"): amounts balance, the daily maximum, and two people throughout, with
 * waste always witnessed. An open-source CD ledger shipped a bug where unwitnessed waste read back
 * as "witness-verified": here a waste entry without a second person cannot even be parsed.
 */
import { describe, expect, it } from 'vitest';
import { noFormNamed } from '../../shared/register/prescribed-forms.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { TwoPeople, VisitEvent, type PrescriptionSnapshot } from '../../shared/visit/visit-events.js';
import { unaccountedMg } from '../../shared/visit/visit-rules.js';
import { startVisit, stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import {
  at, doseAdministered, dosePrepared, identityConfirmed, pair, preDoseCheck, refusal, refusalCodes, run, surplusWasted, visitStartedFor,
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
    expect(refusalCodes(waste, surplusWasted(5, 20))).toEqual(['amountsDoNotBalance']);
    expect(refusalCodes(waste, surplusWasted(5, 31))).toEqual(['amountsDoNotBalance']);
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
    expect(refusalCodes(prepared(100), doseAdministered(4, 100.5))).toEqual(['moreThanDrawn']);
  });

  it('accounts for a whole dose declined after drawing up, before the visit closes', () => {
    expect(refusalCodes(prepared(150), surplusWasted(4, 100))).toEqual(['amountsDoNotBalance']);
    const wasted = run(prepared(150), [surplusWasted(4, 150)]);
    expect(stateOf(wasted)).toBe('doseWasted');
    expect(unaccountedMg(wasted.context)).toBe(0);
  });
});

describe('what may be drawn up', () => {
  it('no more than the prescribed dose', () => {
    expect(refusalCodes(readyToPrepare(), dosePrepared(3, 150.5))).toEqual(['overDoseTarget']);
  });

  it('no more than the reduced dose decided at the pre-dose check', () => {
    const reduced = run(startVisit(visitStartedFor({ reducedDoseRange: { minMg: 60, maxMg: 120 } })), [
      identityConfirmed(1),
      preDoseCheck(2, { sedation: '3', decision: 'reduce', reducedDoseMg: 90, prescriberContact: 'Dr Ahmed', reason: 'Drowsy' }),
    ]);
    expect(refusalCodes(reduced, dosePrepared(3, 100))).toEqual(['overDoseTarget']);
    expect(stateOf(run(reduced, [dosePrepared(3, 90)]))).toBe('administration');
  });

  it('only the prescribed drug', () => {
    const methadone = { ...dosePrepared(3, 50), drug: 'methadone' };
    expect(refusalCodes(readyToPrepare(), methadone)).toEqual(['wrongDrug']);
  });

  it('only by a route the prescription allows', () => {
    expect(refusalCodes(prepared(150), doseAdministered(4, 150, { route: 'SC', site: 'abdomen' }))).toEqual(['routeNotPrescribed']);
  });

  it('only at a site that belongs to the route, so the register never says "IM, left arm"', () => {
    expect(refusalCodes(prepared(150), doseAdministered(4, 150, { route: 'IM', site: 'left arm' }))).toEqual(['wrongInjectionSite']);
  });
});

describe('the daily maximum at preparation', () => {
  it('refuses to draw up more than the rest of the day\'s allowance, saying how much is left', () => {
    const visit = readyToPrepare({ givenTodayMg: 900 });
    expect(refusalCodes(visit, dosePrepared(3, 150))).toEqual(['overDailyMaximum']);
    expect(refusal(visit, dosePrepared(3, 150))).toContain('at most 100 mg');
    expect(stateOf(run(visit, [dosePrepared(3, 100)]))).toBe('administration');
  });

  it('refuses any amount once the maximum has been given', () => {
    expect(refusalCodes(readyToPrepare({ givenTodayMg: 1000 }), dosePrepared(3, 1))).toEqual(['overDailyMaximum']);
  });
});

describe('two people throughout', () => {
  it('the same nurse and witness record administration and waste as prepared the dose', () => {
    const visit = prepared(150);
    expect(refusalCodes(visit, doseAdministered(4, 140, { staff: { nurseId: pair.witnessId, witnessId: pair.nurseId } }))).toEqual(['pairChanged']);
    const waste = run(visit, [doseAdministered(4, 140)]);
    expect(refusalCodes(waste, surplusWasted(5, 10, { nurseId: pair.nurseId, witnessId: 'nurse-2' }))).toEqual(['pairChanged']);
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

describe('the product drawn from, against the forms the prescription in force allows', () => {
  const powderOnly: PrescriptionSnapshot = { ...visitStartedFor().prescription, allowedForms: ['powder for injection'] };
  const terms = (prescription: PrescriptionSnapshot) => ({ rules: defaultSiteRules, prescription, givenTodayMg: 0 });
  const from = (product: { drug: string; form: 'powder for injection' | 'solution for injection' }, prescription = powderOnly) =>
    ({ ...dosePrepared(3, 120), terms: terms(prescription), product });

  it('refuses, also when replayed, a product of a form or drug the prescription the step carries does not allow', () => {
    expect(refusalCodes(readyToPrepare(), from({ drug: 'diamorphine', form: 'solution for injection' }))).toEqual(['productNotPrescribed']);
    expect(refusal(readyToPrepare(), from({ drug: 'diamorphine', form: 'solution for injection' })))
      .toBe('The prescription allows diamorphine as powder for injection only: pick a product of that form.');
    expect(refusalCodes(readyToPrepare(), from({ drug: 'methadone', form: 'powder for injection' }))).toEqual(['productNotPrescribed']);
    expect(stateOf(run(readyToPrepare(), [from({ drug: 'Diamorphine', form: 'powder for injection' })]))).toBe('administration');
  });

  it('judges by the prescription at preparation, not at check-in, and an old one naming no form allows none', () => {
    const solutionNow: PrescriptionSnapshot = { ...powderOnly, allowedForms: ['solution for injection'] };
    expect(refusalCodes(readyToPrepare(), from({ drug: 'diamorphine', form: 'powder for injection' }, solutionNow))).toEqual(['productNotPrescribed']);
    expect(stateOf(run(readyToPrepare(), [from({ drug: 'diamorphine', form: 'solution for injection' }, solutionNow)]))).toBe('administration');
    expect(refusal(readyToPrepare(), from({ drug: 'diamorphine', form: 'powder for injection' }, { ...powderOnly, allowedForms: [] }))).toBe(noFormNamed);
  });

  it('keeps preparations from before the catalogue and before allowed forms readable: they name no product, or no forms', () => {
    expect(stateOf(run(readyToPrepare(), [dosePrepared(3, 120)]))).toBe('administration');
    expect(stateOf(run(readyToPrepare(), [{ ...dosePrepared(3, 120), product: { drug: 'diamorphine', form: 'solution for injection' } }]))).toBe('administration');
  });
});
