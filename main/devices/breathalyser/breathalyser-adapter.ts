/**
 * The `Breathalyser` the host uses, made of three parts that each do one job: a transport carries
 * bytes (transport/), the port lifecycle decides when to look, open and reconnect
 * (port-lifecycle.ts), and the test binding decides whose a reading is (test-binding.ts). Both
 * deciders are pure; this file is the edge where their commands meet timers, the port and the
 * host's listeners. Bytes become lines in line-splitter.ts and lines become meaning in
 * line-parser.ts; nothing here looks inside a line. Bytes that never end in the profile's line
 * ending are judged by line-ending-watch.ts, on a timer here. What staff read comes from
 * breath-test-words.ts.
 */
import type { Breathalyser, BreathOutcomeFromDevice, DeviceState, TestStart } from './breathalyser.js';
import { silentBreathalyserLogger, type BreathalyserLogger, type LogLevel } from './breathalyser-logger.js';
import { deviceStatusWords, lineEndingMismatchWords, sampleBeingTakenWords } from './breath-test-words.js';
import { acknowledgesStart, serialSettings, type DeviceProfile } from './device-profile.js';
import type { PortLister, UsbIds } from './discovery/usb-port-discovery.js';
import { emptyLineEndingWatch, lineEndingMismatch, watchLineEndings, type LineEndingWatch } from './line-ending-watch.js';
import { parseLine } from './line-parser.js';
import { createLineSplitter, type LineSplitter } from './line-splitter.js';
import { firstLifecycle, nextLifecycle, type LifecycleCommand, type LifecycleEvent, type LifecycleRules, type PortLifecycle } from './port-lifecycle.js';
import { holdsTestFor, nextBinding, type BindingCommand, type BindingEvent, type BindingRules, type TestBinding, type TestTimer } from './test-binding.js';
import type { BreathalyserTransport, OpenPort } from './transport/breathalyser-transport.js';

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

export type BreathalyserSettings = (DeviceAtPath | DeviceByUsbIds) & {
  profile: DeviceProfile;
  simulated: boolean;
  /** How long a started test may wait for a reading or a device error before it fails with TIMEOUT. */
  resultTimeoutMs: number;
  /** How long a started test may go unacknowledged before it shows as stalled; defaults to the profile's. */
  acknowledgementTimeoutMs?: number;
  /** How long after the first byte with no line ending the bytes are judged for a mismatched ending. */
  lineEndingCheckMs?: number;
  logger?: BreathalyserLogger;
  /** First pause before trying a failed or lost device again; doubles on each failure up to the cap. */
  reconnectDelayMs?: number;
  reconnectDelayCapMs?: number;
};

export type BreathalyserOptions = BreathalyserSettings & { transport: BreathalyserTransport };

const defaultReconnectDelayMs = 1000;
const defaultReconnectDelayCapMs = 15_000;
// docs/breathalyser-protocols.md: poll the port list every 1-2 s.
const defaultDiscoveryPollMs = 1500;
const defaultAcknowledgementSeconds = 10;
// A line comes as one burst, in pieces a few milliseconds apart (128 bytes take 0.13 s at the 9600
// baud the built-in profiles use); 2 s leaves room for a slow adapter and still tells staff why
// within a few seconds of starting a test.
const defaultLineEndingCheckMs = 2000;

type Listener<T> = (value: T) => void;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What staff see: the test's state while the port is open and holds one, else the port's own. A
 * line ending that does not match shows as stalled (the device answers, but nothing it says can
 * be read) with words that say which ending came: no new status, so every screen that already
 * places "stalled" as a fault shows this one as a fault too.
 */
function deviceStateOf(lifecycle: PortLifecycle, binding: TestBinding, simulated: boolean, lineEndingWords: string | null): DeviceState {
  const test = lifecycle.step === 'open' ? binding : null;
  if (!test && lifecycle.step === 'open' && lineEndingWords !== null) return { status: 'stalled', words: lineEndingWords, simulated, busyWithVisitId: null };
  if (!test) return { status: lifecycle.shown, words: deviceStatusWords(lifecycle.shown, simulated, lifecycle.where), simulated, busyWithVisitId: null };
  const status = test.stalled ? 'stalled' : 'awaitingResult';
  const words = status === 'awaitingResult' && test.sampleBeingTaken ? sampleBeingTakenWords : deviceStatusWords(status, simulated, lifecycle.where);
  return { status, words, simulated, busyWithVisitId: test.visitId };
}

function sameState(a: DeviceState, b: DeviceState): boolean {
  return a.status === b.status && a.words === b.words && a.simulated === b.simulated && a.busyWithVisitId === b.busyWithVisitId;
}

function lifecycleRulesOf(options: BreathalyserOptions): LifecycleRules {
  const firstDelayMs = options.reconnectDelayMs ?? defaultReconnectDelayMs;
  const maxDelayMs = Math.max(firstDelayMs, options.reconnectDelayCapMs ?? defaultReconnectDelayCapMs);
  const device = 'path' in options ? { path: options.path } : { usb: options.usb };
  const discoveryPollMs = ('discoveryPollMs' in options ? options.discoveryPollMs : undefined) ?? defaultDiscoveryPollMs;
  return { device, discoveryPollMs, backoff: { firstDelayMs, maxDelayMs } };
}

function bindingRulesOf(options: BreathalyserOptions): BindingRules {
  const { profile } = options;
  const acknowledgementTimeoutMs = options.acknowledgementTimeoutMs ?? (profile.acknowledgeWithinSeconds ?? defaultAcknowledgementSeconds) * 1000;
  return {
    resultTimeoutMs: options.resultTimeoutMs,
    acknowledgementTimeoutMs: acknowledgesStart(profile) ? acknowledgementTimeoutMs : null,
    resultFollowsAcknowledgement: profile.resultFollowsAcknowledgement,
  };
}

class TransportBreathalyser implements Breathalyser {
  private readonly changeListeners = new Set<Listener<DeviceState>>();
  private readonly outcomeListeners = new Set<Listener<BreathOutcomeFromDevice>>();
  private readonly logger: BreathalyserLogger;
  private readonly lifecycleRules: LifecycleRules;
  private readonly bindingRules: BindingRules;
  private lifecycle: PortLifecycle;
  private binding: TestBinding = null;
  private current: DeviceState;
  private port: OpenPort | null = null;
  /** Counts opens, so events from a port given up on are not taken for the current one's. */
  private attempt = 0;
  private splitter: LineSplitter;
  private lineEndings: LineEndingWatch;
  private lineEndingTimer: NodeJS.Timeout | null = null;
  /** The check time has passed with bytes still unterminated: each new chunk is judged at once. */
  private lineEndingOverdue = false;
  /** What staff are told while the device's line ending is known not to match; null otherwise. */
  private lineEndingWords: string | null = null;
  private opening: Promise<void> = Promise.resolve();
  private writing: Promise<void> = Promise.resolve();
  private readonly testTimers = new Map<TestTimer, NodeJS.Timeout>();
  private retryTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private closed: Promise<void> | null = null;

  constructor(private readonly options: BreathalyserOptions) {
    this.logger = options.logger ?? silentBreathalyserLogger();
    this.lifecycleRules = lifecycleRulesOf(options);
    this.bindingRules = bindingRulesOf(options);
    this.splitter = this.newSplitter();
    this.lineEndings = emptyLineEndingWatch(options.profile);
    const first = firstLifecycle(this.lifecycleRules);
    this.lifecycle = first.lifecycle;
    this.current = deviceStateOf(this.lifecycle, this.binding, options.simulated, null);
    first.commands.forEach((command) => this.carryOutForPort(command));
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

  startTest(visitId: string): TestStart {
    const deviceNotReady = this.lifecycle.step === 'open' && this.port ? null : this.current.words;
    const refusal = this.stepBinding({ type: 'testRequested', visitId, deviceNotReady }).find((command) => command.do === 'refuseTest');
    return refusal ? { ok: false, reason: refusal.reason, busy: refusal.busy } : { ok: true };
  }

  cancelTest(visitId: string): boolean {
    if (!holdsTestFor(this.binding, visitId)) return false;
    this.stepBinding({ type: 'cancelRequested', visitId });
    return true;
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    // Staff keep the last state they saw; the host is closing and shows nothing new.
    this.closing = true;
    this.stepBinding({ type: 'kioskClosing' });
    this.stepLifecycle({ type: 'closing' });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.forgetLineEndings();
    await this.writing;
    await this.opening;
    const port = this.port;
    this.port = null;
    await port?.close();
  }

  private stepLifecycle(event: LifecycleEvent): void {
    const { lifecycle, commands } = nextLifecycle(this.lifecycleRules, this.lifecycle, event);
    this.lifecycle = lifecycle;
    this.publish();
    commands.forEach((command) => this.carryOutForPort(command));
  }

  /** Publishes the new state before telling any visit, so a listener reading state() sees the test over. */
  private stepBinding(event: BindingEvent): BindingCommand[] {
    const { binding, commands } = nextBinding(this.bindingRules, this.binding, event);
    this.binding = binding;
    this.publish();
    commands.forEach((command) => this.carryOutForTest(command));
    return commands;
  }

  private carryOutForPort(command: LifecycleCommand): void {
    switch (command.do) {
      case 'listPorts':
        void this.listPorts();
        return;
      case 'openPort':
        this.opening = this.openPort(command.path);
        return;
      case 'waitToTryAgain':
        if (this.closing) return;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.stepLifecycle({ type: 'timeToTryAgain' });
        }, command.ms);
        return;
      case 'log':
        this.log(command.level, { profile: this.options.profile.id, ...command.details }, command.message);
    }
  }

  private carryOutForTest(command: BindingCommand): void {
    switch (command.do) {
      case 'refuseTest':
        return;
      case 'tellDevice':
        this.send(command.command === 'start' ? this.options.profile.startCommand : this.options.profile.abortCommand);
        return;
      case 'startTimer': {
        const { timer, visitId } = command;
        this.stopTimer(timer);
        this.testTimers.set(timer, setTimeout(() => this.stepBinding({ type: 'timeRanOut', timer, visitId }), command.ms));
        return;
      }
      case 'stopTimer':
        this.stopTimer(command.timer);
        return;
      case 'tellVisit':
        for (const listener of this.outcomeListeners) this.tell(listener, command.outcome);
        return;
      case 'log':
        this.log(command.level, command.details, command.message);
    }
  }

  private async listPorts(): Promise<void> {
    const listPorts = ('listPorts' in this.options ? this.options.listPorts : undefined) ?? this.options.transport.listPorts;
    const ports = await listPorts().catch((error: unknown) => {
      this.logger.warn({ err: errorText(error) }, 'Could not list serial ports');
      return [];
    });
    this.stepLifecycle({ type: 'portsListed', ports });
  }

  private async openPort(path: string): Promise<void> {
    this.attempt += 1;
    const attempt = this.attempt;
    const current = (): boolean => attempt === this.attempt && !this.closing;
    // A half line from before a disconnection must not be glued to the first line after it.
    this.splitter = this.newSplitter();
    this.forgetLineEndings();
    const handlers = {
      received: (chunk: Uint8Array) => current() && this.receive(chunk),
      lost: ({ disconnected }: { disconnected: boolean }) => current() && this.portLost(disconnected),
    };
    try {
      const port = await this.options.transport.open(path, serialSettings(this.options.profile), handlers);
      // A port nobody will read must not stay open: it would take bytes meant for the current one.
      if (!current()) return void (await port.close());
      this.port = port;
      this.stepLifecycle({ type: 'opened' });
    } catch (error) {
      if (current()) this.stepLifecycle({ type: 'openFailed', reason: errorText(error) });
    }
  }

  private portLost(disconnected: boolean): void {
    this.port = null;
    this.forgetLineEndings();
    this.stepLifecycle({ type: 'lost', disconnected });
    this.stepBinding({ type: 'deviceLost' });
  }

  private receive(chunk: Uint8Array): void {
    const { profile, simulated } = this.options;
    const { lines, discardedBytes } = this.splitter.feed(chunk);
    if (discardedBytes > 0) this.log('warn', { discardedBytes, maxLineLength: profile.maxLineLength }, 'Breathalyser sent an over-long line; discarded');
    for (const line of lines) this.stepBinding({ type: 'lineHeard', line, parsed: parseLine(profile, line, { simulated }) });
    this.watchLineEndings(chunk);
  }

  /** Starts the check at the first unterminated byte; the profile's ending arriving clears it. */
  private watchLineEndings(chunk: Uint8Array): void {
    this.lineEndings = watchLineEndings(this.lineEndings, chunk);
    if (this.lineEndings.unterminatedBytes === 0) {
      const wasShown = this.lineEndingWords !== null;
      this.forgetLineEndings();
      if (wasShown) this.publish();
      return;
    }
    if (this.lineEndingOverdue) return this.judgeLineEndings();
    if (this.lineEndingTimer) return;
    this.lineEndingTimer = setTimeout(() => {
      this.lineEndingTimer = null;
      this.lineEndingOverdue = true;
      this.judgeLineEndings();
    }, this.options.lineEndingCheckMs ?? defaultLineEndingCheckMs);
  }

  private judgeLineEndings(): void {
    const mismatch = lineEndingMismatch(this.lineEndings);
    if (mismatch === null) return;
    const words = lineEndingMismatchWords(mismatch, this.options.simulated);
    if (words !== this.lineEndingWords) this.log('warn', { ...mismatch }, 'Breathalyser line ending does not match its profile');
    this.lineEndingWords = words;
    this.publish();
    if (this.binding) this.stepBinding({ type: 'lineEndingMismatch', words });
  }

  private forgetLineEndings(): void {
    if (this.lineEndingTimer) clearTimeout(this.lineEndingTimer);
    this.lineEndingTimer = null;
    this.lineEndingOverdue = false;
    this.lineEndingWords = null;
    this.lineEndings = emptyLineEndingWatch(this.options.profile);
  }

  private send(command: string | null): void {
    const port = this.port;
    if (command === null || !port) return;
    const sent = port.write(Buffer.from(command + this.options.profile.terminator, 'latin1')).catch((error: unknown) => {
      // A failed write is followed by the port's loss, which fails the test as DEVICE_LOST.
      this.log('warn', { command, err: errorText(error) }, 'Could not send a command to the breathalyser');
    });
    this.writing = this.writing.then(() => sent);
  }

  private stopTimer(timer: TestTimer): void {
    clearTimeout(this.testTimers.get(timer));
    this.testTimers.delete(timer);
  }

  private newSplitter(): LineSplitter {
    const { terminator, maxLineLength } = this.options.profile;
    return createLineSplitter({ terminator, maxLineLength });
  }

  private publish(): void {
    if (this.closing) return;
    const next = deviceStateOf(this.lifecycle, this.binding, this.options.simulated, this.lineEndingWords);
    if (sameState(next, this.current)) return;
    this.current = next;
    for (const listener of this.changeListeners) this.tell(listener, this.state());
  }

  private log(level: LogLevel, details: object, message: string): void {
    this.logger[level]({ path: this.lifecycle.where, ...details }, message);
  }

  // One listener's bug must not stop the others hearing about a result, nor break the driver.
  private tell<T>(listener: Listener<T>, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.logger.error({ err: errorText(error) }, 'Breathalyser listener failed');
    }
  }
}

/** A breathalyser over any transport: the serialport one (serial-breathalyser.ts) or an in-memory cable. */
export function openBreathalyser(options: BreathalyserOptions): Breathalyser {
  return new TransportBreathalyser(options);
}
