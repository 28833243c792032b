/**
 * A breathalyser that ends its lines differently from its profile (issue 14), on real ptys: the
 * emulator speaks kiosk-line-v1 but ends its lines with LF or CR alone, as a device set up wrong
 * would. Staff must see which ending came and which the profile expects within a few seconds,
 * and a test started must fail with those words rather than wait out the whole result time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Breathalyser, DeviceState } from '../../main/devices/breathalyser/breathalyser.js';
import { startEmulator, type EmulatorLineEnding, type EmulatorScenario, type RunningEmulator } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { openSerialBreathalyser } from '../../main/devices/breathalyser/serial-breathalyser.js';
import { nextOutcome, untilStatus } from '../support/breathalyser-waits.js';
import { startCommand } from '../support/spawned-command.js';

const profile = kioskLineV1;
const logger = pino({ level: 'silent' });
// Far longer than the line-ending check (2 s), so a test failed in time cannot be the result timer.
const resultTimeoutMs = 20_000;

let workDir = '';
let linkNumber = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'breathalyser-line-ending-'));
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function nextLink(): string {
  linkNumber += 1;
  return join(workDir, `kiosk-${linkNumber}`);
}

async function kioskOn(path: string): Promise<Breathalyser> {
  const device = openSerialBreathalyser({ path, profile, simulated: true, resultTimeoutMs, logger });
  cleanups.push(() => device.close());
  await untilStatus(device, 'ready');
  return device;
}

async function emulated(lineEnding: EmulatorLineEnding, scenario: EmulatorScenario = 'result'): Promise<{ device: Breathalyser; emulator: RunningEmulator }> {
  const emulator = await startEmulator({ link: nextLink(), profile, scenario, resultText: '12 ug/100ml', delayMs: 200, lineEnding });
  cleanups.push(() => emulator.stop());
  return { device: await kioskOn(emulator.kioskPath), emulator };
}

/** Resolves when the device's words match, failing with the last words seen if they never do. */
function untilWords(device: Breathalyser, words: RegExp, withinMs = 10_000): Promise<DeviceState> {
  return new Promise((resolve, reject) => {
    if (words.test(device.state().words)) return resolve(device.state());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`The breathalyser never said ${String(words)}; it says "${device.state().words}".`));
    }, withinMs);
    const stop = device.onChange((state) => {
      if (!words.test(state.words)) return;
      clearTimeout(timer);
      stop();
      resolve(state);
    });
  });
}

describe('a breathalyser whose line ending does not match its profile', () => {
  it.each([
    ['lf', 'it sends LF, the profile expects CRLF'],
    ['cr', 'it sends CR, the profile expects CRLF'],
  ] as const)('ending lines with %s: a test started fails within a few seconds, saying which ending came', async (lineEnding, which) => {
    const { device } = await emulated(lineEnding);
    const outcome = nextOutcome(device);
    const startedAt = Date.now();
    expect(device.startTest('visit-1')).toEqual({ ok: true });
    const failed = await outcome;
    const tookMs = Date.now() - startedAt;

    expect(failed).toMatchObject({ kind: 'error', visitId: 'visit-1', code: 'TIMEOUT' });
    if (failed.kind !== 'error') throw new Error('expected the test to fail');
    expect(failed.message).toContain("The simulated breathalyser's line ending does not match its profile");
    expect(failed.message).toContain(which);
    expect(tookMs).toBeGreaterThanOrEqual(1_500);
    expect(tookMs).toBeLessThan(6_000);
    // The device shows the same words afterwards, as a fault, with no visit holding it.
    expect(device.state()).toMatchObject({ status: 'stalled', busyWithVisitId: null });
    expect(device.state().words).toContain(which);
  }, 30_000);

  it('says so on screen with no test running, when the device speaks unasked', async () => {
    const { device, emulator } = await emulated('lf');
    await emulator.emitUnrequested('READY');
    const shown = await untilWords(device, /line ending does not match its profile: it sends LF, the profile expects CRLF/);
    expect(shown).toMatchObject({ status: 'stalled', busyWithVisitId: null, simulated: true });
  }, 30_000);

  it('a device that speaks its profile\'s ending after all is back to ready, and its reading counts', async () => {
    const mismatched = await startEmulator({ link: nextLink(), profile, scenario: 'result', resultText: '12 ug/100ml', delayMs: 200, lineEnding: 'lf' });
    cleanups.push(() => mismatched.stop());
    const device = await kioskOn(mismatched.kioskPath);
    await mismatched.emitUnrequested('READY');
    await untilWords(device, /it sends LF/);
    // Set right, a device's next line ends in CR LF: the same path, the profile's own ending.
    await mismatched.stop();
    cleanups.pop();
    await untilStatus(device, 'lost');
    const fixed = await startEmulator({ link: mismatched.kioskPath, profile, scenario: 'result', resultText: '12 ug/100ml', delayMs: 200 });
    cleanups.push(() => fixed.stop());
    await untilStatus(device, 'ready');
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-2')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'reading', visitId: 'visit-2', reading: { microgramsPer100mlBreath: 12 } });
  }, 40_000);

  it('a half line in the profile\'s own ending is not called a mismatch: the test waits for its result time', async () => {
    const emulator = await startEmulator({ link: nextLink(), profile, scenario: 'half-line', resultText: '12 ug/100ml', delayMs: 100 });
    cleanups.push(() => emulator.stop());
    const device = openSerialBreathalyser({ path: emulator.kioskPath, profile, simulated: true, resultTimeoutMs: 4_000, logger });
    cleanups.push(() => device.close());
    await untilStatus(device, 'ready');
    const words: string[] = [];
    device.onChange((state) => words.push(state.words));
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-3')).toEqual({ ok: true });
    const failed = await outcome;
    expect(failed).toMatchObject({ kind: 'error', code: 'TIMEOUT', message: expect.stringMatching(/^No result came from the breathalyser in time/) });
    expect(words.filter((said) => /line ending/.test(said))).toEqual([]);
  }, 30_000);

  it('the emulator command takes --line-ending, and the kiosk names the ending it sends', async () => {
    const link = nextLink();
    const command = await startCommand(process.execPath,
      ['dist/main/devices/breathalyser/emulator/cli.js', '--link', link, '--line-ending', 'cr', '--delay-ms', '50'], /Breathalyser emulator on /);
    cleanups.push(() => command.stop());
    const device = await kioskOn(link);
    const outcome = nextOutcome(device);
    expect(device.startTest('visit-4')).toEqual({ ok: true });
    expect(await outcome).toMatchObject({ kind: 'error', message: expect.stringContaining('it sends CR, the profile expects CRLF') });
  }, 40_000);
});
