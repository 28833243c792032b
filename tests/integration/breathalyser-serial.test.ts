/**
 * The serial breathalyser driver on real ptys: socat makes the cable, the emulator plays the
 * device, and the driver talks through the real serialport binding. Each test waits on the
 * driver's own events (status changes and outcomes), never on sleeps.
 */
import { describe, it, expect, afterEach, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { BreathOutcomeFromDevice } from '../../main/devices/breathalyser/breathalyser.js';
import { startEmulator, type EmulatorScenario, type RunningEmulator } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { startSimulatedBreathalyser } from '../../main/devices/breathalyser/emulator/simulated-breathalyser.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { openSerialBreathalyser } from '../../main/devices/breathalyser/serial-breathalyser.js';
import { nextOutcome, untilStatus } from '../support/breathalyser-waits.js';

const profile = kioskLineV1;
const logger = pino({ level: 'silent' });
const generous = 30_000;

let workDir = '';
let linkNumber = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'breathalyser-serial-'));
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function nextCommand(emulator: RunningEmulator, command: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = emulator.onCommand((heard) => {
      if (heard !== command) return;
      stop();
      resolve();
    });
  });
}

async function emulated(scenario: EmulatorScenario, resultTimeoutMs = 20_000, reconnectDelayMs?: number) {
  linkNumber += 1;
  const link = join(workDir, `kiosk-${linkNumber}`);
  const emulator = await startEmulator({ link, profile, scenario, resultText: '12 ug/100ml', delayMs: 200 });
  const device = openSerialBreathalyser({ path: emulator.kioskPath, profile, simulated: true, resultTimeoutMs, logger, reconnectDelayMs });
  cleanups.push(() => emulator.stop(), () => device.close());
  await untilStatus(device, 'ready');
  return { emulator, device, link };
}

describe('serial breathalyser on a pty', () => {
  it('a blown test gives a result bound to the visit that asked', async () => {
    const { device } = await emulated('result');
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-1')).toEqual({ ok: true });
    expect(device.state()).toMatchObject({ status: 'awaitingResult', busyWithVisitId: 'visit-1', simulated: true });
    expect(device.startTest('visit-2')).toMatchObject({ ok: false, busy: true });

    const result = await outcome;
    expect(result).toMatchObject({ kind: 'reading', visitId: 'visit-1' });
    if (result.kind !== 'reading') throw new Error('expected a reading');
    expect(result.reading).toMatchObject({ microgramsPer100mlBreath: 12, rawValue: 12, rawUnit: 'ug/100ml', simulated: true, deviceProfile: 'kiosk-line-v1' });
    expect(result.reading.rawText).toMatch(/^RESULT 12 ug\/100ml\*[0-9A-F]{2}$/);
    expect(device.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
  }, generous);

  it('a device error goes to the visit that asked, in plain words', async () => {
    const { device } = await emulated('error:NO_SAMPLE');
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-3')).toEqual({ ok: true });
    expect(await outcome).toEqual({
      kind: 'error',
      visitId: 'visit-3',
      code: 'NO_SAMPLE',
      message: 'No breath sample was detected. Ask the person to blow again, steadily.',
    });
    expect(device.state().status).toBe('ready');
  }, generous);

  it('a reading nobody asked for is unattributed', async () => {
    const { device, emulator } = await emulated('result');
    const outcome = nextOutcome(device);
    await emulator.emitUnrequested('RESULT 40 ug/100ml');
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: null, reading: { microgramsPer100mlBreath: 40 } });
    expect(device.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
  }, generous);

  it('unplugging mid-test fails the test with DEVICE_LOST and shows the device lost', async () => {
    const { device } = await emulated('unplug');
    const outcome = nextOutcome(device);
    const lost = untilStatus(device, 'lost');
    expect(device.startTest('visit-4')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-4', code: 'DEVICE_LOST' });
    expect(await lost).toMatchObject({ status: 'lost', busyWithVisitId: null });
    expect(device.startTest('visit-5')).toMatchObject({ ok: false, busy: false });
  }, generous);

  it('reconnects on its own when the device comes back on the same path', async () => {
    const { device, emulator, link } = await emulated('result', 20_000, 100);
    const lost = untilStatus(device, 'lost');
    await emulator.unplug();
    await lost;
    const ready = untilStatus(device, 'ready');
    const replugged = await startEmulator({ link, profile, scenario: 'result', resultText: '7 ug/100ml', delayMs: 50 });
    cleanups.push(() => replugged.stop());
    await ready;
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-6')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-6', reading: { microgramsPer100mlBreath: 7 } });
  }, generous);

  it.each<EmulatorScenario>(['garbage', 'half-line', 'silence'])(
    '%s never becomes a reading: the test times out and the device is told to stop',
    async (scenario) => {
      const { device, emulator } = await emulated(scenario, 1500);
      const outcomes: BreathOutcomeFromDevice[] = [];
      device.onOutcome((outcome) => outcomes.push(outcome));
      const aborted = nextCommand(emulator, 'ABORT');
      const outcome = nextOutcome(device);
      expect(device.startTest('visit-7')).toEqual({ ok: true });
      expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-7', code: 'TIMEOUT' });
      await aborted;
      expect(outcomes).toHaveLength(1);
      expect(device.state().status).toBe('ready');
    },
    generous,
  );

  it('closing mid-test tells the waiting visit and stops the device', async () => {
    const { device, emulator } = await emulated('silence');
    const outcome = nextOutcome(device);
    const aborted = nextCommand(emulator, 'ABORT');
    const started = nextCommand(emulator, 'START');
    expect(device.startTest('visit-10')).toEqual({ ok: true });
    await started;
    const closing = device.close();
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-10', code: 'DEVICE_LOST' });
    await closing;
    await aborted;
    expect(device.close()).toBe(closing);
  }, generous);

  it('a path with no device is unavailable and refuses tests with the reason', async () => {
    const device = openSerialBreathalyser({ path: join(workDir, 'nothing-here'), profile, simulated: false, resultTimeoutMs: 1000, logger });
    cleanups.push(() => device.close());
    const state = await untilStatus(device, 'unavailable');
    expect(state.words).toMatch(/could not be opened/);
    expect(device.startTest('visit-8')).toEqual({ ok: false, reason: state.words, busy: false });
  }, generous);
});

describe('simulated breathalyser', () => {
  it('runs a whole test out of the box, on its in-memory cable', async () => {
    const device = await startSimulatedBreathalyser({ resultText: '0 ug/100ml', logger, blowMs: 50 });
    cleanups.push(() => device.close());
    await untilStatus(device, 'ready');
    expect(device.state().simulated).toBe(true);
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-9')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-9', reading: { microgramsPer100mlBreath: 0, simulated: true } });
  }, generous);
});
