/**
 * Unplug and replug, again and again, on the same path. On Linux a hung-up tty can read as
 * end-of-file, which @serialport/bindings-cpp retries forever without emitting 'close'; whether an
 * unplug is reported depended on timing, so "reconnects on its own when the device comes back"
 * could hang in CI. Before the driver's hangup check, this loop stuck at "ready" on a dead pty
 * within two or three rounds; each round now has to see the loss and take a test on the new cable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startEmulator, type RunningEmulator } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { kioskLineV1 as profile } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { openSerialBreathalyser } from '../../main/devices/breathalyser/serial-breathalyser.js';
import { nextOutcome, untilStatus } from '../support/breathalyser-waits.js';

let workDir = '';

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'breathalyser-reconnect-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('a breathalyser unplugged and plugged back in on the same path, round after round', () => {
  it('is seen lost every time, and takes a test on each new cable', async () => {
    const link = join(workDir, 'kiosk');
    const emulators: RunningEmulator[] = [];
    const plugIn = async (round: number): Promise<RunningEmulator> => {
      const emulator = await startEmulator({ link, profile, scenario: 'result', resultText: `${round} ug/100ml`, delayMs: 10 });
      emulators.push(emulator);
      return emulator;
    };
    let emulator = await plugIn(0);
    const device = openSerialBreathalyser({
      path: link, profile, simulated: true, resultTimeoutMs: 5000, reconnectDelayMs: 50, reconnectDelayCapMs: 50, hangupCheckMs: 100, logger: pino({ level: 'silent' }),
    });
    try {
      await untilStatus(device, 'ready', 5000);
      for (let round = 1; round <= 8; round += 1) {
        const lost = untilStatus(device, 'lost', 5000);
        await emulator.unplug();
        await lost;
        const ready = untilStatus(device, 'ready', 5000);
        emulator = await plugIn(round);
        await ready;
        const outcome = nextOutcome(device);
        expect(device.startTest(`visit-${round}`)).toEqual({ ok: true });
        expect(await outcome).toMatchObject({ kind: 'reading', visitId: `visit-${round}`, reading: { microgramsPer100mlBreath: round } });
      }
    } finally {
      await device.close();
      for (const running of emulators.reverse()) await running.stop();
    }
  }, 60_000);
});

describe('stopping an emulator after it was replaced on the same path', () => {
  it('leaves the new pair\'s links alone, so the kiosk keeps its new cable', async () => {
    const link = join(workDir, 'replaced');
    const first = await startEmulator({ link, profile, scenario: 'result', resultText: '1 ug/100ml', delayMs: 10 });
    await first.unplug();
    const second = await startEmulator({ link, profile, scenario: 'result', resultText: '2 ug/100ml', delayMs: 10 });
    try {
      await first.stop();
      const device = openSerialBreathalyser({ path: link, profile, simulated: true, resultTimeoutMs: 5000, logger: pino({ level: 'silent' }) });
      try {
        await untilStatus(device, 'ready', 5000);
        const outcome = nextOutcome(device);
        expect(device.startTest('visit-after-replace')).toEqual({ ok: true });
        expect(await outcome).toMatchObject({ kind: 'reading', reading: { microgramsPer100mlBreath: 2 } });
      } finally {
        await device.close();
      }
    } finally {
      await second.stop();
    }
  }, 30_000);
});
