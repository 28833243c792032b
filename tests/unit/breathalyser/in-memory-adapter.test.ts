/**
 * The whole breathalyser path a real device takes (adapter, lifecycle, binding, splitter, parser)
 * over an in-memory cable: no socat, no pty, no native binding. The device end is played by hand,
 * or by the emulator as the demo's simulated breathalyser is. Waits are on the breathalyser's own
 * events; the only timing is the short limits these scenarios are about.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Breathalyser, BreathOutcomeFromDevice, DeviceStatus } from '../../../main/devices/breathalyser/breathalyser.js';
import { openBreathalyser, type BreathalyserSettings } from '../../../main/devices/breathalyser/breathalyser-adapter.js';
import { breathTestFailureWords, closedDuringTestWords, sampleBeingTakenWords, stalledTestCancelledWords } from '../../../main/devices/breathalyser/breath-test-words.js';
import { startSimulatedBreathalyser } from '../../../main/devices/breathalyser/emulator/simulated-breathalyser.js';
import { withNmeaXorChecksum } from '../../../main/devices/breathalyser/line-checksum.js';
import { createLineSplitter } from '../../../main/devices/breathalyser/line-splitter.js';
import { kioskLineV1 } from '../../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { createInMemoryCable, type InMemoryCable } from '../../../main/devices/breathalyser/transport/in-memory-transport.js';
import { nextOutcome, untilStatus } from '../../support/breathalyser-waits.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** The device end of the cable, played by the test: it hears commands and says what it is told to. */
async function handPlayedDevice(cable: InMemoryCable) {
  const splitter = createLineSplitter(kioskLineV1);
  const heard: string[] = [];
  const waiting = new Set<() => void>();
  const port = await cable.openDeviceEnd({
    received: (chunk) => {
      heard.push(...splitter.feed(chunk).lines);
      for (const wake of [...waiting]) wake();
    },
    lost: () => undefined,
  });
  const hears = (command: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!heard.includes(command)) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
  const say = (...bodies: string[]): Promise<void> => port.write(Buffer.from(bodies.map((body) => withNmeaXorChecksum(body) + '\r\n').join(''), 'latin1'));
  return { hears, say, heard };
}

async function kioskOnCable(limits: Partial<Pick<BreathalyserSettings, 'resultTimeoutMs' | 'acknowledgementTimeoutMs'>> = {}) {
  const cable = createInMemoryCable('memory:desk');
  const device = await handPlayedDevice(cable);
  const kiosk = openBreathalyser({ transport: cable.kioskTransport, path: cable.kioskPath, profile: kioskLineV1, simulated: false, resultTimeoutMs: 10_000, reconnectDelayMs: 10, ...limits });
  cleanups.push(() => kiosk.close());
  await untilStatus(kiosk, 'ready');
  return { cable, device, kiosk };
}

function statusesOf(kiosk: Breathalyser): DeviceStatus[] {
  const seen: DeviceStatus[] = [kiosk.state().status];
  kiosk.onChange((state) => seen.push(state.status));
  return seen;
}

describe('the simulated breathalyser, on an in-memory cable', () => {
  it('answers a test with its set reading, marked simulated, for the visit that asked', async () => {
    const device = await startSimulatedBreathalyser({ resultText: '7 ug/100ml', logger: { info: () => undefined, warn: () => undefined, error: () => undefined }, blowMs: 20 });
    cleanups.push(() => device.close());
    expect(await untilStatus(device, 'ready')).toMatchObject({ simulated: true, words: 'The simulated breathalyser is ready. Its results are not real.' });
    const outcome = nextOutcome(device);
    const sampling = untilStatus(device, 'awaitingResult');
    expect(device.startTest('visit-1')).toEqual({ ok: true });
    expect(await sampling).toMatchObject({ busyWithVisitId: 'visit-1' });
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-1', reading: { microgramsPer100mlBreath: 7, simulated: true, deviceProfile: 'kiosk-line-v1' } });
    expect(device.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
  });
});

describe('the adapter over an in-memory cable', () => {
  it('a late reading before the new test is acknowledged goes to no one; the test then gets its own', async () => {
    const { kiosk, device } = await kioskOnCable();
    const outcomes: BreathOutcomeFromDevice[] = [];
    const two = new Promise<void>((resolve) => kiosk.onOutcome((outcome) => outcomes.push(outcome) === 2 && resolve()));
    expect(kiosk.startTest('visit-B')).toEqual({ ok: true });
    await device.hears('START');
    await device.say('RESULT 80 ug/100ml');
    await device.say('READY', 'BLOW');
    await untilStatus(kiosk, 'awaitingResult');
    expect(kiosk.state().words).toBe(sampleBeingTakenWords);
    await device.say('RESULT 5 ug/100ml');
    await two;
    expect(outcomes).toMatchObject([
      { kind: 'reading', visitId: null, reading: { microgramsPer100mlBreath: 80 } },
      { kind: 'reading', visitId: 'visit-B', reading: { microgramsPer100mlBreath: 5 } },
    ]);
  });

  it('stalled when unacknowledged; cancelling tells the device to stop and frees it', async () => {
    const { kiosk, device } = await kioskOnCable({ acknowledgementTimeoutMs: 20 });
    const seen = statusesOf(kiosk);
    expect(kiosk.startTest('visit-9')).toEqual({ ok: true });
    await untilStatus(kiosk, 'stalled');
    const outcome = nextOutcome(kiosk);
    expect(kiosk.cancelTest('visit-other')).toBe(false);
    expect(kiosk.cancelTest('visit-9')).toBe(true);
    // The device failed this test by not answering: the visit hears TIMEOUT, which opens a reading by hand.
    expect(await outcome).toEqual({ kind: 'error', visitId: 'visit-9', code: 'TIMEOUT', message: stalledTestCancelledWords });
    await device.hears('ABORT');
    expect(seen).toEqual(['ready', 'awaitingResult', 'stalled', 'ready']);
  });

  it('no result in time: TIMEOUT to the visit, the device told to stop, and ready again', async () => {
    const { kiosk, device } = await kioskOnCable({ resultTimeoutMs: 30 });
    const outcome = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-7')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-7', code: 'TIMEOUT' });
    await device.hears('ABORT');
    expect(kiosk.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
  });

  it('unplugged mid-test: DEVICE_LOST to the visit, shown lost, and back for the next test once plugged in', async () => {
    const { kiosk, cable } = await kioskOnCable();
    const outcome = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-4')).toEqual({ ok: true });
    await cable.unplug();
    expect(await outcome).toEqual({ kind: 'error', visitId: 'visit-4', code: 'DEVICE_LOST', message: breathTestFailureWords.DEVICE_LOST });
    expect(kiosk.state()).toMatchObject({ status: 'lost', busyWithVisitId: null, words: 'The breathalyser was disconnected. Check its cable; the kiosk is trying to reconnect.' });
    expect(kiosk.startTest('visit-5')).toEqual({ ok: false, reason: kiosk.state().words, busy: false });

    await cable.plugInAgain();
    const device = await handPlayedDevice(cable);
    await untilStatus(kiosk, 'ready');
    const next = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-5')).toEqual({ ok: true });
    await device.hears('START');
    await device.say('READY', 'RESULT 3 ug/100ml');
    expect(await next).toMatchObject({ kind: 'reading', visitId: 'visit-5', reading: { microgramsPer100mlBreath: 3 } });
  });

  it('found by USB ids in the port list: looking, then opening, then ready', async () => {
    const cable = createInMemoryCable('memory:usb-desk');
    await handPlayedDevice(cable);
    let plugged = false;
    const listPorts = () => Promise.resolve(plugged ? [{ path: cable.kioskPath, vendorId: '1A86', productId: '7523' }] : []);
    const kiosk = openBreathalyser({ transport: cable.kioskTransport, usb: { vendorId: '1a86', productId: '7523' }, listPorts, discoveryPollMs: 10, profile: kioskLineV1, simulated: true, resultTimeoutMs: 1000 });
    cleanups.push(() => kiosk.close());
    expect(kiosk.state()).toMatchObject({ status: 'discovering', words: 'Looking for the simulated breathalyser: plug it in.' });
    const seen = statusesOf(kiosk);
    plugged = true;
    await untilStatus(kiosk, 'ready');
    expect(seen).toEqual(['discovering', 'opening', 'ready']);
  });

  it('closing mid-test tells the visit and the device, and a second close is the same close', async () => {
    const { kiosk, device } = await kioskOnCable();
    const outcome = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-10')).toEqual({ ok: true });
    const closing = kiosk.close();
    expect(await outcome).toEqual({ kind: 'error', visitId: 'visit-10', code: 'DEVICE_LOST', message: closedDuringTestWords });
    await closing;
    await device.hears('ABORT');
    expect(kiosk.close()).toBe(closing);
  });

  it('a listener that throws does not stop the others hearing the outcome', async () => {
    const { kiosk, device } = await kioskOnCable();
    kiosk.onOutcome(() => {
      throw new Error('a broken screen');
    });
    const outcome = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-1')).toEqual({ ok: true });
    await device.say('READY', 'RESULT 2 ug/100ml');
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-1' });
  });
});
