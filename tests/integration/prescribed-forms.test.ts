/**
 * A prescription names the forms it allows, and the product picked at preparation must be of the
 * prescribed drug and one of those forms, judged against the prescription in force at
 * preparation (a change since check-in included). The picker shows, before the tap, which
 * products are allowed and why the others are not. A prescription from before allowed forms is
 * read from its free-text form, and allows none when that names none the catalogue knows.
 * Through the real host and its SQLite file.
 */
import { describe, expect, it } from 'vitest';
import { demoAllowedForms, demoProducts } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import type { Intention, Reply, VisitView } from '../../shared/contract/index.js';
import { noFormNamed } from '../../shared/register/prescribed-forms.js';
import type { ProductForm } from '../../shared/register/products.js';
import { accepted, as, demo, refusedWith, signIn } from '../support/host-session.js';
import { appendAsThisKiosk } from '../support/kiosk-data.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { demoReceipt, people, preDoseCheck, report, visitStepPins, type TestKiosk } from '../support/test-kiosk.js';

const kiosk = kioskPerTest();
const ampoule100 = demoProducts.ampoule100mg.productId;
const solutionTitle = 'Diamorphine, solution for injection, 10 mg/mL solution';
const powderOnly = 'The prescription allows diamorphine as powder for injection only: pick a product of that form.';
const solutionOnly = 'The prescription allows diamorphine as solution for injection only: pick a product of that form.';

/** The demo staff signed in, and a solution of diamorphine in the catalogue with 50 mL received. */
async function withSolutionInStock(room: TestKiosk) {
  const nurse = await signIn(room.host, demo.nurse);
  const hca = await signIn(room.host, demo.hca);
  const nurse2 = await signIn(room.host, demo.nurse2);
  const lead = await signIn(room.host, demo.lead);
  const prescriber = await signIn(room.host, demo.prescriber);
  accepted(await as(room.host, lead)({ type: 'addControlledDrugProduct', drug: 'diamorphine', form: 'solution for injection', counting: { unit: 'mL', mgPerMl: 10 } }));
  const solution = (await report(room.host, nurse, 'register')).sections.find((each) => each.title === solutionTitle)?.sectionId ?? '';
  accepted(await as(room.host, nurse)(demoReceipt(50, 'SOL-1', { actorId: nurse, witnessId: nurse2 }, solution)));
  return { nurse, hca, solution, nurseActs: as(room.host, nurse), prescriberActs: as(room.host, prescriber) };
}

async function upToPreparation(act: (intention: Intention) => Promise<Reply>, serviceUserId: string): Promise<string> {
  const visitId = accepted(await act({ type: 'startVisit', serviceUserId })) ?? '';
  accepted(await act({ type: 'confirmIdentity', visitId }));
  accepted(await act(preDoseCheck(visitId)));
  return visitId;
}

/** Dee's prescription (120 mg, IM) changed to allow only these forms. */
function deeAllowing(allowedForms: ProductForm[], prescriptionId = 'demo-su-3-rx-1'): Intention {
  return {
    type: 'changePrescription', prescriptionId, allowedForms, dosePerSessionMg: 120, sessionsPerDay: 2, routes: ['IM'],
    reducedDoseRange: null, endsOn: null, reason: 'Forms reviewed with pharmacy',
  };
}

const visitOf = (host: Host, visitId: string): VisitView | undefined => host.room().visits.find((visit) => visit.visitId === visitId);
const preparations = (room: TestKiosk) => room.ledger().filter((row) => row.type === 'dosePrepared');

describe('the product picked at preparation, against the forms the prescription allows', () => {
  it('offers a form the prescription does not allow disabled with why, refuses it in words with nothing written, and takes an allowed one', async () => {
    const room = await kiosk();
    const { hca, solution, nurseActs, prescriberActs } = await withSolutionInStock(room);
    accepted(await prescriberActs(deeAllowing(['powder for injection'])));
    const dee = await upToPreparation(nurseActs, people.dee);

    const view = visitOf(room.host, dee);
    expect(view?.prescription.allowedForms).toEqual(['powder for injection']);
    expect(view?.injection.products.map((product) => [product.title, product.notPrescribed])).toEqual([
      ['Diamorphine, powder for injection, 100 mg ampoule', null], ['Diamorphine, powder for injection, 500 mg ampoule', null], [solutionTitle, powderOnly]]);

    const before = room.ledger().length;
    const reply = await nurseActs({ type: 'recordPreparation', visitId: dee, productId: solution, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) });
    expect(reply).toMatchObject({ ok: false, code: 'productNotPrescribed', reason: expect.stringContaining(powderOnly) });
    expect(room.ledger()).toHaveLength(before);

    accepted(await nurseActs({ type: 'recordPreparation', visitId: dee, productId: ampoule100, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
    expect(JSON.parse(preparations(room).at(-1)?.payload ?? '{}')).toMatchObject({
      productId: ampoule100, product: { drug: 'diamorphine', form: 'powder for injection' }, terms: { prescription: { allowedForms: ['powder for injection'] } },
    });
  });

  it('judges the prescription in force at preparation: a change after check-in to solution only refuses the powder the visit began with', async () => {
    const room = await kiosk();
    const { hca, solution, nurseActs, prescriberActs } = await withSolutionInStock(room);
    const dee = await upToPreparation(nurseActs, people.dee);
    expect(visitOf(room.host, dee)?.injection.products.every((product) => product.notPrescribed === null)).toBe(true);

    accepted(await prescriberActs(deeAllowing(['solution for injection'])));
    const view = visitOf(room.host, dee);
    expect(view?.prescription.allowedForms).toEqual(['solution for injection']);
    expect(view?.injection.products.find((product) => product.productId === ampoule100)?.notPrescribed).toBe(solutionOnly);
    const before = room.ledger().length;
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', visitId: dee, productId: ampoule100, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) })))
      .toBe('productNotPrescribed');
    expect(room.ledger()).toHaveLength(before);

    accepted(await nurseActs({ type: 'recordPreparation', visitId: dee, productId: solution, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
    expect(JSON.parse(preparations(room).at(-1)?.payload ?? '{}')).toMatchObject({ product: { form: 'solution for injection' } });
  });

  it('reads a prescription from before allowed forms by its free-text form, and allows none when it names none the catalogue knows', async () => {
    const room = await kiosk();
    const prescriber = await signIn(room.host, demo.prescriber);
    accepted(await as(room.host, prescriber)({ type: 'suspendPrescription', prescriptionId: 'demo-su-3-rx-1', reason: 'Re-issued on paper' }));
    accepted(await as(room.host, prescriber)({ type: 'suspendPrescription', prescriptionId: 'demo-su-2-rx-1', reason: 'Re-issued on paper' }));
    const today = room.host.room().now.slice(0, 10);
    const old = (serviceUserId: string, prescriptionId: string, form: string) => ({
      serviceUserId, actorStaffId: 'demo-staff-prescriber',
      event: {
        type: 'prescriptionIssued' as const, prescriptionId, serviceUserId, drug: 'Diamorphine', form, strengthMgPerMl: 100,
        dosePerSessionMg: 120, sessionsPerDay: 2, routes: ['IM' as const], reducedDoseRange: null, startsOn: today, endsOn: null,
        prescriberId: 'demo-staff-prescriber',
      },
    });
    await appendAsThisKiosk(room.dataDir, [old(people.dee, 'rx-old-dee', 'injection'), old(people.mags, 'rx-old-mags', 'Powder for injection, reconstituted')],
      () => room.clock.now());
    await room.restart();
    const nurse = await signIn(room.host, demo.nurse);
    const hca = await signIn(room.host, demo.hca);
    const nurseActs = as(room.host, nurse);

    const dee = await upToPreparation(nurseActs, people.dee);
    const deeView = visitOf(room.host, dee);
    expect(deeView?.prescription.allowedForms).toEqual([]);
    expect(deeView?.injection.products.map((product) => product.notPrescribed)).toEqual([noFormNamed, noFormNamed]);
    const before = room.ledger().length;
    expect(await nurseActs({ type: 'recordPreparation', visitId: dee, productId: ampoule100, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))
      .toMatchObject({ ok: false, code: 'productNotPrescribed', reason: expect.stringContaining(noFormNamed) });
    expect(room.ledger()).toHaveLength(before);

    const mags = await upToPreparation(nurseActs, people.mags);
    expect(visitOf(room.host, mags)?.prescription.allowedForms).toEqual(['powder for injection']);
    accepted(await nurseActs({ type: 'recordPreparation', visitId: mags, productId: ampoule100, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));

    // A prescriber says which forms: from then on Dee's dose can be drawn up.
    accepted(await as(room.host, await signIn(room.host, demo.prescriber))(deeAllowing([...demoAllowedForms], 'rx-old-dee')));
    expect(visitOf(room.host, dee)?.injection.products.every((product) => product.notPrescribed === null)).toBe(true);
  });
});
