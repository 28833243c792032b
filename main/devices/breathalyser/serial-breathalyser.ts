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
 *
 * The device is found either by a fixed path or by its USB vendor and product ids, polling the
 * port list (discovery/). After a failed open or a loss it tries again after a delay that doubles
 * up to a cap and starts over once the device is open (reconnect-backoff.ts). A test the device
 * does not acknowledge within its profile's time is shown as stalled, so staff are not left
 * watching "Waiting for the breath sample" on a device that never heard the start.
 */
import { pino } from 'pino';
import { SerialPort } from 'serialport';
import type { BreathReading } from '../../../shared/breath/units.js';
import type { BreathErrorCode } from '../../../shared/visit/visit-events.js';
import type { Breathalyser, BreathOutcomeFromDevice, DeviceState, DeviceStatus } from './breathalyser.js';
import { breathTestFailureWords, closedDuringTestWords, noResultInTimeWords } from './breath-test-words.js';
import { acknowledgesStart, serialSettings, type DeviceProfile } from './device-profile.js';
import { listSerialPorts, portMatching, type PortLister, type UsbIds } from './discovery/usb-port-discovery.js';
import { parseLine, type ParsedLine } from './line-parser.js';
import { createLineSplitter, type LineSplitter } from './line-splitter.js';
import { reconnectDelayMs } from './reconnect-backoff.js';

/** The part of a pino logger the driver uses; pass the host's logger, or get a silent one. */
export interface BreathalyserLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** A fixed device path, e.g. /dev/ttyUSB0 or the emulator's pty link. */
export interface DeviceAtPath {
  path: string;
}

/** A device found by its USB ids in the port list, wherever the OS put it this time. */
export interface DeviceByUsbIds {
  usb: UsbIds;
  /** The port list to search; tests pass a fake one naming a pty, which SerialPort.list() never shows. */
  listPorts?: PortLister;
  /** How often to look again while the device is not plugged in. */
  discoveryPollMs?: number;
}

export type SerialBreathalyserOptions = (DeviceAtPath | DeviceByUsbIds) & {
  profile: DeviceProfile;
  simulated: boolean;
  /** How long a started test may wait for a reading or a device error before it fails with TIMEOUT. */
  resultTimeoutMs: number;
  /** How long a started test may go unacknowledged before it shows as stalled; defaults to the profile's. */
  acknowledgementTimeoutMs?: number;
  logger?: BreathalyserLogger;
  /** First pause before trying a failed or lost device again; doubles on each failure up to the cap. */
  reconnectDelayMs?: number;
  reconnectDelayCapMs?: number;
  /** How often an open port is checked for a hangup that serialport did not report (see watchForHangup). */
  hangupCheckMs?: number;
};

const defaultReconnectDelayMs = 1000;
const defaultReconnectDelayCapMs = 15_000;
// breathalyser-protocols.md: poll the port list every 1-2 s.
const defaultDiscoveryPollMs = 1500;
const defaultAcknowledgementSeconds = 10;
const defaultHangupCheckMs = 1000;

type Listener<T> = (value: T) => void;

interface BoundTest {
  visitId: string;
  timer: NodeJS.Timeout;
  /** Runs out when the device has not answered the start command in time: the test is then stalled. */
  stallTimer: NodeJS.Timeout | null;
  /**
   * Whether the device has answered this test's start command. Until it has, on a profile whose
   * results follow an acknowledgement, a reading belongs to an earlier test (one the kiosk timed
   * out and told to abort, which the device ignored), not to this visit.
   */
  acknowledged: boolean;
}

function wordsFor(status: DeviceStatus, simulated: boolean, where: string): string {
  const device = simulated ? 'The simulated breathalyser' : 'The breathalyser';
  switch (status) {
    case 'notConfigured':
      return 'No breathalyser is set up for this kiosk.';
    case 'unavailable':
      return `${device} at ${where} could not be opened. Check it is plugged in; the kiosk keeps trying.`;
    case 'opening':
      return `Connecting to ${device.toLowerCase()}.`;
    case 'ready':
      return simulated ? 'The simulated breathalyser is ready. Its results are not real.' : 'The breathalyser is ready.';
    case 'discovering':
      return `Looking for ${device.toLowerCase()}: plug it in.`;
    case 'awaitingResult':
      return 'Waiting for the breath sample.';
    case 'stalled':
      return `${device} has not answered the start of the test. Check it is switched on and not showing a message; cancel the test and start it again, or enter the reading by hand with a witness.`;
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
  /** Where the device was last opened: the fixed path, or what discovery found. */
  private where: string;
  private opening: Promise<Error | null> = Promise.resolve(null);
  private splitter: LineSplitter;
  private test: BoundTest | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private hangupCheck: NodeJS.Timeout | null = null;
  /** Failed opens and losses since the device was last open, for the backoff. */
  private failures = 0;
  private closing = false;
  private closed: Promise<void> | null = null;

  constructor(private readonly options: SerialBreathalyserOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.where = 'path' in options ? options.path : `USB ${options.usb.vendorId}:${options.usb.productId}`;
    this.current = this.stateFor('usb' in options ? 'discovering' : 'opening');
    this.splitter = this.newSplitter();
    this.reach();
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
    const { profile } = this.options;
    void this.sendCommand(profile.startCommand);
    this.test = {
      visitId,
      timer: setTimeout(() => this.testTimedOut(visitId), this.options.resultTimeoutMs),
      stallTimer: acknowledgesStart(profile) ? setTimeout(() => this.testStalled(visitId), this.acknowledgementTimeoutMs()) : null,
      acknowledged: !profile.resultFollowsAcknowledgement,
    };
    this.setState('awaitingResult', { busyWithVisitId: visitId });
    this.logger.info({ visitId, path: this.where }, 'Breath test started');
    return { ok: true };
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopHangupCheck();
    if (this.test) {
      // Stop the device too, so the next kiosk session does not inherit a half-finished test.
      const aborting = this.sendCommand(this.options.profile.abortCommand);
      this.failTest('DEVICE_LOST', closedDuringTestWords);
      await aborting;
    }
    await this.opening;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await closePort(port);
  }

  private acknowledgementTimeoutMs(): number {
    return this.options.acknowledgementTimeoutMs ?? (this.options.profile.acknowledgeWithinSeconds ?? defaultAcknowledgementSeconds) * 1000;
  }

  private newSplitter(): LineSplitter {
    const { terminator, maxLineLength } = this.options.profile;
    return createLineSplitter({ terminator, maxLineLength });
  }

  /** Opens the fixed path, or looks for the device by its USB ids first. */
  private reach(): void {
    if (this.closing) return;
    if ('path' in this.options) void this.connect(this.options.path);
    else void this.discover(this.options);
  }

  private async discover(options: DeviceByUsbIds): Promise<void> {
    const listPorts = options.listPorts ?? listSerialPorts;
    const ports = await listPorts().catch((error: unknown) => {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Could not list serial ports');
      return [];
    });
    if (this.closing) return;
    const found = portMatching(ports, options.usb);
    if (!found) {
      this.later(() => void this.discover(options), options.discoveryPollMs ?? defaultDiscoveryPollMs);
      return;
    }
    this.logger.info({ path: found.path, usb: options.usb }, 'Breathalyser found by its USB ids');
    this.where = found.path;
    this.setState('opening', { busyWithVisitId: null });
    await this.connect(found.path);
  }

  private async connect(path: string): Promise<void> {
    const port = new SerialPort({
      path,
      ...serialSettings(this.options.profile),
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
    if (this.closing || port !== this.port) {
      // A port nobody will read must not stay open: it would take bytes meant for the current one.
      void closePort(port);
      return;
    }
    this.failures = 0;
    this.logger.info({ path: this.where, profile: this.options.profile.id }, 'Breathalyser connected');
    this.watchForHangup(port);
    this.setState('ready', { busyWithVisitId: null });
  }

  /**
   * serialport does not always report an unplug. On Linux a hung-up tty (a USB adapter pulled, or
   * socat gone from a pty) reads as end-of-file, and @serialport/bindings-cpp's unix-read.js retries
   * a zero-byte read at once, forever: no error, no 'close', and the kiosk shows a dead device as
   * ready. Whether the unplug is reported instead depends on whether the read was parked in poll()
   * at that moment, which is why "reconnects on its own" could hang under load. So every second
   * the port's termios is read back (TCGETS, the ioctl getBaudRate uses): a hung-up tty answers EIO.
   * It sends no bytes and touches no modem lines. Linux only: elsewhere getBaudRate is not a probe
   * (darwin does not implement it) and that hangup behaviour has not been seen.
   */
  private watchForHangup(port: SerialPort): void {
    this.stopHangupCheck();
    if (process.platform !== 'linux') return;
    const every = this.options.hangupCheckMs ?? defaultHangupCheckMs;
    this.hangupCheck = setInterval(() => {
      if (port !== this.port || !port.isOpen || !port.port) return;
      port.port.getBaudRate().catch((error: unknown) => {
        if (port !== this.port || !port.isOpen) return;
        this.logger.warn({ path: this.where, err: error instanceof Error ? error.message : String(error) }, 'Breathalyser port hung up');
        this.portClosed(port, { disconnected: true });
        // Closing also ends serialport's zero-byte read loop, which checks isOpen on each turn.
        void closePort(port);
      });
    }, every);
  }

  private stopHangupCheck(): void {
    if (this.hangupCheck) clearInterval(this.hangupCheck);
    this.hangupCheck = null;
  }

  private openFailed(port: SerialPort, error: Error): void {
    if (this.closing || port !== this.port) return;
    this.port = null;
    this.logger.warn({ path: this.where, err: error.message }, 'Breathalyser could not be opened');
    // Once a device has been lost, staff should keep seeing "disconnected" until it is back.
    if (this.current.status !== 'lost') this.setState('unavailable', { busyWithVisitId: null });
    this.retryAfterBackoff();
  }

  private portClosed(port: SerialPort, error: { disconnected?: boolean } | null): void {
    if (this.closing || port !== this.port) return;
    this.port = null;
    this.stopHangupCheck();
    this.logger.warn({ path: this.where, disconnected: error?.disconnected === true }, 'Breathalyser lost');
    this.setState('lost', { busyWithVisitId: null });
    this.failTest('DEVICE_LOST', breathTestFailureWords.DEVICE_LOST);
    this.retryAfterBackoff();
  }

  private retryAfterBackoff(): void {
    this.failures += 1;
    const firstDelayMs = this.options.reconnectDelayMs ?? defaultReconnectDelayMs;
    const maxDelayMs = Math.max(firstDelayMs, this.options.reconnectDelayCapMs ?? defaultReconnectDelayCapMs);
    const delay = reconnectDelayMs({ firstDelayMs, maxDelayMs }, this.failures);
    this.later(() => {
      // A device found by USB ids may come back at another path: look for it again.
      if ('usb' in this.options) this.setState('discovering', { busyWithVisitId: null });
      this.reach();
    }, delay);
  }

  private later(step: () => void, delayMs: number): void {
    if (this.closing) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closing) step();
    }, delayMs);
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
    const test = this.test;
    if (!test) return;
    if (test.stallTimer) clearTimeout(test.stallTimer);
    test.stallTimer = null;
    // An answer after all: the test is back to waiting for its sample.
    if (this.current.status === 'stalled') this.setState('awaitingResult', {});
    if (test.acknowledged) return;
    test.acknowledged = true;
    this.logger.info({ visitId: test.visitId }, 'Breathalyser acknowledged the test');
  }

  private testStalled(visitId: string): void {
    const test = this.test;
    if (test?.visitId !== visitId || test.stallTimer === null) return;
    test.stallTimer = null;
    this.logger.warn({ visitId, path: this.where, withinMs: this.acknowledgementTimeoutMs() }, 'Breathalyser has not acknowledged the test');
    this.setState('stalled', {});
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

  cancelTest(visitId: string): boolean {
    if (this.test?.visitId !== visitId) return false;
    void this.sendCommand(this.options.profile.abortCommand);
    this.failTest('CANCELLED', breathTestFailureWords.CANCELLED);
    return true;
  }

  private testTimedOut(visitId: string): void {
    if (this.test?.visitId !== visitId) return;
    // Tell the device to stop, so a late reading does not arrive for nobody.
    void this.sendCommand(this.options.profile.abortCommand);
    this.failTest('TIMEOUT', noResultInTimeWords);
    // A device may ignore the abort; its reading would then arrive with no test id to say whose it is.
    this.logger.warn(
      { visitId, path: this.where },
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
    if (this.test.stallTimer) clearTimeout(this.test.stallTimer);
    this.test = null;
    const testing = this.current.status === 'awaitingResult' || this.current.status === 'stalled';
    if (!this.closing && testing) this.setState('ready', { busyWithVisitId: null });
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
    const { simulated } = this.options;
    return { status, words: wordsFor(status, simulated, this.where), simulated, busyWithVisitId: null };
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

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

export function openSerialBreathalyser(options: SerialBreathalyserOptions): Breathalyser {
  return new SerialBreathalyser(options);
}
