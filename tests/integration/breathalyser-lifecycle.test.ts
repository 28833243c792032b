/**
 * The breathalyser lifecycle on real ptys: found by USB ids through an injected port list (a pty
 * never appears in SerialPort.list()), lost and found again when unplugged mid-test and plugged
 * back in, stalled when a device never acknowledges a test, and the mq3-ascii profile end to end
 * with the emulator. Waits are on the driver's own events; the only timing is the short configured
 * time limits these scenarios are about.
 */
import { describe, it, expect, afterEach, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SerialPort } from 'serialport';
import type { BreathOutcomeFromDevice, DeviceStatus } from '../../main/devices/breathalyser/breathalyser.js';
import { serialSettings } from '../../main/devices/breathalyser/device-profile.js';
import type { ListedPort } from '../../main/devices/breathalyser/discovery/usb-port-discovery.js';
import { startEmulator, type EmulatorOptions } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { startPtyPair } from '../../main/devices/breathalyser/emulator/pty-pair.js';
import { withNmeaXorChecksum } from '../../main/devices/breathalyser/line-checksum.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { mq3Ascii } from '../../main/devices/breathalyser/profiles/mq3-ascii.js';
import { openSerialBreathalyser, type SerialBreathalyserOptions } from '../../main/devices/breathalyser/serial-breathalyser.js';
import { nextOutcome, untilStatus } from '../support/breathalyser-waits.js';

const logger = pino({ level: 'silent' });
const generous = 30_000;
const deskIds = { vendorId: '1a86', productId: '7523' };

let workDir = '';
let linkNumber = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'breathalyser-lifecycle-'));
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function freshLink(): string {
  linkNumber += 1;
  return join(workDir, `kiosk-${linkNumber}`);
}

async function emulator(options: Omit<EmulatorOptions, 'link'> & { link?: string }) {
  const running = await startEmulator({ link: freshLink(), ...options });
  cleanups.push(() => running.stop());
  return running;
}

function kiosk(options: SerialBreathalyserOptions) {
  const device = openSerialBreathalyser(options);
  cleanups.push(() => device.close());
  return device;
}

function statusesOf(device: ReturnType<typeof kiosk>): DeviceStatus[] {
  const seen: DeviceStatus[] = [device.state().status];
  device.onChange((state) => seen.push(state.status));
  return seen;
}

/** A port list as udev would show it once the device is plugged in: the pty stands in for /dev/ttyUSB0. */
function portListShowing(path: string, plugged: () => boolean) {
  let calls = 0;
  const listPorts = async (): Promise<ListedPort[]> => {
    calls += 1;
    const others: ListedPort[] = [{ path: '/dev/ttyS0' }, { path: '/dev/ttyACM0', vendorId: '2341', productId: '0043' }];
    // Upper-case, as Windows reports USB ids.
    return plugged() ? [...others, { path, vendorId: '1A86', productId: '7523' }] : others;
  };
  return { listPorts, calls: () => calls };
}

describe('a breathalyser found by its USB ids', () => {
  it('is looked for until it appears in the port list, then opened and tested', async () => {
    const running = await emulator({ profile: kioskLineV1, scenario: 'result', resultText: '12 ug/100ml', delayMs: 20 });
    let plugged = false;
    const ports = portListShowing(running.kioskPath, () => plugged);
    const device = kiosk({ usb: deskIds, listPorts: ports.listPorts, discoveryPollMs: 20, profile: kioskLineV1, simulated: true, resultTimeoutMs: 10_000, logger });
    expect(device.state()).toMatchObject({ status: 'discovering', words: expect.stringMatching(/Looking for the simulated breathalyser/) });
    expect(device.startTest('visit-1')).toMatchObject({ ok: false });

    const seen = statusesOf(device);
    const ready = untilStatus(device, 'ready');
    plugged = true;
    await ready;
    expect(seen).toEqual(['discovering', 'opening', 'ready']);
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-1')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-1', reading: { microgramsPer100mlBreath: 12 } });
  }, generous);

  it('unplugged mid-test: the test fails as DEVICE_LOST, the kiosk looks for it again and takes the next test once it is back', async () => {
    const running = await emulator({ profile: kioskLineV1, scenario: 'unplug-replug', resultText: '12 ug/100ml', delayMs: 50, replugAfterMs: 300 });
    // Listed throughout, as a port list read a moment before the unplug would be: opening it fails
    // while the cable is out, and the kiosk backs off and looks again.
    const ports = portListShowing(running.kioskPath, () => true);
    const device = kiosk({
      usb: deskIds, listPorts: ports.listPorts, discoveryPollMs: 20, reconnectDelayMs: 20, profile: kioskLineV1, simulated: true, resultTimeoutMs: 10_000, logger,
    });
    await untilStatus(device, 'ready');

    const seen = statusesOf(device);
    const lostOutcome = nextOutcome(device);
    const lost = untilStatus(device, 'lost');
    expect(device.startTest('visit-2')).toEqual({ ok: true });
    expect(await lostOutcome).toMatchObject({ kind: 'error', visitId: 'visit-2', code: 'DEVICE_LOST' });
    expect(await lost).toMatchObject({ busyWithVisitId: null, words: expect.stringMatching(/was disconnected/) });

    await untilStatus(device, 'ready');
    expect(seen).toEqual(expect.arrayContaining(['awaitingResult', 'lost', 'discovering', 'opening', 'ready']));
    expect(seen.indexOf('discovering')).toBeGreaterThan(seen.indexOf('lost'));
    expect(ports.calls()).toBeGreaterThan(1);
  }, generous);
});

describe('a breathalyser at a fixed path, unplugged during a test and plugged back in', () => {
  it('fails the test, shows the device lost, and is ready again on its own for the next visit', async () => {
    const running = await emulator({ profile: kioskLineV1, scenario: 'unplug-replug', resultText: '12 ug/100ml', delayMs: 50, replugAfterMs: 200 });
    const device = kiosk({ path: running.kioskPath, profile: kioskLineV1, simulated: true, resultTimeoutMs: 10_000, reconnectDelayMs: 50, logger });
    await untilStatus(device, 'ready');
    const lostOutcome = nextOutcome(device);
    expect(device.startTest('visit-3')).toEqual({ ok: true });
    expect(await lostOutcome).toMatchObject({ kind: 'error', visitId: 'visit-3', code: 'DEVICE_LOST' });
    expect(device.state().status).toBe('lost');

    await untilStatus(device, 'ready');
    // The replugged emulator plays the same scenario, so this test is lost too: the point is that it was taken.
    const again = nextOutcome(device);
    expect(device.startTest('visit-4')).toEqual({ ok: true });
    expect(await again).toMatchObject({ kind: 'error', visitId: 'visit-4', code: 'DEVICE_LOST' });
  }, generous);
});

/** A device end that hears the kiosk and says only what the test tells it to. */
async function silentDevice() {
  const link = freshLink();
  const pair = await startPtyPair(link, `${link}.device`);
  cleanups.push(() => pair.stop());
  const port = new SerialPort({ path: pair.devicePath, ...serialSettings(kioskLineV1), autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  cleanups.push(() => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  let heard = '';
  const hears = (command: string) => new Promise<void>((resolve) => {
    const check = () => {
      if (!heard.includes(`${command}\r\n`)) return;
      port.off('data', check);
      resolve();
    };
    port.on('data', check);
    check();
  });
  port.on('data', (chunk: Buffer) => {
    heard += chunk.toString('latin1');
  });
  const started = hears('START');
  const say = (...bodies: string[]): Promise<void> =>
    new Promise((resolve) => port.write(Buffer.from(bodies.map((body) => `${withNmeaXorChecksum(body)}\r\n`).join(''), 'latin1'), () => port.drain(() => resolve())));
  return { kioskPath: pair.kioskPath, started, hears, say };
}

describe('a test the device never acknowledges', () => {
  it('shows as stalled with words for staff, and goes back to waiting when the device answers after all', async () => {
    const device$ = await silentDevice();
    const device = kiosk({ path: device$.kioskPath, profile: kioskLineV1, simulated: false, resultTimeoutMs: 10_000, acknowledgementTimeoutMs: 150, logger });
    await untilStatus(device, 'ready');
    const stalled = untilStatus(device, 'stalled');
    expect(device.startTest('visit-5')).toEqual({ ok: true });
    await device$.started;
    expect(await stalled).toMatchObject({
      busyWithVisitId: 'visit-5',
      words: 'The breathalyser has not answered the start of the test. Check it is switched on and not showing a message; cancel the test and start it again, or enter the reading by hand with a witness.',
    });
    expect(device.startTest('visit-6')).toMatchObject({ ok: false });

    const waiting = untilStatus(device, 'awaitingResult');
    const outcome = nextOutcome(device);
    await device$.say('READY');
    expect(await waiting).toMatchObject({ busyWithVisitId: 'visit-5' });
    await device$.say('BLOW', 'RESULT 20 ug/100ml');
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-5', reading: { microgramsPer100mlBreath: 20 } });
    expect(device.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
  }, generous);

  it('moves on when the result time runs out: TIMEOUT to the visit, and the device ready again', async () => {
    const device$ = await silentDevice();
    const device = kiosk({ path: device$.kioskPath, profile: kioskLineV1, simulated: false, resultTimeoutMs: 600, acknowledgementTimeoutMs: 100, logger });
    await untilStatus(device, 'ready');
    const seen = statusesOf(device);
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-7')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-7', code: 'TIMEOUT' });
    expect(seen).toEqual(['ready', 'awaitingResult', 'stalled', 'ready']);
  }, generous);

  it('cancelled by staff while stalled: the device is told to stop, the visit hears it failed on the device (TIMEOUT), and the next person can be tested', async () => {
    const device$ = await silentDevice();
    const device = kiosk({ path: device$.kioskPath, profile: kioskLineV1, simulated: false, resultTimeoutMs: 10_000, acknowledgementTimeoutMs: 100, logger });
    await untilStatus(device, 'ready');
    const stalled = untilStatus(device, 'stalled');
    expect(device.startTest('visit-9')).toEqual({ ok: true });
    await stalled;
    const outcome = nextOutcome(device);
    const aborted = device$.hears('ABORT');
    expect(device.cancelTest('visit-other')).toBe(false);
    expect(device.cancelTest('visit-9')).toBe(true);
    // A test the device stopped answering failed there: not a plain cancel, so a reading by hand may follow.
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-9', code: 'TIMEOUT' });
    await aborted;
    expect(device.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
    expect(device.startTest('visit-10')).toEqual({ ok: true });
  }, generous);

  it('a device error while stalled goes to the visit as its outcome', async () => {
    const device$ = await silentDevice();
    const device = kiosk({ path: device$.kioskPath, profile: kioskLineV1, simulated: false, resultTimeoutMs: 10_000, acknowledgementTimeoutMs: 100, logger });
    await untilStatus(device, 'ready');
    const stalled = untilStatus(device, 'stalled');
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-8')).toEqual({ ok: true });
    await stalled;
    await device$.say('ERROR LOW_BATTERY');
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-8', code: 'LOW_BATTERY' });
    expect(device.state().status).toBe('ready');
  }, generous);
});

describe('mq3-ascii end to end with the emulator', () => {
  it('a BAC line during a test is that visit\'s reading, in micrograms per 100 mL at 2000:1; the test is never stalled', async () => {
    const running = await emulator({ profile: mq3Ascii, scenario: 'result', resultText: '0.02', delayMs: 20 });
    const device = kiosk({ path: running.kioskPath, profile: mq3Ascii, simulated: true, resultTimeoutMs: 10_000, acknowledgementTimeoutMs: 50, logger });
    await untilStatus(device, 'ready');
    const seen = statusesOf(device);
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-9')).toEqual({ ok: true });
    running.play();
    expect(await outcome).toMatchObject({
      kind: 'reading',
      visitId: 'visit-9',
      reading: { microgramsPer100mlBreath: 10, rawText: 'BAC:0.02', rawValue: 0.02, rawUnit: '%bac', bloodBreathRatio: 2000, deviceProfile: 'mq3-ascii', simulated: true },
    });
    expect(seen).toEqual(['ready', 'awaitingResult', 'ready']);
  }, generous);

  it('a sketch printing in its loop with no test waiting gives unattributed readings only', async () => {
    const running = await emulator({ profile: mq3Ascii, scenario: 'result', resultText: '0.05', delayMs: 0, repeatEveryMs: 30 });
    const device = kiosk({ path: running.kioskPath, profile: mq3Ascii, simulated: true, resultTimeoutMs: 10_000, logger });
    await untilStatus(device, 'ready');
    const outcomes: BreathOutcomeFromDevice[] = [];
    const third = new Promise<void>((resolve) => device.onOutcome((outcome) => outcomes.push(outcome) >= 3 && resolve()));
    await third;
    expect(outcomes.slice(0, 3)).toMatchObject([0, 1, 2].map(() => ({ kind: 'reading', visitId: null, reading: { microgramsPer100mlBreath: 25 } })));
  }, generous);

  it('garbage and a half line from the sketch never become a reading: the test times out', async () => {
    for (const scenario of ['garbage', 'half-line'] as const) {
      const running = await emulator({ profile: mq3Ascii, scenario, resultText: '0.02', delayMs: 10 });
      const device = kiosk({ path: running.kioskPath, profile: mq3Ascii, simulated: true, resultTimeoutMs: 500, logger });
      await untilStatus(device, 'ready');
      const outcome = nextOutcome(device);
      expect(device.startTest(`visit-${scenario}`)).toEqual({ ok: true });
      running.play();
      expect(await outcome).toMatchObject({ kind: 'error', visitId: `visit-${scenario}`, code: 'TIMEOUT' });
    }
  }, generous);

  it('the emulator refuses an error scenario for a profile with no error line', async () => {
    await expect(startEmulator({ link: freshLink(), profile: mq3Ascii, scenario: 'error:NO_SAMPLE', resultText: '0.02', delayMs: 0 })).rejects.toThrow(
      'The profile mq3-ascii has no error line, so the emulator cannot play error:NO_SAMPLE.',
    );
  });
});
