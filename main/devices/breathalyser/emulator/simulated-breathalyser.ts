/**
 * The kiosk's out-of-the-box breathalyser: the emulator's device logic on an in-memory cable,
 * opened through the same adapter a real device uses, with every reading marked simulated. A new
 * install walks a whole visit without hardware and without socat, and the adapter, lifecycle,
 * binding, splitter and parser a real device goes through are what gets exercised; only the
 * serialport transport is left out (its own tests run on socat ptys). Closing it stops the emulator.
 */
import type { Breathalyser } from '../breathalyser.js';
import { openBreathalyser } from '../breathalyser-adapter.js';
import type { BreathalyserLogger } from '../breathalyser-logger.js';
import { kioskLineV1 } from '../profiles/kiosk-line-v1.js';
import { createInMemoryCable } from '../transport/in-memory-transport.js';
import { startEmulatorOn, type RunningEmulator } from './breathalyser-emulator.js';

export interface SimulatedBreathalyserOptions {
  /** What every simulated test reads, e.g. "0 ug/100ml". */
  resultText: string;
  logger: BreathalyserLogger;
  resultTimeoutMs?: number;
  /** How long the pretend person blows before the result. */
  blowMs?: number;
}

const defaultResultTimeoutMs = 30_000;
const defaultBlowMs = 1500;
// Shown only in the words for a device that cannot be opened, which an in-memory cable always can be.
const simulatedPath = 'the simulated cable';

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
  const { resultText, logger } = options;
  const cable = createInMemoryCable(simulatedPath);
  const emulator = await startEmulatorOn(cable, {
    profile: kioskLineV1,
    scenario: 'result',
    resultText,
    delayMs: options.blowMs ?? defaultBlowMs,
  });
  const device = openBreathalyser({
    transport: cable.kioskTransport,
    path: cable.kioskPath,
    profile: kioskLineV1,
    simulated: true,
    resultTimeoutMs: options.resultTimeoutMs ?? defaultResultTimeoutMs,
    logger,
  });
  return stoppingEmulatorToo(device, emulator);
}
