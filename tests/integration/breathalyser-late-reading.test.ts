/**
 * A reading that arrives late, after the kiosk gave up on its test, must never be credited to the
 * visit whose test started next: the line protocol carries no test id, so the driver relies on the
 * profile's promise that a device acknowledges each start command (READY or BLOW) before its
 * result. The device end of the pty is played by hand here, byte for byte, because the emulator
 * always answers START with READY at once and so cannot be made to misbehave in this order.
 */
import { describe, it, expect, afterEach, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { Breathalyser, BreathOutcomeFromDevice } from '../../main/devices/breathalyser/breathalyser.js';
import { DeviceProfile, serialSettings } from '../../main/devices/breathalyser/device-profile.js';
import { startPtyPair } from '../../main/devices/breathalyser/emulator/pty-pair.js';
import { withNmeaXorChecksum } from '../../main/devices/breathalyser/line-checksum.js';
import { createLineSplitter } from '../../main/devices/breathalyser/line-splitter.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import type { BreathalyserLogger } from '../../main/devices/breathalyser/breathalyser-logger.js';
import { openSerialBreathalyser } from '../../main/devices/breathalyser/serial-breathalyser.js';
import { nextOutcome, untilStatus } from '../support/breathalyser-waits.js';

const generous = 30_000;

let workDir = '';
let linkNumber = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'breathalyser-late-reading-'));
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  details: object;
  message: string;
}

function recordingLogger(entries: LogEntry[]): BreathalyserLogger {
  return {
    info: (details, message) => entries.push({ level: 'info', details, message }),
    warn: (details, message) => entries.push({ level: 'warn', details, message }),
    error: (details, message) => entries.push({ level: 'error', details, message }),
  };
}

function outcomesUntil(device: Breathalyser, count: number): Promise<BreathOutcomeFromDevice[]> {
  const heard: BreathOutcomeFromDevice[] = [];
  return new Promise((resolve) => {
    const stop = device.onOutcome((outcome) => {
      heard.push(outcome);
      if (heard.length < count) return;
      stop();
      resolve(heard);
    });
  });
}

/** The device end of the cable, played by the test: it hears commands and says exactly what it is told to. */
interface HandPlayedDevice {
  nextCommand(command: string): Promise<void>;
  say(...bodies: string[]): Promise<void>;
}

async function handPlayedDevice(path: string, profile: DeviceProfile): Promise<HandPlayedDevice> {
  const port = new SerialPort({ path, ...serialSettings(profile), autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  cleanups.push(() => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  const splitter = createLineSplitter(profile);
  const waiting = new Set<(command: string) => void>();
  port.on('data', (chunk: Buffer) => {
    for (const command of splitter.feed(chunk).lines) for (const listener of [...waiting]) listener(command);
  });
  return {
    nextCommand: (command) =>
      new Promise((resolve) => {
        const listener = (heard: string): void => {
          if (heard !== command) return;
          waiting.delete(listener);
          resolve();
        };
        waiting.add(listener);
      }),
    // One write for all the lines, so the driver may get them in one chunk: order alone must decide.
    say: (...bodies) =>
      new Promise((resolve) => {
        const bytes = bodies.map((body) => withNmeaXorChecksum(body) + profile.terminator).join('');
        port.write(Buffer.from(bytes, 'latin1'), () => port.drain(() => resolve()));
      }),
  };
}

async function kioskWithHandPlayedDevice(profile: DeviceProfile, resultTimeoutMs: number) {
  linkNumber += 1;
  const link = join(workDir, `kiosk-${linkNumber}`);
  const pair = await startPtyPair(link, `${link}.device`);
  cleanups.push(() => pair.stop());
  const device = await handPlayedDevice(pair.devicePath, profile);
  const log: LogEntry[] = [];
  const kiosk = openSerialBreathalyser({ path: pair.kioskPath, profile, simulated: true, resultTimeoutMs, logger: recordingLogger(log) });
  cleanups.push(() => kiosk.close());
  await untilStatus(kiosk, 'ready');
  return { kiosk, device, log };
}

/** Test A is started, acknowledged, and given up on by the kiosk; the device ignores the ABORT. */
async function timeOutFirstTest(kiosk: Breathalyser, device: HandPlayedDevice, log: LogEntry[]): Promise<void> {
  const started = device.nextCommand('START');
  const outcome = nextOutcome(kiosk);
  const aborted = device.nextCommand('ABORT');
  expect(kiosk.startTest('visit-A')).toEqual({ ok: true });
  await started;
  await device.say('READY', 'BLOW');
  expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-A', code: 'TIMEOUT' });
  await aborted;
  expect(log).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/late reading .* may still follow/) }));
}

describe('a late reading from a test the kiosk gave up on', () => {
  it('is unattributed when it arrives after the next START but before READY, and the next test still gets its own reading', async () => {
    const { kiosk, device, log } = await kioskWithHandPlayedDevice(kioskLineV1, 1500);
    await timeOutFirstTest(kiosk, device, log);

    const startedB = device.nextCommand('START');
    const late = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-B')).toEqual({ ok: true });
    await startedB;
    await device.say('RESULT 80 ug/100ml');
    expect(await late).toMatchObject({ kind: 'reading', visitId: null, reading: { microgramsPer100mlBreath: 80 } });
    expect(log).toContainEqual(expect.objectContaining({
      level: 'warn',
      details: expect.objectContaining({ waitingVisitId: 'visit-B' }),
      message: expect.stringContaining('a reading from an earlier test arrived before this test was acknowledged'),
    }));
    expect(kiosk.state()).toMatchObject({ status: 'awaitingResult', busyWithVisitId: 'visit-B' });
    expect(kiosk.startTest('visit-C')).toMatchObject({ ok: false });

    const own = nextOutcome(kiosk);
    await device.say('READY', 'BLOW', 'RESULT 5 ug/100ml');
    expect(await own).toMatchObject({ kind: 'reading', visitId: 'visit-B', reading: { microgramsPer100mlBreath: 5 } });
    expect(kiosk.state()).toMatchObject({ status: 'ready', busyWithVisitId: null });
  }, generous);

  it('is told apart by order alone when the late reading and the new test\'s lines arrive together', async () => {
    const { kiosk, device, log } = await kioskWithHandPlayedDevice(kioskLineV1, 1500);
    await timeOutFirstTest(kiosk, device, log);

    const startedB = device.nextCommand('START');
    const outcomes = outcomesUntil(kiosk, 2);
    expect(kiosk.startTest('visit-B')).toEqual({ ok: true });
    await startedB;
    await device.say('RESULT 80 ug/100ml', 'READY', 'BLOW', 'RESULT 5 ug/100ml');
    expect(await outcomes).toMatchObject([
      { kind: 'reading', visitId: null, reading: { microgramsPer100mlBreath: 80 } },
      { kind: 'reading', visitId: 'visit-B', reading: { microgramsPer100mlBreath: 5 } },
    ]);
  }, generous);

  it('is credited as before on a profile whose device does not acknowledge a start', async () => {
    const silentStarter = DeviceProfile.parse({ ...kioskLineV1, id: 'silent-starter', resultFollowsAcknowledgement: false });
    const { kiosk, device } = await kioskWithHandPlayedDevice(silentStarter, 10_000);
    const started = device.nextCommand('START');
    const outcome = nextOutcome(kiosk);
    expect(kiosk.startTest('visit-D')).toEqual({ ok: true });
    await started;
    await device.say('RESULT 9 ug/100ml');
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-D', reading: { microgramsPer100mlBreath: 9 } });
  }, generous);
});
