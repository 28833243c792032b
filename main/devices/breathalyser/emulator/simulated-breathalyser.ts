/**
 * The kiosk's out-of-the-box breathalyser: the emulator on a pty pair under the data folder,
 * opened through the same serial driver a real device uses, with every reading marked simulated.
 * A new install can walk a whole visit without hardware, and the real driver code path is what
 * gets exercised. Closing it stops the emulator and socat too.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unavailableBreathalyser, type Breathalyser } from '../breathalyser.js';
import { kioskLineV1 } from '../profiles/kiosk-line-v1.js';
import { openSerialBreathalyser, type BreathalyserLogger } from '../serial-breathalyser.js';
import { startEmulator, type RunningEmulator } from './breathalyser-emulator.js';
import { socatIsInstalled } from './pty-pair.js';

export interface SimulatedBreathalyserOptions {
  dataDir: string;
  /** What every simulated test reads, e.g. "0 ug/100ml". */
  resultText: string;
  logger: BreathalyserLogger;
  resultTimeoutMs?: number;
  /** How long the pretend person blows before the result. */
  blowMs?: number;
}

const defaultResultTimeoutMs = 30_000;
const defaultBlowMs = 1500;

function stoppingEmulatorToo(device: Breathalyser, emulator: RunningEmulator): Breathalyser {
  return {
    state: () => device.state(),
    onChange: (listener) => device.onChange(listener),
    onOutcome: (listener) => device.onOutcome(listener),
    startTest: (visitId) => device.startTest(visitId),
    cancelTest: (visitId) => device.cancelTest(visitId),
    async close() {
      await device.close();
      await emulator.stop();
    },
  };
}

export async function startSimulatedBreathalyser(options: SimulatedBreathalyserOptions): Promise<Breathalyser> {
  const { dataDir, resultText, logger } = options;
  if (!(await socatIsInstalled())) {
    return unavailableBreathalyser('The simulated breathalyser needs socat (apt-get install socat).');
  }
  const runDir = join(dataDir, 'run');
  await mkdir(runDir, { recursive: true });
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      link: join(runDir, 'breathalyser-kiosk'),
      deviceLink: join(runDir, 'breathalyser-device'),
      profile: kioskLineV1,
      scenario: 'result',
      resultText,
      delayMs: options.blowMs ?? defaultBlowMs,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.error({ err: reason }, 'Simulated breathalyser could not start');
    return unavailableBreathalyser(`The simulated breathalyser could not start: ${reason}`);
  }
  const device = openSerialBreathalyser({
    path: emulator.kioskPath,
    profile: kioskLineV1,
    simulated: true,
    resultTimeoutMs: options.resultTimeoutMs ?? defaultResultTimeoutMs,
    logger,
  });
  return stoppingEmulatorToo(device, emulator);
}
