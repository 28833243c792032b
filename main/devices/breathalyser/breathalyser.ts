/**
 * The one breathalyser contract the host uses, whatever is behind it: a serial device, the
 * emulator, or nothing at all. The host knows states, outcomes and visit ids; it never sees bytes,
 * lines or profiles. `unavailableBreathalyser` lives here because it is the contract with nothing
 * behind it: the kiosk still runs, and staff see why no test can be taken.
 */
import type { BreathReading } from '../../../shared/breath/units.js';
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';

export type DeviceStatus = 'notConfigured' | 'unavailable' | 'discovering' | 'opening' | 'ready' | 'awaitingResult' | 'stalled' | 'lost';

export interface DeviceState {
  status: DeviceStatus;
  words: string;
  simulated: boolean;
  busyWithVisitId: string | null;
}

export type BreathOutcomeFromDevice =
  | { kind: 'reading'; visitId: string | null; reading: BreathReading } // visitId null = unattributed: nobody asked
  | { kind: 'error'; visitId: string; code: BreathErrorCode; message: string };

/** A test started, or refused with the words staff see; `busy` when another visit's test holds the device. */
export type TestStart = { ok: true } | { ok: false; reason: string; busy: boolean };

export interface Breathalyser {
  state(): DeviceState;
  onChange(listener: (state: DeviceState) => void): () => void;
  onOutcome(listener: (outcome: BreathOutcomeFromDevice) => void): () => void;
  /** One test at a time: refuses with a reason when busy, not ready, or not configured. */
  startTest(visitId: string): TestStart;
  /**
   * Staff give up on this visit's test (the device stalled, or the person cannot blow): the device
   * is told to stop and freed for the next person, and the visit gets a CANCELLED outcome.
   * False when the device holds no test for this visit.
   */
  cancelTest(visitId: string): boolean;
  close(): Promise<void>;
}

export function unavailableBreathalyser(words: string): Breathalyser {
  const state: DeviceState = { status: 'unavailable', words, simulated: false, busyWithVisitId: null };
  return {
    state: () => ({ ...state }),
    onChange: () => () => undefined,
    onOutcome: () => () => undefined,
    startTest: () => ({ ok: false, reason: words, busy: false }),
    cancelTest: () => false,
    close: async () => undefined,
  };
}
