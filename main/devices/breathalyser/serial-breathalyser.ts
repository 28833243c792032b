/**
 * A breathalyser on a serial port (USB-serial adapter or the emulator's pty), through the real
 * serialport binding.
 *
 * Owns the port's lifecycle (opening, ready, awaiting a result, lost, reconnecting) and the rule
 * that a reading belongs only to the one visit that asked for the test, within a time limit
 * (breathalyser-protocols.md, "Lifecycle"). Lines carry no test id, so on a profile with
 * `resultFollowsAcknowledgement` a reading counts for the waiting visit only after the device has
 * answered that test's start command with a ready or blowing line; one before that is a late
 * reading from an earlier test and goes to no one. Bytes become lines in line-splitter.ts and lines
 * become meaning in line-parser.ts; this file never looks inside a line. It never touches modem
 * lines (DTR/RTS): ptys reject those ioctls and no supported device needs them.
 */
import { pino } from 'pino';
import { SerialPort } from 'serialport';
import type { BreathReading } from '../../../shared/breath/units.js';
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';
import type { Breathalyser, BreathOutcomeFromDevice, DeviceState, DeviceStatus } from './breathalyser.js';
import { breathTestFailureWords, closedDuringTestWords, noResultInTimeWords } from './breath-test-words.js';
import { serialSettings, type DeviceProfile } from './device-profile.js';
import { parseLine, type ParsedLine } from './line-parser.js';
import { createLineSplitter, type LineSplitter } from './line-splitter.js';

/** The part of a pino logger the driver uses; pass the host's logger, or get a silent one. */
export interface BreathalyserLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SerialBreathalyserOptions {
  /** Device path, e.g. /dev/ttyUSB0 or the emulator's pty link; ptys are not listed by SerialPort.list(). */
  path: string;
  profile: DeviceProfile;
  simulated: boolean;
  /** How long a started test may wait for a reading or a device error before it fails with TIMEOUT. */
  resultTimeoutMs: number;
  logger?: BreathalyserLogger;
  /** Pause between attempts to reopen the port after it failed or was lost. */
  reconnectDelayMs?: number;
}

const defaultReconnectDelayMs = 2000;

type Listener<T> = (value: T) => void;

interface BoundTest {
  visitId: string;
  timer: NodeJS.Timeout;
  /**
   * Whether the device has answered this test's start command. Until it has, on a profile whose
   * results follow an acknowledgement, a reading belongs to an earlier test (one the kiosk timed
   * out and told to abort, which the device ignored), not to this visit.
   */
  acknowledged: boolean;
}

function wordsFor(status: DeviceStatus, simulated: boolean, path: string): string {
  const device = simulated ? 'The simulated breathalyser' : 'The breathalyser';
  switch (status) {
    case 'notConfigured':
      return 'No breathalyser is set up for this kiosk.';
    case 'unavailable':
      return `${device} at ${path} could not be opened. Check it is plugged in; the kiosk keeps trying.`;
    case 'opening':
      return `Connecting to ${device.toLowerCase()}.`;
    case 'ready':
      return simulated ? 'The simulated breathalyser is ready. Its results are not real.' : 'The breathalyser is ready.';
    case 'discovering':
      return `Looking for ${device.toLowerCase()}: plug it in.`;
    case 'awaitingResult':
      return 'Waiting for the breath sample.';
    case 'stalled':
      return `${device} has not answered the test. Check its display; cancel and retry, or enter a reading by hand.`;
    case 'lost':
      return `${device} was disconnected. Check its cable; the kiosk is trying to reconnect.`;
  }
}

class SerialBreathalyser implements Breathalyser {
  private readonly changeListeners = new Set<Listener<DeviceState>>();
  private readonly outcomeListeners = new Set<Listener<BreathOutcomeFromDevice>>();
  private readonly logger: BreathalyserLogger;
  private current: DeviceState;
  private port: SerialPort | null = null;
  private opening: Promise<Error | null> = Promise.resolve(null);
  private splitter: LineSplitter;
  private test: BoundTest | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private closed: Promise<void> | null = null;

  constructor(private readonly options: SerialBreathalyserOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.current = this.stateFor('opening');
    this.splitter = this.newSplitter();
    void this.connect();
  }

  state(): DeviceState {
    return { ...this.current };
  }

  onChange(listener: Listener<DeviceState>): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onOutcome(listener: Listener<BreathOutcomeFromDevice>): () => void {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  }

  startTest(visitId: string): { ok: true } | { ok: false; reason: string } {
    if (visitId.length === 0) return { ok: false, reason: 'A breath test must belong to a visit.' };
    if (this.test) return { ok: false, reason: 'The breathalyser is busy with another test. Wait for it to finish.' };
    if (this.current.status !== 'ready' || !this.port?.isOpen) return { ok: false, reason: this.current.words };
    void this.sendCommand(this.options.profile.startCommand);
    const timer = setTimeout(() => this.testTimedOut(visitId), this.options.resultTimeoutMs);
    this.test = { visitId, timer, acknowledged: !this.options.profile.resultFollowsAcknowledgement };
    this.setState('awaitingResult', { busyWithVisitId: visitId });
    this.logger.info({ visitId, path: this.options.path }, 'Breath test started');
    return { ok: true };
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.test) {
      // Stop the device too, so the next kiosk session does not inherit a half-finished test.
      const aborting = this.sendCommand(this.options.profile.abortCommand);
      this.failTest('DEVICE_LOST', closedDuringTestWords);
      await aborting;
    }
    await this.opening;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private newSplitter(): LineSplitter {
    const { terminator, maxLineLength } = this.options.profile;
    return createLineSplitter({ terminator, maxLineLength });
  }

  private async connect(): Promise<void> {
    const { path, profile } = this.options;
    const port = new SerialPort({
      path,
      ...serialSettings(profile),
      autoOpen: false,
    });
    this.port = port;
    // A half line from before a disconnection must not be glued to the first line after it.
    this.splitter = this.newSplitter();
    port.on('data', (chunk: Buffer) => this.receive(port, chunk));
    port.on('close', (error: { disconnected?: boolean } | null) => this.portClosed(port, error));
    port.on('error', (error: Error) => this.logger.error({ path, err: error.message }, 'Breathalyser port error'));
    this.opening = new Promise((resolve) => port.open((error) => resolve(error)));
    const error = await this.opening;
    if (error) this.openFailed(port, error);
    else this.opened(port);
  }

  private opened(port: SerialPort): void {
    if (this.closing || port !== this.port) return;
    this.logger.info({ path: this.options.path, profile: this.options.profile.id }, 'Breathalyser connected');
    this.setState('ready', { busyWithVisitId: null });
  }

  private openFailed(port: SerialPort, error: Error): void {
    if (this.closing || port !== this.port) return;
    this.port = null;
    this.logger.warn({ path: this.options.path, err: error.message }, 'Breathalyser could not be opened');
    // Once a device has been lost, staff should keep seeing "disconnected" until it is back.
    if (this.current.status !== 'lost') this.setState('unavailable', { busyWithVisitId: null });
    this.scheduleReconnect();
  }

  private portClosed(port: SerialPort, error: { disconnected?: boolean } | null): void {
    if (this.closing || port !== this.port) return;
    this.port = null;
    this.logger.warn({ path: this.options.path, disconnected: error?.disconnected === true }, 'Breathalyser lost');
    this.setState('lost', { busyWithVisitId: null });
    this.failTest('DEVICE_LOST', breathTestFailureWords.DEVICE_LOST);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.options.reconnectDelayMs ?? defaultReconnectDelayMs;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closing) void this.connect();
    }, delay);
  }

  private receive(port: SerialPort, chunk: Buffer): void {
    if (port !== this.port) return;
    const { lines, discardedBytes } = this.splitter.feed(chunk);
    if (discardedBytes > 0) {
      this.logger.warn({ discardedBytes, maxLineLength: this.options.profile.maxLineLength }, 'Breathalyser sent an over-long line; discarded');
    }
    for (const line of lines) this.heard(line, parseLine(this.options.profile, line, { simulated: this.options.simulated }));
  }

  private heard(line: string, parsed: ParsedLine): void {
    switch (parsed.kind) {
      case 'ready':
        this.logger.info({ line }, 'Breathalyser says it is ready');
        this.acknowledgeTest();
        return;
      case 'blowing':
        this.acknowledgeTest();
        if (this.test) this.setState('awaitingResult', { words: 'Sample being taken: the person should keep blowing.' });
        return;
      case 'reading':
        this.readingArrived(parsed.reading);
        return;
      case 'deviceError':
        this.deviceErrorArrived(line, parsed.code, parsed.message);
        return;
      case 'rejected':
        // Logged, never guessed at: line noise must not become a reading.
        this.logger.warn({ line: JSON.stringify(line), why: parsed.why }, 'Breathalyser line rejected');
        return;
    }
  }

  private acknowledgeTest(): void {
    if (!this.test || this.test.acknowledged) return;
    this.test.acknowledged = true;
    this.logger.info({ visitId: this.test.visitId }, 'Breathalyser acknowledged the test');
  }

  private readingArrived(reading: BreathReading): void {
    const test = this.test;
    if (test === null) {
      this.logger.warn({ rawText: reading.rawText }, 'Unattributed breath reading: no visit asked for a test');
      this.emit({ kind: 'reading', visitId: null, reading });
      return;
    }
    if (!test.acknowledged) {
      // The line carries no test id, so the only evidence of whose reading this is, is its order.
      this.logger.warn(
        { rawText: reading.rawText, waitingVisitId: test.visitId },
        'Unattributed breath reading: a reading from an earlier test arrived before this test was acknowledged',
      );
      this.emit({ kind: 'reading', visitId: null, reading });
      return;
    }
    this.endTest();
    this.emit({ kind: 'reading', visitId: test.visitId, reading });
  }

  private deviceErrorArrived(line: string, code: BreathErrorCode, message: string): void {
    if (!this.test) {
      this.logger.warn({ line, code }, 'Breathalyser reported an error while no test was running');
      return;
    }
    this.failTest(code, message);
  }

  private testTimedOut(visitId: string): void {
    if (this.test?.visitId !== visitId) return;
    // Tell the device to stop, so a late reading does not arrive for nobody.
    void this.sendCommand(this.options.profile.abortCommand);
    this.failTest('TIMEOUT', noResultInTimeWords);
    // A device may ignore the abort; its reading would then arrive with no test id to say whose it is.
    this.logger.warn(
      { visitId, path: this.options.path },
      'Breath test timed out and the device was told to stop; a late reading from it may still follow',
    );
  }

  private failTest(code: BreathErrorCode, message: string): void {
    const visitId = this.test?.visitId;
    if (visitId === undefined) return;
    this.endTest();
    this.logger.info({ visitId, code }, 'Breath test failed');
    this.emit({ kind: 'error', visitId, code, message });
  }

  private endTest(): void {
    if (!this.test) return;
    clearTimeout(this.test.timer);
    this.test = null;
    if (!this.closing && this.current.status === 'awaitingResult') this.setState('ready', { busyWithVisitId: null });
  }

  /** Resolves once the bytes are handed to the OS (or failed), so a close cannot cut a command off. */
  private sendCommand(command: string | null): Promise<void> {
    const port = this.port;
    if (command === null || !port?.isOpen) return Promise.resolve();
    const bytes = Buffer.from(command + this.options.profile.terminator, 'latin1');
    return new Promise((resolve) => {
      port.write(bytes, (error) => {
        // A failed write is followed by the port's close event, which fails the test as DEVICE_LOST.
        if (error) this.logger.warn({ command, err: error.message }, 'Could not send a command to the breathalyser');
        resolve();
      });
    });
  }

  private stateFor(status: DeviceStatus): DeviceState {
    const { simulated, path } = this.options;
    return { status, words: wordsFor(status, simulated, path), simulated, busyWithVisitId: null };
  }

  private setState(status: DeviceStatus, changes: Partial<Omit<DeviceState, 'status' | 'simulated'>>): void {
    const next: DeviceState = { ...this.stateFor(status), busyWithVisitId: this.current.busyWithVisitId, ...changes };
    const same = (Object.keys(next) as (keyof DeviceState)[]).every((key) => next[key] === this.current[key]);
    if (same) return;
    this.current = next;
    for (const listener of this.changeListeners) this.tell(listener, this.state());
  }

  private emit(outcome: BreathOutcomeFromDevice): void {
    for (const listener of this.outcomeListeners) this.tell(listener, outcome);
  }

  // One listener's bug must not stop the others hearing about a result, nor break the driver.
  private tell<T>(listener: Listener<T>, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'Breathalyser listener failed');
    }
  }
}

export function openSerialBreathalyser(options: SerialBreathalyserOptions): Breathalyser {
  return new SerialBreathalyser(options);
}
