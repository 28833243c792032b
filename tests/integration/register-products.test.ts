/**
 * The controlled-drug register by product, as a CD inspector and a clinic lead would try it: two
 * strengths received into two sections, doses drawn from each, waste on the section the dose came
 * from, a balance never taken below zero, a movement on a product the catalogue does not know
 * refused, both PINs at every entry, stock counts that allow for (and name) doses drawn up, and a
 * page kept under a drug name before the catalogue carried to a product's section, witnessed.
 */
import { describe, expect, it } from 'vitest';
import { demoProducts } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import type { Intention, RegisterSection, Reply, ReportOf } from '../../shared/contract/index.js';
import { accepted, as, demo, refusedWith, signIn } from '../support/host-session.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { appendAsThisKiosk } from '../support/kiosk-data.js';
import {
  demoReceipt, demoStockCheck, doseUpToObservation, observeAndDischarge, people, pinOf, preDoseCheck, report,
} from '../support/test-kiosk.js';

const ampoule100 = demoProducts.ampoule100mg.productId;
const ampoule500 = demoProducts.ampoule500mg.productId;

const kiosk = kioskPerTest();

async function staffOn(host: Host) {
  const ids = { nurse: await signIn(host, demo.nurse), nurse2: await signIn(host, demo.nurse2), hca: await signIn(host, demo.hca), lead: await signIn(host, demo.lead) };
  return { ...ids, nurseActs: as(host, ids.nurse), leadActs: as(host, ids.lead), signed: { actorId: ids.nurse, witnessId: ids.nurse2 } };
}

function section(register: ReportOf<'register'>, sectionId: string): RegisterSection {
  const found = register.sections.find((each) => each.sectionId === sectionId);
  if (!found) throw new Error(`No register section ${sectionId}`);
  return found;
}

async function upToPreparation(act: (intention: Intention) => Promise<Reply>, serviceUserId: string): Promise<string> {
  const visitId = accepted(await act({ type: 'startVisit', serviceUserId })) ?? '';
  accepted(await act({ type: 'confirmIdentity', visitId }));
  accepted(await act(preDoseCheck(visitId)));
  return visitId;
}

describe('a register section per product', () => {
  it('keeps two strengths apart: receipts in their unit with batch and expiry, doses and waste on the section they were drawn from', async () => {
    const room = await kiosk();
    const { nurse, hca, nurseActs, signed } = await staffOn(room.host);
    accepted(await nurseActs(demoReceipt(4, 'DEL-0042', signed, ampoule500)));
    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120 }));
    const mags = await doseUpToObservation(nurseActs, people.mags, {
      witnessId: hca, drawnMg: 200, administeredMg: 180, route: 'IV', site: 'left arm', productId: ampoule500,
    });
    await observeAndDischarge(nurseActs, room.clock, mags);

    const register = await report(room.host, nurse, 'register');
    const small = section(register, ampoule100);
    const large = section(register, ampoule500);
    expect(small.title).toBe('Diamorphine, powder for injection, 100 mg ampoule');
    expect(large.title).toBe('Diamorphine, powder for injection, 500 mg ampoule');
    // 120 mg from 100 mg ampoules opens two: the 80 mg left in them is destroyed at preparation.
    expect(small.lines.map((line) => [line.kind, line.inMg, line.outMg, line.balanceMg])).toEqual([
      ['receipt', 10_000, 0, 10_000],
      ['waste', 0, 80, 9920],
      ['administration', 0, 120, 9800],
    ]);
    expect(small.lines[1]?.detail).toBe('Left in the ampoules opened for a 120 mg dose: destroyed at preparation, witnessed');
    expect(large.lines.map((line) => [line.kind, line.inUnits, line.outUnits, line.balanceMg])).toEqual([
      ['receipt', 20, null, 10_000],
      ['receipt', 4, null, 12_000],
      ['waste', null, 0.6, 11_700],
      ['administration', null, 0.36, 11_520],
      ['waste', null, 0.04, 11_500],
    ]);
    // Whole ampoules in the cupboard, as the register says.
    expect([small.balanceUnits, large.balanceUnits]).toEqual([98, 23]);
    expect(large.lines[1]).toMatchObject({
      batch: 'B-TEST-1', expiresOn: '2028-12-31', recordedBy: 'Aisha Khan', witnessedBy: 'Priya Nair', detail: 'From Hospital pharmacy, reference DEL-0042',
    });
    expect(large.lines[3]).toMatchObject({ serviceUser: 'Margaret Doyle (Mags)', prescriber: 'Dr Okafor', drawnMg: 200, route: 'IV', witnessedBy: 'Tom Reid' });
    // No page under a drug name: free text decided nothing.
    expect(register.sections.map((each) => each.productId)).toEqual([ampoule100, ampoule500]);
  });

  it('refuses a receipt, a count or a preparation on a product the catalogue does not know, writing nothing', async () => {
    const room = await kiosk();
    const { hca, nurseActs, signed } = await staffOn(room.host);
    const before = room.ledger().length;
    expect(await nurseActs(demoReceipt(10, 'X-1', signed, 'diamorphine hydrochloride'))).toMatchObject({
      ok: false, code: 'unknownProduct', reason: expect.stringContaining('A clinic lead adds the product'),
    });
    expect(refusedWith(await nurseActs(demoStockCheck('start of day', 10, null, signed, 'cdp-nowhere')))).toBe('unknownProduct');
    const visitId = await upToPreparation(nurseActs, people.dee);
    const during = room.ledger().length;
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', visitId, productId: 'cdp-nowhere', drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }))).toBe('unknownProduct');
    expect(room.ledger()).toHaveLength(during);
    expect(during - before).toBe(3);
  });
});

describe('preparation draws on the product that holds the dose', () => {
  it('refuses a dose larger than the product\'s balance less what open visits have drawn, and names the receipt to record', async () => {
    const room = await kiosk();
    const { hca, nurse, nurseActs, leadActs } = await staffOn(room.host);
    accepted(await leadActs({ type: 'addControlledDrugProduct', drug: 'Diamorphine', form: 'solution for injection', counting: { unit: 'mL', mgPerMl: 50 } }));
    const solution = (await report(room.host, nurse, 'register')).sections.find((each) => each.title === 'Diamorphine, solution for injection, 50 mg/mL solution');
    expect(solution).toMatchObject({ balanceMg: 0, lines: [] });
    accepted(await nurseActs(demoReceipt(3, 'SOL-1', { actorId: nurse, witnessId: hca }, solution!.sectionId)));

    const mags = await upToPreparation(nurseActs, people.mags);
    const offered = room.host.room().visits.find((visit) => visit.visitId === mags)?.injection.products ?? [];
    expect(offered.find((product) => product.productId === solution!.sectionId)).toMatchObject({
      availableMg: 150, problem: 'Only 150 mg in the register that is not drawn up already.',
    });
    const before = room.ledger().length;
    expect(await nurseActs({ type: 'recordPreparation', visitId: mags, productId: solution!.sectionId, drawnMg: 200, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) })).toMatchObject({
      ok: false, code: 'notEnoughStock', reason: expect.stringMatching(/holds 150 mg of Diamorphine, solution for injection, 50 mg\/mL solution.*record the receipt/),
    });
    expect(room.ledger()).toHaveLength(before);

    // 150 mg is enough for Dee's 120 mg; then only 30 mg is left for anyone else in the room.
    const dee = await upToPreparation(nurseActs, people.dee);
    accepted(await nurseActs({ type: 'recordPreparation', visitId: dee, productId: solution!.sectionId, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', visitId: mags, productId: solution!.sectionId, drawnMg: 100, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) })))
      .toBe('notEnoughStock');
    expect(section(await report(room.host, nurse, 'register'), solution!.sectionId).balanceMg).toBe(150);
  });

  it('refuses a product of another drug than the prescription\'s', async () => {
    const room = await kiosk();
    const { hca, nurse, nurseActs, leadActs } = await staffOn(room.host);
    accepted(await leadActs({ type: 'addControlledDrugProduct', drug: 'methadone', form: 'solution for injection', counting: { unit: 'mL', mgPerMl: 10 } }));
    const methadone = (await report(room.host, nurse, 'register')).sections.find((each) => each.drug === 'methadone')!;
    accepted(await nurseActs(demoReceipt(100, 'M-1', { actorId: nurse, witnessId: hca }, methadone.sectionId)));
    const visitId = await upToPreparation(nurseActs, people.dee);
    expect(room.host.room().visits.find((visit) => visit.visitId === visitId)?.injection.products.map((product) => product.productId)).toEqual([ampoule100, ampoule500]);
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', visitId, productId: methadone.sectionId, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) })))
      .toBe('productNotPrescribed');
  });
});

describe('the catalogue and the register entries\' signatures', () => {
  it('is kept by a clinic lead: the same drug, form and strength twice is refused', async () => {
    const room = await kiosk();
    const { leadActs } = await staffOn(room.host);
    expect(await leadActs({ type: 'addControlledDrugProduct', ...demoProducts.ampoule100mg })).toMatchObject({ ok: false, code: 'productAlreadyInCatalogue' });
  });

  it('takes a receipt only with both people\'s own PINs, in whole ampoules, and not of an expired batch', async () => {
    const room = await kiosk();
    const { nurse, nurse2, nurseActs, signed } = await staffOn(room.host);
    const before = room.ledger().filter((row) => row.type === 'stockReceived').length;
    expect(await nurseActs({ ...demoReceipt(5, 'R-1', signed), witnessPin: pinOf(nurse) })).toMatchObject({
      ok: false, code: 'wrongPin', reason: expect.stringMatching(/^The receipt was not recorded: Priya Nair's PIN was not right\./),
    });
    expect(refusedWith(await nurseActs(demoReceipt(2.5, 'R-2', signed)))).toBe('partAmpoule');
    expect(await nurseActs({ ...demoReceipt(5, 'R-3', signed), expiresOn: '2026-11-01' })).toMatchObject({
      ok: false, code: 'expiredStock', reason: expect.stringContaining('expired on 2026-11-01'),
    });
    expect(room.ledger().filter((row) => row.type === 'stockReceived')).toHaveLength(before);
    accepted(await nurseActs(demoReceipt(5, 'R-4', { actorId: nurse, witnessId: nurse2 })));
    expect(room.ledger().filter((row) => row.type === 'stockReceived')).toHaveLength(before + 1);
  });
});

describe('stock checks', () => {
  it('allow for a dose drawn up in an open visit, name it, and flag one left from a session that has closed', async () => {
    const room = await kiosk();
    const { nurse, hca, nurseActs } = await staffOn(room.host);
    const by = { actorId: nurse, witnessId: hca };
    const dee = await upToPreparation(nurseActs, people.dee);
    accepted(await nurseActs({ type: 'recordPreparation', visitId: dee, productId: ampoule100, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    const checks = await report(room.host, nurse, 'stockChecks');
    expect(checks.balances.find((balance) => balance.sectionId === ampoule100)?.drawnUp).toEqual([
      expect.objectContaining({ preferredName: 'Dee', drawnMg: 120, earlierSession: false }),
    ]);
    // Two ampoules opened for Dee's 120 mg (80 mg left in them destroyed): 9,920 mg in the register,
    // 120 mg of it in a syringe in the booth, so 98 ampoules in the cupboard. 97 differs by 100 mg.
    expect(await nurseActs(demoStockCheck('start of day', 97, null, by))).toMatchObject({
      ok: false, code: 'stockCountDiffers', reason: expect.stringContaining('(9920 mg, less 120 mg drawn up for doses in progress) by -100 mg'),
    });
    accepted(await nurseActs(demoStockCheck('start of day', 98, null, by)));

    // The visit is left open past the end of the session: the next count names it as a discrepancy.
    room.clock.advanceMinutes(6 * 60);
    expect((await report(room.host, nurse, 'stockChecks')).balances.find((balance) => balance.sectionId === ampoule100)?.drawnUp)
      .toEqual([expect.objectContaining({ preferredName: 'Dee', earlierSession: true })]);
    expect(await nurseActs(demoStockCheck('end of day', 98, null, by))).toMatchObject({
      ok: false, code: 'stockCountDiffers', reason: expect.stringMatching(/session that has closed.*120 mg for Dee/),
    });
    accepted(await nurseActs(demoStockCheck('end of day', 98, 'Dee\'s dose was left drawn up: wasted, witnessed, incident raised', by)));
    const counted = room.ledger().filter((row) => row.type === 'stockChecked').map((row) => JSON.parse(row.payload));
    expect(counted.at(-1)).toMatchObject({ productId: ampoule100, countedUnits: 98, countedMg: 9800, drawnUpMg: 120, drawnUpIn: [{ visitId: dee, drawnMg: 120 }] });
  });
});

describe('a page kept under a drug name before the catalogue', () => {
  it('stays as it was, is flagged until a clinic lead carries its counted balance to a product\'s section, witnessed', async () => {
    const room = await kiosk();
    await appendAsThisKiosk(room.dataDir, [{
      actorStaffId: 'demo-staff-nurse', witnessStaffId: 'demo-staff-nurse-2',
      event: {
        type: 'stockReceived', drug: 'diamorphine', quantityMg: 1500, supplier: 'Old pharmacy', reference: 'OLD-1',
        receivedBy: 'demo-staff-nurse', witnessedBy: 'demo-staff-nurse-2',
      },
    }], () => room.clock.now());
    await room.restart();
    const { lead, nurse2, leadActs, nurse } = await staffOn(room.host);
    const page = 'drug:diamorphine';
    const register = await report(room.host, nurse, 'register');
    expect(section(register, page)).toMatchObject({ productId: null, balanceMg: 1500, title: 'diamorphine (kept by drug name, before the product catalogue)' });
    const alert = 'The register page for diamorphine (kept by drug name, before the product catalogue) still holds 1500 mg: ' +
      'a clinic lead carries it to the product\'s section, witnessed, under Records > Stock.';
    expect(room.host.room().alerts).toContain(alert);

    const carry = { type: 'carryRegisterPageForward', drug: 'diamorphine', productId: ampoule500, countedUnits: 2, note: null, witnessId: nurse2,
      actorPin: pinOf(lead), witnessPin: pinOf(nurse2) } as const;
    expect(await leadActs(carry)).toMatchObject({ ok: false, code: 'stockCountDiffers', reason: expect.stringContaining('2 ampoules is 1000 mg; the page holds 1500 mg') });
    expect(refusedWith(await leadActs({ ...carry, countedUnits: 15, productId: ampoule100, witnessPin: pinOf(lead) }))).toBe('wrongPin');
    accepted(await leadActs({ ...carry, countedUnits: 15, productId: ampoule100 }));

    const after = await report(room.host, nurse, 'register');
    expect(section(after, page).lines.map((line) => [line.kind, line.inMg, line.outMg, line.balanceMg])).toEqual([
      ['receipt', 1500, 0, 1500], ['carried forward', 0, 1500, 0],
    ]);
    expect(section(after, ampoule100).lines.at(-1)).toMatchObject({
      kind: 'carried forward', inMg: 1500, inUnits: 15, balanceMg: 11_500, recordedBy: 'Sam Lee', witnessedBy: 'Priya Nair',
    });
    expect(room.host.room().alerts).not.toContain(alert);
    expect(refusedWith(await leadActs({ ...carry, countedUnits: 15, productId: ampoule100 }))).toBe('registerPageClosed');
  });
});

describe('corrections (reg 20)', () => {
  it('never alter an entry: a witnessed note names it, and a wrong amount moves the balance from there on, never below zero', async () => {
    const room = await kiosk();
    const { nurse, nurse2, nurseActs, leadActs, lead, signed } = await staffOn(room.host);
    accepted(await nurseActs(demoReceipt(20, 'DEL-7', signed, ampoule500)));
    const received = room.ledger().filter((row) => row.type === 'stockReceived').at(-1)!;
    const correction = {
      type: 'correctRegisterEntry', section: ampoule500, entryEventId: received.event_id, rightInMg: 9500, rightOutMg: 0,
      reason: '19 ampoules were delivered, not 20: the delivery note was misread', witnessId: nurse2, actorPin: pinOf(nurse), witnessPin: pinOf(nurse2),
    } as const;
    expect(refusedWith(await nurseActs({ ...correction, witnessPin: pinOf(nurse) }))).toBe('wrongPin');
    expect(refusedWith(await nurseActs({ ...correction, entryEventId: 'not-an-entry' }))).toBe('noSuchRegisterEntry');
    expect(refusedWith(await nurseActs({ ...correction, rightInMg: 0, rightOutMg: 25_000 }))).toBe('notEnoughStock');
    accepted(await nurseActs(correction));

    const lines = section(await report(room.host, nurse, 'register'), ampoule500).lines;
    expect(lines.map((line) => [line.kind, line.inMg, line.outMg, line.balanceMg])).toEqual([
      ['receipt', 10_000, 0, 10_000], ['receipt', 10_000, 0, 20_000], ['correction', 0, 500, 19_500],
    ]);
    // The wrong entry is still there as it was, and says it was corrected; the correction names it, who and why.
    expect(lines[1]).toMatchObject({ inMg: 10_000, inUnits: 20, correctedBy: [lines[2]!.eventId], corrects: null });
    expect(lines[2]).toMatchObject({
      corrects: received.event_id, recordedBy: 'Aisha Khan', witnessedBy: 'Priya Nair',
      detail: expect.stringMatching(/should read 9500 mg in and 0 mg out, not 10000 mg in and 0 mg out\. 19 ampoules were delivered/),
    });
    expect(JSON.parse(received.payload)).toMatchObject({ quantityMg: 10_000, units: 20 });
    // A clinic lead may correct too; a correction of something other than the amount leaves the balance.
    accepted(await leadActs({ ...correction, rightInMg: 10_000, reason: 'Batch number misread: B-TEST-1 is right', actorPin: pinOf(lead) }));
    expect(section(await report(room.host, nurse, 'register'), ampoule500).lines.at(-1)).toMatchObject({ kind: 'correction', inMg: 0, outMg: 0, balanceMg: 19_500 });
  });
});
