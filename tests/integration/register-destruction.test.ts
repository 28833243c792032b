/**
 * Destruction of controlled-drug stock, witnessed by an authorised person, and stock handed back
 * by service users kept apart from the balance, through the host as a nurse would record them.
 */
import { describe, expect, it } from 'vitest';
import { demoProducts } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import type { IntentionOf } from '../../shared/contract/index.js';
import { accepted, as, demo, refusedWith, signIn } from '../support/host-session.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { demoReceipt, people, pinOf, report, type TestKiosk } from '../support/test-kiosk.js';

const ampoule100 = demoProducts.ampoule100mg.productId;
const kiosk = kioskPerTest();

async function staffOn(host: Host) {
  const ids = { nurse: await signIn(host, demo.nurse), nurse2: await signIn(host, demo.nurse2), lead: await signIn(host, demo.lead) };
  return { ...ids, nurseActs: as(host, ids.nurse), leadActs: as(host, ids.lead), signed: { actorId: ids.nurse, witnessId: ids.nurse2 } };
}

function destruction(nurse: string, witness: IntentionOf<'recordStockDestruction'>['witness'], units = 1, from: 'stock' | 'patient return' = 'stock'):
IntentionOf<'recordStockDestruction'> {
  return { type: 'recordStockDestruction', productId: ampoule100, from, units, reason: 'expired', note: null, witness, actorPin: pinOf(nurse) };
}

const outside = { kind: 'outside' as const, name: 'Pat Okafor', role: 'Controlled drugs liaison officer', organisation: 'Police' };

async function balances(room: TestKiosk, lead: string) {
  const register = await report(room.host, lead, 'register');
  const of = (id: string) => register.sections.find((each) => each.sectionId === id);
  return { stock: of(ampoule100), returns: of(`returns:${ampoule100}`) };
}

describe('destruction of controlled-drug stock', () => {
  it('is witnessed by staff a clinic lead authorised (both PINs) or by an outside witness, and refuses in words', async () => {
    const room = await kiosk();
    const { nurse, nurse2, lead, nurseActs, leadActs, signed } = await staffOn(room.host);
    accepted(await nurseActs(demoReceipt(4, 'DEL-1', signed)));
    const before = (await balances(room, lead)).stock?.balanceMg ?? 0;
    const byNurse2 = { kind: 'staff' as const, witnessId: nurse2, witnessPin: pinOf(nurse2) };
    expect(refusedWith(await nurseActs(destruction(nurse, byNurse2)))).toBe('witnessNotAuthorised');
    accepted(await leadActs({ type: 'authoriseDestructionWitness', staffId: nurse2, authorised: true }));
    accepted(await nurseActs(destruction(nurse, byNurse2)));
    accepted(await nurseActs(destruction(nurse, outside)));
    expect(refusedWith(await nurseActs(destruction(nurse, outside, before)))).toBe('notEnoughStock');
    expect(refusedWith(await nurseActs({ ...destruction(nurse, outside), productId: 'no-such-product' }))).toBe('unknownProduct');
    expect(refusedWith(await nurseActs(destruction(nurse, { kind: 'staff', witnessId: nurse, witnessPin: pinOf(nurse) })))).toBe('witnessIsActor');
    const { stock } = await balances(room, lead);
    expect(stock?.balanceMg).toBe(before - 200);
    // The register's witness column names each witness: the authorised nurse, and the outside witness in full.
    expect(stock?.lines.filter((line) => line.kind === 'destruction').map((line) => line.witnessedBy))
      .toEqual(['Priya Nair', 'Pat Okafor (Controlled drugs liaison officer, Police; from outside the clinic)']);
  });

  it('keeps stock handed back by a service user in its own section, never the balance, and destroys it from there', async () => {
    const room = await kiosk();
    const { nurse, nurse2, lead, nurseActs, signed } = await staffOn(room.host);
    accepted(await nurseActs(demoReceipt(2, 'DEL-2', signed)));
    const before = (await balances(room, lead)).stock?.balanceMg ?? 0;
    const handedBack = {
      type: 'recordPatientReturn', productId: ampoule100, serviceUserId: people.jay, units: 1, note: 'Unused', witnessId: nurse2,
      actorPin: pinOf(nurse), witnessPin: pinOf(nurse2),
    } as const;
    expect(refusedWith(await nurseActs({ ...handedBack, serviceUserId: 'su-nobody' }))).toBe('notEnrolled');
    accepted(await nurseActs(handedBack));
    let now = await balances(room, lead);
    expect(now.stock?.balanceMg).toBe(before);
    expect(now.returns?.balanceMg).toBe(100);
    expect(now.returns?.title).toContain('returned by service users');
    // Not stock on hand: the stock page neither counts it nor offers to carry it forward.
    expect((await report(room.host, lead, 'stockChecks')).balances.map((balance) => balance.sectionId)).not.toContain(`returns:${ampoule100}`);
    expect(refusedWith(await nurseActs(destruction(nurse, outside, 2, 'patient return')))).toBe('notEnoughStock');
    accepted(await nurseActs(destruction(nurse, outside, 1, 'patient return')));
    now = await balances(room, lead);
    expect(now.stock?.balanceMg).toBe(before);
    expect(now.returns?.balanceMg).toBe(0);
  });
});
