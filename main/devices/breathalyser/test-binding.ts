/**
 * Binding a breath test to the one visit that asked for it (docs/breathalyser-protocols.md,
 * "Lifecycle"): pure functions, state and event in, state and commands out, so every rule is
 * tested without a port, a timer or a device. breathalyser-adapter.ts carries the commands out.
 *
 * The rules: one test at a time per device; a reading goes only to the visit that asked; a
 * reading nobody asked for is unattributed. Lines carry no test id, so on a profile with
 * `resultFollowsAcknowledgement` a reading counts for the waiting visit only after the device has
 * answered that test's start command with a ready or blowing line; one before that is a late
 * reading from an earlier test (one the kiosk timed out and told to abort, which the device
 * ignored) and goes to no one, while the test keeps waiting. A test with no result in time fails
 * as TIMEOUT and the device is told to stop; one the device has not acknowledged in time shows as
 * stalled, so staff are not left watching "Waiting for the breath sample" on a device that never
 * heard the start. Staff may cancel (the device is told to stop and freed); a device error goes to
 * the visit, whose screen offers a retry; a lost device, a device whose line ending is not its
 * profile's, or a kiosk closing down fails the test.
 *
 * The port's own life (opening, lost, reconnecting) is port-lifecycle.ts: it changes for other
 * reasons and on other timers, and this file needs only to hear that the device was lost.
 */
import type { BreathReading } from '../../../shared/breath/units.js';
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';
import type { BreathOutcomeFromDevice } from './breathalyser.js';
import type { LogCommand, LogLevel } from './breathalyser-logger.js';
import {
  breathTestFailureWords, closedDuringTestWords, deviceBusyWords, noResultInTimeWords, stalledTestCancelledWords, testWithoutVisitWords,
} from './breath-test-words.js';
import type { ParsedLine } from './line-parser.js';

export interface BindingRules {
  /** How long a started test may wait for a reading or a device error before it fails with TIMEOUT. */
  resultTimeoutMs: number;
  /** How long a test may go unacknowledged before it shows as stalled; null when the device never acknowledges a start. */
  acknowledgementTimeoutMs: number | null;
  /** The profile's promise that a result follows the device's acknowledgement of the start. */
  resultFollowsAcknowledgement: boolean;
}

export interface HeldTest {
  visitId: string;
  /** The device has answered this test's start command, so a reading now is this visit's. */
  acknowledged: boolean;
  /** The acknowledgement time is still running. */
  awaitingAcknowledgement: boolean;
  stalled: boolean;
  /** The device said it is taking the sample. */
  sampleBeingTaken: boolean;
}

/** The device is free (null) or holds one visit's test. */
export type TestBinding = HeldTest | null;

export type TestTimer = 'result' | 'acknowledgement';

export type BindingEvent =
  /** `deviceNotReady` is what staff see when the port cannot take a test now; null when it can. */
  | { type: 'testRequested'; visitId: string; deviceNotReady: string | null }
  | { type: 'lineHeard'; line: string; parsed: ParsedLine }
  | { type: 'timeRanOut'; timer: TestTimer; visitId: string }
  | { type: 'cancelRequested'; visitId: string }
  | { type: 'deviceLost' }
  /** Bytes keep coming but never the profile's line ending, so no result can: `words` say which ending came. */
  | { type: 'lineEndingMismatch'; words: string }
  | { type: 'kioskClosing' };

export type BindingCommand =
  /** `busy`: another visit's test holds the device (as against a device that cannot take one now). */
  | { do: 'refuseTest'; reason: string; busy: boolean }
  | { do: 'tellDevice'; command: 'start' | 'abort' }
  | { do: 'startTimer'; timer: TestTimer; visitId: string; ms: number }
  | { do: 'stopTimer'; timer: TestTimer }
  | { do: 'tellVisit'; outcome: BreathOutcomeFromDevice }
  | LogCommand;

export interface BindingStep {
  binding: TestBinding;
  commands: BindingCommand[];
}

const log = (level: LogLevel, details: object, message: string): BindingCommand => ({ do: 'log', level, details, message });

export function holdsTestFor(binding: TestBinding, visitId: string): boolean {
  return binding?.visitId === visitId;
}

export function nextBinding(rules: BindingRules, binding: TestBinding, event: BindingEvent): BindingStep {
  switch (event.type) {
    case 'testRequested':
      return startTest(rules, binding, event.visitId, event.deviceNotReady);
    case 'lineHeard':
      return lineHeard(binding, event.line, event.parsed);
    case 'timeRanOut':
      // A timer of a test already over (or another visit's) has nothing left to end.
      if (binding?.visitId !== event.visitId) return { binding, commands: [] };
      return event.timer === 'result' ? resultTimeRanOut(binding) : acknowledgementTimeRanOut(rules, binding);
    case 'cancelRequested':
      if (!holdsTestFor(binding, event.visitId)) return { binding, commands: [] };
      // A test the device stopped answering failed on the device: giving up on it is not a plain
      // cancel, and it opens the reading by hand (main/host/visits/breath-test-rules.ts).
      if (binding?.stalled === true) return failTest(binding, 'TIMEOUT', stalledTestCancelledWords, [{ do: 'tellDevice', command: 'abort' }]);
      return failTest(binding, 'CANCELLED', breathTestFailureWords.CANCELLED, [{ do: 'tellDevice', command: 'abort' }]);
    case 'deviceLost':
      return failTest(binding, 'DEVICE_LOST', breathTestFailureWords.DEVICE_LOST);
    case 'lineEndingMismatch':
      // Failed on the device, as a stalled test given up on is (TIMEOUT): waiting out the result
      // time could not help, and the reading may be taken another way.
      return failTest(binding, 'TIMEOUT', event.words, [{ do: 'tellDevice', command: 'abort' }]);
    case 'kioskClosing':
      // Stop the device too, so the next kiosk session does not inherit a half-finished test.
      return binding ? failTest(binding, 'DEVICE_LOST', closedDuringTestWords, [{ do: 'tellDevice', command: 'abort' }]) : { binding, commands: [] };
  }
}

function startTest(rules: BindingRules, binding: TestBinding, visitId: string, deviceNotReady: string | null): BindingStep {
  const busy = visitId.length > 0 && binding !== null;
  const refusal = visitId.length === 0 ? testWithoutVisitWords : busy ? deviceBusyWords : deviceNotReady;
  if (refusal !== null) return { binding, commands: [{ do: 'refuseTest', reason: refusal, busy }] };
  const stallWatch = rules.acknowledgementTimeoutMs;
  const commands: BindingCommand[] = [
    { do: 'tellDevice', command: 'start' },
    { do: 'startTimer', timer: 'result', visitId, ms: rules.resultTimeoutMs },
    ...(stallWatch === null ? [] : [{ do: 'startTimer', timer: 'acknowledgement', visitId, ms: stallWatch } as const]),
    log('info', { visitId }, 'Breath test started'),
  ];
  const held: HeldTest = {
    visitId,
    acknowledged: !rules.resultFollowsAcknowledgement,
    awaitingAcknowledgement: stallWatch !== null,
    stalled: false,
    sampleBeingTaken: false,
  };
  return { binding: held, commands };
}

function lineHeard(binding: TestBinding, line: string, parsed: ParsedLine): BindingStep {
  switch (parsed.kind) {
    case 'ready': {
      const acknowledged = acknowledge(binding);
      return { binding: acknowledged.binding, commands: [log('info', { line }, 'Breathalyser says it is ready'), ...acknowledged.commands] };
    }
    case 'blowing': {
      const acknowledged = acknowledge(binding);
      return { binding: acknowledged.binding && { ...acknowledged.binding, sampleBeingTaken: true }, commands: acknowledged.commands };
    }
    case 'reading':
      return readingArrived(binding, parsed.reading);
    case 'deviceError':
      if (binding) return failTest(binding, parsed.code, parsed.message);
      return { binding, commands: [log('warn', { line, code: parsed.code }, 'Breathalyser reported an error while no test was running')] };
    case 'rejected':
      // Logged, never guessed at: line noise must not become a reading.
      return { binding, commands: [log('warn', { line: JSON.stringify(line), why: parsed.why }, 'Breathalyser line rejected')] };
  }
}

/** The device answered: the test is no longer stalled, and from now on a reading is this visit's. */
function acknowledge(binding: TestBinding): BindingStep {
  if (!binding) return { binding, commands: [] };
  const commands: BindingCommand[] = binding.awaitingAcknowledgement ? [{ do: 'stopTimer', timer: 'acknowledgement' }] : [];
  if (!binding.acknowledged) commands.push(log('info', { visitId: binding.visitId }, 'Breathalyser acknowledged the test'));
  return { binding: { ...binding, acknowledged: true, awaitingAcknowledgement: false, stalled: false }, commands };
}

function readingArrived(binding: TestBinding, reading: BreathReading): BindingStep {
  const unattributed: BindingCommand = { do: 'tellVisit', outcome: { kind: 'reading', visitId: null, reading } };
  if (!binding) {
    return { binding, commands: [log('warn', { rawText: reading.rawText }, 'Unattributed breath reading: no visit asked for a test'), unattributed] };
  }
  if (!binding.acknowledged) {
    // The line carries no test id, so the only evidence of whose reading this is, is its order.
    const why = 'Unattributed breath reading: a reading from an earlier test arrived before this test was acknowledged';
    return { binding, commands: [log('warn', { rawText: reading.rawText, waitingVisitId: binding.visitId }, why), unattributed] };
  }
  return { binding: null, commands: [...endTimers(binding), { do: 'tellVisit', outcome: { kind: 'reading', visitId: binding.visitId, reading } }] };
}

function resultTimeRanOut(binding: HeldTest): BindingStep {
  // Tell the device to stop, so a late reading does not arrive for nobody.
  const failed = failTest(binding, 'TIMEOUT', noResultInTimeWords, [{ do: 'tellDevice', command: 'abort' }]);
  // A device may ignore the abort; its reading would then arrive with no test id to say whose it is.
  const warning = 'Breath test timed out and the device was told to stop; a late reading from it may still follow';
  return { binding: failed.binding, commands: [...failed.commands, log('warn', { visitId: binding.visitId }, warning)] };
}

function acknowledgementTimeRanOut(rules: BindingRules, binding: HeldTest): BindingStep {
  if (!binding.awaitingAcknowledgement) return { binding, commands: [] };
  const details = { visitId: binding.visitId, withinMs: rules.acknowledgementTimeoutMs };
  return { binding: { ...binding, awaitingAcknowledgement: false, stalled: true }, commands: [log('warn', details, 'Breathalyser has not acknowledged the test')] };
}

function failTest(binding: TestBinding, code: BreathErrorCode, message: string, first: BindingCommand[] = []): BindingStep {
  if (!binding) return { binding, commands: [] };
  const { visitId } = binding;
  return {
    binding: null,
    commands: [...first, ...endTimers(binding), log('info', { visitId, code }, 'Breath test failed'), { do: 'tellVisit', outcome: { kind: 'error', visitId, code, message } }],
  };
}

function endTimers(binding: HeldTest): BindingCommand[] {
  return [{ do: 'stopTimer', timer: 'result' }, ...(binding.awaitingAcknowledgement ? [{ do: 'stopTimer', timer: 'acknowledgement' } as const] : [])];
}
