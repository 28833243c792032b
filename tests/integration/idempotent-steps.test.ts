/**
 * Idempotent taps (issue 14): a step sent again under its request id, after a crash or a reply
 * lost on the way, is answered with what it recorded the first time and never written twice; a
 * step that recorded nothing is simply taken again; and a screen back after a dropped link can
 * ask which of its requests were recorded. On the real composition root and a real ledger file.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FromHost, Intention, Reply } from '../../shared/contract/index.js';
import { demo, signIn } from '../support/host-session.js';
import { visitStepPins, openTestKiosk, people, preDoseCheck, type TestKiosk } from '../support/test-kiosk.js';

let kiosk: TestKiosk;
afterEach(async () => kiosk.close());

async function send(requestId: string, intention: Intention, actorId: string | null = demo.nurse.staffId): Promise<Reply> {
  const answer = await kiosk.host.receive({ requestId, actorId, intention });
  if (!answer) throw new Error('The host gave no reply');
  expect(answer.requestId).toBe(requestId);
  return answer.reply;
}

const eventsOfType = (type: string) => kiosk.ledger().filter((event) => event.type === type);

async function openKioskWithStaff(): Promise<void> {
  kiosk = await openTestKiosk();
  for (const who of [demo.nurse, demo.hca]) await signIn(kiosk.host, who);
}

/** Dee checked in, identity confirmed, checked and her 120 mg drawn up: the dose is next. */
async function deeReadyForHerDose(): Promise<string> {
  const started = await send('check-in', { type: 'startVisit', serviceUserId: people.dee });
  if (!started.ok || started.visitId === null) throw new Error('Dee could not be checked in');
  const visitId = started.visitId;
  for (const [id, intention] of [
    ['identity', { type: 'confirmIdentity', visitId }],
    ['check', preDoseCheck(visitId)],
    ['drawn', { type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: demo.hca.staffId, ...visitStepPins(demo.nurse.staffId, demo.hca.staffId) }],
  ] as const) expect((await send(id, intention)).ok).toBe(true);
  return visitId;
}

const dose = (visitId: string): Intention => ({
  type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: demo.hca.staffId,
  ...visitStepPins(demo.nurse.staffId, demo.hca.staffId),
});

describe('a step sent twice under one request id', () => {
  it('is recorded once, and the second reply names the same visit as the first, marked as recorded before', async () => {
    await openKioskWithStaff();
    const first = await send('r-check-in', { type: 'startVisit', serviceUserId: people.dee });
    const again = await send('r-check-in', { type: 'startVisit', serviceUserId: people.dee });
    expect(first).toMatchObject({ ok: true, staffId: null });
    expect(first.ok && first.alreadyRecordedAt).toBeUndefined();
    expect(again).toMatchObject({ ok: true, visitId: first.ok ? first.visitId : 'none', staffId: null, report: null });
    // The test's clock stands still: the first was recorded at its time.
    expect(again.ok && again.alreadyRecordedAt).toBe(kiosk.clock.now().toISOString());
    expect(eventsOfType('visitStarted')).toHaveLength(1);
    // Without the key Dee would have been refused as already checked in, and the screen shown an error.
    expect((await send('r-other', { type: 'startVisit', serviceUserId: people.dee })).ok).toBe(false);
  });

  it('gives one dose, however often the administration is sent again, even after a restart with nobody signed in', async () => {
    await openKioskWithStaff();
    const visitId = await deeReadyForHerDose();
    const first = await send('r-dose', dose(visitId));
    expect(first).toMatchObject({ ok: true, visitId });
    expect(await send('r-dose', dose(visitId))).toMatchObject({ ok: true, visitId, alreadyRecordedAt: expect.any(String) });
    await kiosk.restart();
    // Nobody is signed in to the restarted host, and still the step is answered as recorded.
    expect(await send('r-dose', dose(visitId))).toMatchObject({ ok: true, visitId, alreadyRecordedAt: expect.any(String) });
    expect(eventsOfType('doseAdministered')).toHaveLength(1);
  });

  it('sent again while the first is still being taken, waits for it and is written once', async () => {
    await openKioskWithStaff();
    const visitId = await deeReadyForHerDose();
    // The administration awaits its dose claim: both copies arrive before the first is written.
    const [first, second] = await Promise.all([send('r-dose', dose(visitId)), send('r-dose', dose(visitId))]);
    expect(first).toMatchObject({ ok: true, visitId });
    expect(second).toMatchObject({ ok: true, visitId, alreadyRecordedAt: expect.any(String) });
    expect(eventsOfType('doseAdministered')).toHaveLength(1);
  });

  it('is taken again when the first was refused: a refused dose is not answered as recorded, its wrong PIN counted apart', async () => {
    await openKioskWithStaff();
    const visitId = await deeReadyForHerDose();
    const wrongPin = { ...dose(visitId), nursePin: '0000' } as Intention;
    for (let tap = 1; tap <= 2; tap += 1) expect(await send('r-wrong', wrongPin)).toMatchObject({ ok: false, code: 'wrongPin' });
    expect(eventsOfType('staffPinRefused')).toHaveLength(2);
    expect(eventsOfType('doseAdministered')).toHaveLength(0);
  });

  it('is taken again when the first was a refused pre-dose check whose findings were kept', async () => {
    await openKioskWithStaff();
    const started = await send('check-in', { type: 'startVisit', serviceUserId: people.dee });
    const visitId = started.ok ? started.visitId! : '';
    await send('identity', { type: 'confirmIdentity', visitId });
    const sedated = preDoseCheck(visitId, { sedation: '3' });
    for (let tap = 1; tap <= 2; tap += 1) expect(await send('r-sedated', sedated)).toMatchObject({ ok: false });
    expect(eventsOfType('preDoseFindingsRecorded')).toHaveLength(1);
  });
});

describe('a request id reused for another step', () => {
  it('is refused in words and records nothing', async () => {
    await openKioskWithStaff();
    const visitId = await deeReadyForHerDose();
    const before = kiosk.ledger().length;
    const reply = await send('drawn', { type: 'withholdDose', visitId, reason: 'asked to stop' });
    expect(reply).toMatchObject({ ok: false, code: 'requestIdReused' });
    expect(reply.ok ? '' : reply.reason).toMatch(/nothing was recorded/);
    expect(kiosk.ledger()).toHaveLength(before);
  });
});

describe('a screen asking what became of its unanswered requests', () => {
  it('is told which recorded their step, with the visit, and which recorded nothing', async () => {
    await openKioskWithStaff();
    const visitId = await deeReadyForHerDose();
    await send('r-dose', dose(visitId));
    await send('r-refused', { type: 'startVisit', serviceUserId: people.dee });
    const answer = await kiosk.host.respond({ kind: 'requestOutcomes', queryId: 'q1', requestIds: ['r-dose', 'r-refused', 'never-sent'] });
    expect(answer).toEqual<FromHost>({
      kind: 'requestOutcomes', queryId: 'q1',
      recorded: [{ requestId: 'r-dose', intentionType: 'recordAdministration', at: kiosk.clock.now().toISOString(), visitId, staffId: null }],
      notRecorded: ['r-refused', 'never-sent'],
    });
  });

  it('is not answered when the question fails the contract', async () => {
    await openKioskWithStaff();
    expect(await kiosk.host.respond({ kind: 'requestOutcomes', queryId: 'q1', requestIds: [] })).toBeNull();
  });
});
