/**
 * A breath reading entered by hand, against a real host and its SQLite file: refused while the
 * kiosk's breathalyser works, accepted when it is missing or failed this visit's test, always with
 * a second signed-in person as witness, and then held to the same review and withhold levels as a
 * reading from the device (demo site rules: review at 9, withhold at 22 µg/100 mL).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { startPtyPair } from '../../main/devices/breathalyser/emulator/pty-pair.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import type { Intention, IntentionOf, Reply, RoomView } from '../../shared/contract/index.js';
import type { RefusalCode } from '../../shared/refusals/refusal.js';
import { accepted, as, demo, refusedWith, roomWhere, signIn } from '../support/host-session.js';
import { readLedger, writeKioskConfig } from '../support/kiosk-data.js';
import { ManualClock } from '../support/manual-clock.js';
import { freshDir } from '../support/temp-dir.js';
import { openTestKiosk, people, preDoseCheck } from '../support/test-kiosk.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** breathResult null: a kiosk with no breathalyser at all (status unavailable), the "broken" case. */
async function kiosk(breathResult: string | null) {
  const opened = await openTestKiosk({ breathResult });
  cleanups.push(() => opened.close());
  return opened;
}

/**
 * A kiosk whose breathalyser is a real serial device that answers every test with an error: the
 * emulator on a socat pty, configured as `serial` so the kiosk opens it like hardware.
 */
async function kioskWithFailingDevice() {
  const dir = freshDir('manual-breath-');
  const emulator = await startEmulator({
    link: join(dir.path, 'breathalyser'), profile: kioskLineV1, scenario: 'error:SENSOR_FAULT', resultText: '0 ug/100ml', delayMs: 100,
  });
  writeKioskConfig(dir.path, { breathalyser: { kind: 'serial', path: emulator.kioskPath, profile: kioskLineV1.id } });
  const host = await openKioskHost({ dataDir: dir.path, clock: new ManualClock(), logger: silentLogger() });
  cleanups.push(() => dir.remove(), () => emulator.stop(), () => host.close());
  return { host, ledger: () => readLedger(dir.path) };
}

/**
 * A kiosk whose breathalyser never answers a test: a socat pty with nothing on the device's end,
 * read through a clinic profile (kiosk-line-v1 with a one-second acknowledgement time) so the test
 * stalls quickly.
 */
async function kioskWithSilentDevice() {
  const dir = freshDir('stalled-breath-');
  const link = join(dir.path, 'breathalyser');
  const emulator = await startPtyPair(link, `${link}.device`);
  const profile = { ...kioskLineV1, id: 'kiosk-line-v1-quick', displayName: 'Kiosk line v1, quick to stall', acknowledgeWithinSeconds: 1 };
  mkdirSync(join(dir.path, 'breathalyser-profiles'));
  writeFileSync(join(dir.path, 'breathalyser-profiles', 'quick.json'), JSON.stringify(profile));
  writeKioskConfig(dir.path, { breathalyser: { kind: 'serial', path: emulator.kioskPath, profile: profile.id } });
  const host = await openKioskHost({ dataDir: dir.path, clock: new ManualClock(), logger: silentLogger() });
  cleanups.push(() => dir.remove(), () => emulator.stop(), () => host.close());
  return { host, ledger: () => readLedger(dir.path) };
}

const visitIn = (room: RoomView, visitId: string) => room.visits.find((visit) => visit.visitId === visitId);

/** A nurse and an HCA signed in; the visit checked in and through the pre-dose check, at the breath test. */
async function atBreathTest(host: Host, serviceUserId: string = people.jay) {
  const nurse = await signIn(host, demo.nurse);
  const hca = await signIn(host, demo.hca);
  const act = as(host, nurse);
  const visitId = accepted(await act({ type: 'startVisit', serviceUserId })) ?? '';
  accepted(await act({ type: 'confirmIdentity', visitId }));
  // Only Jay is flagged for alcohol monitoring; anyone else is tested because the nurse asks.
  accepted(await act(preDoseCheck(visitId, { breathTestRequested: serviceUserId !== people.jay })));
  expect(visitIn(host.room(), visitId)?.step).toBe('breathTest');
  return { nurse, hca, act, visitId };
}

function manualReading(
  visitId: string, witnessId: string, change: Partial<IntentionOf<'recordManualBreathReading'>> = {},
): Intention {
  return {
    type: 'recordManualBreathReading', visitId, value: 4, unit: 'ug/100ml', device: 'handheld Lion SD-400 (serial 5521)',
    reason: 'The kiosk breathalyser is not working today', witnessId, ...change,
  };
}

/** Refused, and nothing written: the ledger has the same rows after as before. Returns the refusal's code. */
async function refusedWithoutWriting(ledger: () => unknown[], send: () => Promise<Reply>): Promise<RefusalCode> {
  const before = ledger().length;
  const code = refusedWith(await send());
  expect(ledger()).toHaveLength(before);
  return code;
}

describe('a breath reading entered by hand', () => {
  it('is refused while the breathalyser works: the test must be taken with it', async () => {
    const { host, ledger } = await kiosk('0 ug/100ml');
    await roomWhere(host, (room) => room.device.status === 'ready');
    const { hca, act, visitId } = await atBreathTest(host);

    expect(visitIn(host.room(), visitId)?.breath.manualReadingAllowed).toBe(false);
    expect(await refusedWithoutWriting(ledger, () => act(manualReading(visitId, hca)))).toBe('breathalyserWorking');
    expect(visitIn(host.room(), visitId)?.step).toBe('breathTest');
  });

  it('is accepted after the device failed this visit\'s test, though the device says it is ready again', async () => {
    const { host, ledger } = await kioskWithFailingDevice();
    await roomWhere(host, (room) => room.device.status === 'ready');
    const { nurse, hca, visitId } = await atBreathTest(host);
    const byHca = as(host, hca);
    // Before any test the device works, so the reading must come from it.
    expect(visitIn(host.room(), visitId)?.breath.manualReadingAllowed).toBe(false);
    await refusedWithoutWriting(ledger, () => byHca(manualReading(visitId, nurse)));

    accepted(await byHca({ type: 'startBreathTest', visitId }));
    const failed = await roomWhere(host, (room) => visitIn(room, visitId)?.breath.lastError !== null && room.device.status === 'ready');
    expect(visitIn(failed, visitId)?.breath).toMatchObject({ lastError: { code: 'SENSOR_FAULT' }, inProgress: false, manualReadingAllowed: true });

    accepted(await byHca(manualReading(visitId, nurse, { value: 0, device: 'handheld Lion SD-400 (serial 5521)', reason: 'Kiosk device reports a sensor fault' })));
    const after = visitIn(host.room(), visitId);
    expect(after?.step).toBe('preparation');
    expect(after?.breath).toMatchObject({ outcome: 'clear', reading: { microgramsPer100mlBreath: 0, simulated: false } });

    const rows = ledger().filter((row) => row.type === 'manualBreathReadingRecorded');
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect([row?.visit_id, row?.actor_staff_id, row?.witness_staff_id]).toEqual([visitId, hca, nurse]);
    const payload = JSON.parse(row?.payload ?? '{}');
    expect(payload.reading).toMatchObject({ microgramsPer100mlBreath: 0, rawValue: 0, rawUnit: 'ug/100ml', deviceProfile: 'manual entry', simulated: false });
    // The ledger says why the device's own reading could not be had.
    expect(payload.deviceState).toBe('broken');
    expect(payload.reading.rawText).toContain('handheld Lion SD-400 (serial 5521)');
    expect(payload).toMatchObject({ reason: 'Kiosk device reports a sensor fault', staff: { nurseId: hca, witnessId: nurse } });
    // The failed attempt stays on the record beside the reading that replaced it.
    expect(ledger().filter((r) => r.visit_id === visitId).map((r) => r.type)).toEqual([
      'visitStarted', 'identityConfirmed', 'preDoseCheckRecorded', 'breathTestStarted', 'breathTestFailed', 'manualBreathReadingRecorded',
    ]);
  });

  it('is offered and accepted when the kiosk has no breathalyser, and the ledger row names who took it, who saw it and the device', async () => {
    const { host, ledger } = await kiosk(null);
    expect(host.room().device.status).toBe('unavailable');
    const { nurse, hca, act, visitId } = await atBreathTest(host);
    expect(visitIn(host.room(), visitId)?.breath.manualReadingAllowed).toBe(true);

    accepted(await act(manualReading(visitId, hca, { value: 0.03, unit: 'mg/l' })));
    expect(visitIn(host.room(), visitId)?.breath).toMatchObject({ outcome: 'clear', reading: { microgramsPer100mlBreath: 3 } });
    const row = ledger().find((r) => r.type === 'manualBreathReadingRecorded');
    expect([row?.visit_id, row?.actor_staff_id, row?.witness_staff_id]).toEqual([visitId, nurse, hca]);
    const reading = JSON.parse(row?.payload ?? '{}').reading;
    expect(reading).toMatchObject({ rawValue: 0.03, rawUnit: 'mg/l', deviceProfile: 'manual entry' });
    expect(reading.rawText).toContain('handheld Lion SD-400 (serial 5521)');
  });

  it('refuses a figure no breath can give, in any unit, writing nothing; the most a breath can hold is accepted', async () => {
    const { host, ledger } = await kiosk(null);
    const { hca, act, visitId } = await atBreathTest(host);
    for (const [value, unit] of [[11, 'mg/l'], [1001, 'ug/100ml'], [10_001, 'ug/l'], [999, 'mg/l']] as const) {
      const before = ledger().length;
      expect(await act(manualReading(visitId, hca, { value, unit }))).toMatchObject({
        ok: false, code: 'implausibleBreathReading', reason: expect.stringContaining(`${value} ${unit} is more than any living person's breath can hold`),
      });
      expect(ledger()).toHaveLength(before);
    }
    accepted(await act(manualReading(visitId, hca, { value: 10, unit: 'mg/l' })));
    expect(visitIn(host.room(), visitId)?.breath).toMatchObject({ outcome: 'withhold', reading: { microgramsPer100mlBreath: 1000 } });
  });

  it('is refused before the visit reaches the breath test, and once it has a reading', async () => {
    const { host, ledger } = await kiosk(null);
    const nurse = await signIn(host, demo.nurse);
    const hca = await signIn(host, demo.hca);
    const act = as(host, nurse);
    const visitId = accepted(await act({ type: 'startVisit', serviceUserId: people.jay })) ?? '';
    expect(visitIn(host.room(), visitId)?.breath.manualReadingAllowed).toBe(false);
    await refusedWithoutWriting(ledger, () => act(manualReading(visitId, hca)));

    accepted(await act({ type: 'confirmIdentity', visitId }));
    accepted(await act(preDoseCheck(visitId)));
    accepted(await act(manualReading(visitId, hca)));
    expect(visitIn(host.room(), visitId)?.breath.manualReadingAllowed).toBe(false);
    await refusedWithoutWriting(ledger, () => act(manualReading(visitId, hca, { value: 0 })));
    expect(ledger().filter((r) => r.type === 'manualBreathReadingRecorded')).toHaveLength(1);
  });

  it('needs a second person as witness: not the one recording it, and signed in here', async () => {
    const { host, ledger } = await kiosk(null);
    const { nurse, act, visitId } = await atBreathTest(host);

    expect(await refusedWithoutWriting(ledger, () => act(manualReading(visitId, nurse)))).toBe('witnessIsActor');
    // Priya is enrolled but not signed in at this kiosk.
    expect(await refusedWithoutWriting(ledger, () => act(manualReading(visitId, demo.nurse2.staffId)))).toBe('witnessNotSignedIn');
    // Signed in, then signed out again: no longer a witness either.
    const priya = await signIn(host, demo.nurse2);
    accepted(await as(host, priya)({ type: 'signOut', staffId: priya }));
    expect(await refusedWithoutWriting(ledger, () => act(manualReading(visitId, priya)))).toBe('witnessNotSignedIn');
    expect(visitIn(host.room(), visitId)?.step).toBe('breathTest');
  });

  it('may not be recorded by a prescriber, and a prescriber may not witness it', async () => {
    const { host, ledger } = await kiosk(null);
    const { nurse, hca, act, visitId } = await atBreathTest(host);
    const prescriber = await signIn(host, demo.prescriber);

    expect(await refusedWithoutWriting(ledger, () => as(host, prescriber)(manualReading(visitId, nurse)))).toBe('roleNotAllowed');
    expect(await refusedWithoutWriting(ledger, () => act(manualReading(visitId, prescriber)))).toBe('witnessRoleNotAllowed');
    // The HCA may record it, witnessed by the nurse.
    accepted(await as(host, hca)(manualReading(visitId, nurse)));
  });

  it('over the review level goes to the nurse\'s breath review, as a device reading would', async () => {
    const { host } = await kiosk(null);
    const { hca, act, visitId } = await atBreathTest(host);
    // 0.12 mg/L of breath is 12 µg/100 mL: at or above review (9), under withhold (22).
    accepted(await act(manualReading(visitId, hca, { value: 0.12, unit: 'mg/l' })));
    const visit = visitIn(host.room(), visitId);
    expect(visit?.step).toBe('breathReview');
    // The nurse reviewing it is told it was entered by hand, not read by the kiosk's device.
    expect(visit?.breath).toMatchObject({ outcome: 'review', reading: { microgramsPer100mlBreath: 12, enteredByHand: true, simulated: false } });
    accepted(await act({ type: 'decideBreathReview', visitId, decision: 'proceed', reason: 'No signs of intoxication; retest on the handheld agreed' }));
    expect(visitIn(host.room(), visitId)?.step).toBe('preparation');
  });

  it('over the withhold level withholds the dose, for a person tested at the nurse\'s request too', async () => {
    const { host, ledger } = await kiosk(null);
    const { hca, act, visitId } = await atBreathTest(host, people.mags);
    // 250 µg/L of breath is 25 µg/100 mL: at or above the withhold level (22).
    accepted(await act(manualReading(visitId, hca, { value: 250, unit: 'ug/l' })));
    const visit = visitIn(host.room(), visitId);
    expect(visit?.step).toBe('doseWithheld');
    expect(visit?.outcome?.kind).toBe('doseWithheld');
    expect(visit?.breath).toMatchObject({ outcome: 'withhold', reading: { microgramsPer100mlBreath: 25 } });
    expect(ledger().filter((r) => r.visit_id === visitId).map((r) => r.type).slice(-1)).toEqual(['manualBreathReadingRecorded']);
  });

  it('frees a stalled breathalyser: the test is cancelled (recorded), then the reading is entered by hand', async () => {
    const { host, ledger } = await kioskWithSilentDevice();
    await roomWhere(host, (room) => room.device.status === 'ready');
    const { nurse, act, visitId } = await atBreathTest(host);
    accepted(await act({ type: 'startBreathTest', visitId }));
    const stalled = await roomWhere(host, (room) => room.device.status === 'stalled');
    expect(visitIn(stalled, visitId)?.breath.manualReadingAllowed).toBe(true);
    const hcaActs = as(host, await signIn(host, demo.hca));
    accepted(await hcaActs(manualReading(visitId, nurse, { value: 3 })));
    const after = host.room();
    expect(after.device).toMatchObject({ status: 'ready', busyWithVisitId: null });
    expect(visitIn(after, visitId)?.step).toBe('preparation');
    const types = ledger().filter((row) => row.visit_id === visitId).map((row) => row.type);
    expect(types.slice(-3)).toEqual(['breathTestStarted', 'breathTestFailed', 'manualBreathReadingRecorded']);
    expect(JSON.parse(ledger().find((row) => row.type === 'breathTestFailed')?.payload ?? '{}')).toMatchObject({ code: 'TIMEOUT' });
  }, 30_000);

  it('lets staff cancel a stalled test, so the next person can be tested', async () => {
    const { host } = await kioskWithSilentDevice();
    await roomWhere(host, (room) => room.device.status === 'ready');
    const { act, visitId } = await atBreathTest(host);
    expect(refusedWith(await act({ type: 'cancelBreathTest', visitId }))).toBe('breathTestNotRunning');
    accepted(await act({ type: 'startBreathTest', visitId }));
    await roomWhere(host, (room) => room.device.status === 'stalled');
    accepted(await act({ type: 'cancelBreathTest', visitId }));
    const room = host.room();
    expect(room.device).toMatchObject({ status: 'ready', busyWithVisitId: null });
    // The device failed this test (it stopped answering): a reading by hand is open, and says why.
    expect(visitIn(room, visitId)?.breath).toMatchObject({ inProgress: false, lastError: { code: 'TIMEOUT' }, manualReadingAllowed: true });
  }, 30_000);

  it('never opens the reading by hand when a test on a working device is cancelled', async () => {
    const { host, ledger } = await kioskWithSilentDevice();
    await roomWhere(host, (room) => room.device.status === 'ready');
    const { act, visitId, hca } = await atBreathTest(host);
    accepted(await act({ type: 'startBreathTest', visitId }));
    accepted(await act({ type: 'cancelBreathTest', visitId }));
    expect(visitIn(host.room(), visitId)?.breath).toMatchObject({ lastError: { code: 'CANCELLED' }, manualReadingAllowed: false });
    expect(await refusedWithoutWriting(ledger, () => act(manualReading(visitId, hca)))).toBe('breathalyserWorking');
    expect(visitIn(host.room(), visitId)?.step).toBe('breathTest');
  }, 30_000);
});

describe('starting a breath test on the device', () => {
  it('is refused as busy while another visit\'s test holds the device, and as not ready with no device, writing nothing', async () => {
    const { host, ledger } = await kiosk('0 ug/100ml');
    await roomWhere(host, (room) => room.device.status === 'ready');
    const { act, visitId: jays } = await atBreathTest(host);
    const mags = accepted(await act({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await act({ type: 'confirmIdentity', visitId: mags }));
    accepted(await act(preDoseCheck(mags, { breathTestRequested: true })));

    accepted(await act({ type: 'startBreathTest', visitId: jays }));
    expect(await refusedWithoutWriting(ledger, () => act({ type: 'startBreathTest', visitId: mags }))).toBe('breathalyserBusy');

    const none = await kiosk(null);
    const alone = await atBreathTest(none.host);
    expect(await refusedWithoutWriting(none.ledger, () => alone.act({ type: 'startBreathTest', visitId: alone.visitId }))).toBe('breathalyserNotReady');
  });
});
