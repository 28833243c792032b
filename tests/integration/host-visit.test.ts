/**
 * The host core driven through a whole visit as the screen would drive it, with a real SQLite
 * file and the breathalyser emulator on a real socat pty; then the ledger read back from disk.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/host.js';
import type { RoomView } from '../../shared/contract/index.js';
import { accepted, ask, as, demo, refusedWith, roomWhere, signIn } from '../support/host-session.js';
import { openTestKiosk, people, pinOf, preDoseCheck, type TestKiosk } from '../support/test-kiosk.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function kiosk(breathResult: string | null): Promise<TestKiosk> {
  const opened = await openTestKiosk({ breathResult });
  cleanups.push(() => opened.close());
  return opened;
}

const stepOf = (room: RoomView, visitId: string) => room.visits.find((visit) => visit.visitId === visitId)?.step;

/** A nurse (acting) and an HCA (witness), both signed in at the kiosk. */
async function nurseAndHca(host: Host) {
  const nurse = await signIn(host, demo.nurse);
  const hca = await signIn(host, demo.hca);
  return { nurse, hca, act: as(host, nurse) };
}

async function checkedInAndBreathTested(host: Host) {
  const staff = await nurseAndHca(host);
  const visitId = accepted(await staff.act({ type: 'startVisit', serviceUserId: people.jay })) ?? '';
  accepted(await staff.act({ type: 'confirmIdentity', visitId }));
  accepted(await staff.act(preDoseCheck(visitId)));
  await roomWhere(host, (room) => room.device.status === 'ready');
  accepted(await staff.act({ type: 'startBreathTest', visitId }));
  return { ...staff, visitId };
}

describe('a visit through the host core', () => {
  it('records one event per step, in order, with consecutive sequence numbers, and reads the breath test over serial', async () => {
    const { host, clock, ledger } = await kiosk('4 ug/100ml');
    const { nurse, hca, act, visitId } = await checkedInAndBreathTested(host);
    await roomWhere(host, (room) => stepOf(room, visitId) === 'preparation');

    accepted(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 150, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    accepted(await act({ type: 'recordAdministration', visitId, administeredMg: 140, route: 'IV', site: 'left arm', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    accepted(await act({ type: 'recordWaste', visitId, wastedMg: 10, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    accepted(await act({ type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 }));
    clock.advanceMinutes(21);
    accepted(await act({ type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 13, oxygenSaturation: 98 }));
    accepted(await act({ type: 'dischargeVisit', visitId }));

    const visitRows = ledger().filter((row) => row.visit_id === visitId);
    expect(visitRows.map((row) => row.type)).toEqual([
      'visitStarted', 'identityConfirmed', 'preDoseCheckRecorded', 'breathTestStarted', 'breathResultRecorded',
      'dosePrepared', 'doseAdministered', 'surplusWasted', 'observationRecorded', 'observationRecorded', 'visitDischarged',
    ]);
    const seqs = visitRows.map((row) => row.seq);
    expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));
    const reading = JSON.parse(visitRows[4]?.payload ?? '{}');
    expect(reading.reading).toMatchObject({ microgramsPer100mlBreath: 4, rawUnit: 'ug/100ml', simulated: true, deviceProfile: 'kiosk-line-v1' });
    // Every step is attributed to the person who took it; the breath reading came from the device.
    expect(visitRows.filter((row) => row.type !== 'breathResultRecorded').every((row) => row.actor_staff_id === nurse)).toBe(true);
    expect(visitRows.find((row) => row.type === 'breathResultRecorded')?.actor_staff_id).toBeNull();
    // Preparation, administration and waste: each recorded by the nurse and witnessed by the HCA.
    for (const row of visitRows.slice(5, 8)) expect([row.type, row.actor_staff_id, row.witness_staff_id]).toEqual([row.type, nurse, hca]);
    expect(visitRows.filter((row) => row.witness_staff_id !== null).map((row) => row.type))
      .toEqual(['dosePrepared', 'doseAdministered', 'surplusWasted']);
    expect(host.room().visits.find((visit) => visit.visitId === visitId)?.outcome?.kind).toBe('discharged');
  });

  it('sends a reading over the review level to the nurse', async () => {
    const { host } = await kiosk('12 ug/100ml');
    const { visitId } = await checkedInAndBreathTested(host);
    const room = await roomWhere(host, (view) => stepOf(view, visitId) === 'breathReview');
    expect(room.visits[0]?.breath.reading?.microgramsPer100mlBreath).toBe(12);
  });

  it('answers a refused step with its code and writes nothing', async () => {
    const { host, ledger } = await kiosk(null);
    expect(refusedWith(await ask(host, { type: 'startVisit', serviceUserId: people.jay }))).toBe('signInFirst');
    const hca = await signIn(host, demo.hca);
    const visitId = accepted(await ask(host, { type: 'startVisit', serviceUserId: people.jay }, hca)) ?? '';
    const before = ledger().length;
    expect(refusedWith(await ask(host, { type: 'startVisit', serviceUserId: people.jay }, hca))).toBe('openVisitExists');
    expect(refusedWith(await ask(host, { type: 'dischargeVisit', visitId }, hca)))
      .toBe('roleNotAllowed');
    const nurse = await signIn(host, demo.nurse);
    expect(refusedWith(await ask(host, { type: 'dischargeVisit', visitId }, nurse))).toBe('noDoseGiven');
    expect(await host.receive({ requestId: 'r1', actorId: nurse, intention: { type: 'recordWaste', visitId, wastedMg: -5, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) } }))
      .toMatchObject({ reply: { ok: false, code: 'notUnderstood' } });
    expect(ledger()).toHaveLength(before);
  });

  it('refuses a second dose for the same person this session, and within the minimum interval with the time of the next', async () => {
    const { host, clock } = await kiosk(null);
    const { hca, act } = await nurseAndHca(host);
    const dose = async () => {
      const visitId = accepted(await act({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
      accepted(await act({ type: 'confirmIdentity', visitId }));
      accepted(await act(preDoseCheck(visitId)));
      accepted(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
      accepted(await act({ type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
      return visitId;
    };
    const first = await dose();
    accepted(await act({ type: 'recordObservation', visitId: first, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 }));
    clock.advanceMinutes(20);
    accepted(await act({ type: 'recordObservation', visitId: first, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 }));
    accepted(await act({ type: 'dischargeVisit', visitId: first }));
    expect(refusedWith(await act({ type: 'startVisit', serviceUserId: people.dee }))).toBe('dosedThisSession');
    clock.advanceMinutes(140); // 12:40: the afternoon session is open, but only 2 h 40 min have passed
    expect(await act({ type: 'startVisit', serviceUserId: people.dee }))
      .toMatchObject({ ok: false, code: 'tooSoonAfterLastDose', reason: expect.stringContaining('from 13:00') });
    clock.advanceMinutes(20);
    accepted(await act({ type: 'startVisit', serviceUserId: people.dee }));
  });

  it('keeps the pair who prepared a dose, and takes only a second signed-in nurse or HCA as witness', async () => {
    const { host, ledger } = await kiosk(null);
    const nurse = await signIn(host, demo.nurse);
    const prescriber = await signIn(host, demo.prescriber);
    const act = as(host, nurse);
    const visitId = accepted(await act({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await act({ type: 'confirmIdentity', visitId }));
    accepted(await act(preDoseCheck(visitId)));
    const before = ledger().length;
    expect(refusedWith(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: prescriber, nursePin: demo.nurse.pin, witnessPin: pinOf(prescriber) })))
      .toBe('witnessRoleNotAllowed');
    expect(refusedWith(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: nurse, nursePin: demo.nurse.pin, witnessPin: pinOf(nurse) })))
      .toBe('witnessIsActor');
    expect(refusedWith(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: 'demo-staff-hca', nursePin: demo.nurse.pin, witnessPin: pinOf('demo-staff-hca') })))
      .toBe('witnessNotSignedIn');
    expect(ledger()).toHaveLength(before);

    const hca = await signIn(host, demo.hca);
    const offered = host.room().visits[0]?.witnessing;
    expect(offered?.nurse).toBeNull();
    expect(offered?.candidates.map((staff) => staff.displayName)).toContain('Tom Reid');
    expect(offered?.candidates.map((staff) => staff.displayName)).not.toContain('Dr Okafor');
    accepted(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    expect(host.room().visits[0]?.witnessing).toMatchObject({ nurse: { displayName: 'Aisha Khan' }, witness: { displayName: 'Tom Reid' } });

    accepted(await ask(host, { type: 'signOut', staffId: hca }, hca));
    expect(refusedWith(await act({ type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) })))
      .toBe('witnessNotSignedIn');
    // Roles are not swapped mid-procedure: another nurse cannot take over the witnessing.
    const nurse2 = await signIn(host, demo.nurse2);
    expect(refusedWith(await act({ type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: nurse2, nursePin: demo.nurse.pin, witnessPin: pinOf(nurse2) })))
      .toBe('pairChanged');
    await signIn(host, demo.hca);
    accepted(await act({ type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
  });

  it('sends full name and date of birth to the screen only while identity is being checked', async () => {
    const { host } = await kiosk(null);
    const hca = await signIn(host, demo.hca);
    const visitId = accepted(await ask(host, { type: 'startVisit', serviceUserId: people.mags }, hca)) ?? '';
    const duringCheck = JSON.stringify(host.room());
    expect(duringCheck).toContain('Margaret Doyle');
    accepted(await ask(host, { type: 'confirmIdentity', visitId }, hca));
    const afterCheck = JSON.stringify(host.room());
    expect(afterCheck).not.toContain('Margaret Doyle');
    expect(afterCheck).not.toContain('1979-11-02');
  });
});
