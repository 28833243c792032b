/**
 * A scriptable stand-in for a breathalyser, on the device end of a socat pty pair, so the whole
 * driver (real serialport binding included) can be exercised without hardware: in tests, in demos
 * and as the kiosk's out-of-the-box simulated device.
 *
 * It speaks whatever profile it is given through that profile's `emulation` lines, and plays one
 * scenario each time the kiosk sends the start command: a result, a device error, garbage, a half
 * line, silence, or an unplug (breathalyser-protocols.md, "Testing").
 */
import { SerialPort } from 'serialport';
import { DeviceErrorCode, serialSettings, type DeviceProfile, type EmulationLines } from '../device-profile.js';
import { nmeaXorChecksum, withNmeaXorChecksum } from '../line-checksum.js';
import { createLineSplitter } from '../line-splitter.js';
import { startPtyPair, type PtyPair } from './pty-pair.js';

export type EmulatorScenario = 'result' | 'garbage' | 'half-line' | 'silence' | 'unplug' | `error:${DeviceErrorCode}`;

export const emulatorScenarioNames = ['result', 'garbage', 'half-line', 'silence', 'unplug', 'error:<CODE>'] as const;

export function parseScenario(text: string): EmulatorScenario | null {
  if (text === 'result' || text === 'garbage' || text === 'half-line' || text === 'silence' || text === 'unplug') return text;
  const code = DeviceErrorCode.safeParse(text.startsWith('error:') ? text.slice('error:'.length) : undefined);
  return code.success ? `error:${code.data}` : null;
}

export interface EmulatorOptions {
  /** The pty link the kiosk opens. */
  link: string;
  /** The pty link the emulator itself opens; defaults to `<link>.device`. */
  deviceLink?: string;
  profile: DeviceProfile;
  scenario: EmulatorScenario;
  /** What follows the result line's prefix, e.g. "12 ug/100ml" for kiosk-line-v1. */
  resultText: string;
  /** Time the pretend person takes to blow, before the result, error or unplug. */
  delayMs: number;
}

export interface RunningEmulator {
  kioskPath: string;
  /** Send a line nobody asked for (checksum and terminator added), as a device pressed by hand would. */
  emitUnrequested(body: string): Promise<void>;
  /** Hear each command the kiosk sends, e.g. to wait until START has arrived. */
  onCommand(listener: (command: string) => void): () => void;
  /** Kill socat now: the kiosk sees its cable pulled. */
  unplug(): Promise<void>;
  stop(): Promise<void>;
}

function emulationOf(profile: DeviceProfile): EmulationLines {
  if (!profile.emulation) throw new Error(`The profile ${profile.id} has no emulation lines, so the emulator cannot speak it.`);
  return profile.emulation;
}

function framed(profile: DeviceProfile, body: string): Buffer {
  const line = profile.checksum === 'nmea-xor' ? withNmeaXorChecksum(body) : body;
  return Buffer.from(line + profile.terminator, 'latin1');
}

/** Noise a failing cable or a confused device might send; none of it may ever become a reading. */
function garbageFor(profile: DeviceProfile, resultLine: string): Buffer {
  const wrongChecksum = (Number.parseInt(nmeaXorChecksum(resultLine), 16) ^ 0xff).toString(16).toUpperCase().padStart(2, '0');
  return Buffer.concat([
    Buffer.from([0x00, 0xff, 0x52, 0x45, 0x9b]),
    Buffer.from(profile.terminator, 'latin1'),
    Buffer.from(`${resultLine}*${wrongChecksum}${profile.terminator}`, 'latin1'),
    Buffer.from(`${resultLine.replace(/\d/g, 'x')}${profile.terminator}`, 'latin1'),
    Buffer.from('9'.repeat(profile.maxLineLength + 10) + profile.terminator, 'latin1'),
  ]);
}

function openDevicePort(path: string, profile: DeviceProfile): Promise<SerialPort> {
  const port = new SerialPort({
    path,
    ...serialSettings(profile),
    autoOpen: false,
  });
  // The emulator has nobody to report to; an unplug surfaces as 'close', and errors must not crash it.
  port.on('error', () => undefined);
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve(port))));
}

class BreathalyserEmulator implements RunningEmulator {
  readonly kioskPath: string;
  private readonly lines: EmulationLines;
  private readonly commandListeners = new Set<(command: string) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: EmulatorOptions,
    private readonly pair: PtyPair,
    private readonly port: SerialPort,
  ) {
    this.kioskPath = pair.kioskPath;
    this.lines = emulationOf(options.profile);
    const splitter = createLineSplitter(options.profile);
    port.on('data', (chunk: Buffer) => splitter.feed(chunk).lines.forEach((command) => this.heard(command)));
  }

  emitUnrequested(body: string): Promise<void> {
    return this.sendLine(body);
  }

  onCommand(listener: (command: string) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  unplug(): Promise<void> {
    this.cancelPending();
    return this.pair.unplug();
  }

  async stop(): Promise<void> {
    this.cancelPending();
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
    await this.pair.stop();
  }

  private heard(command: string): void {
    const { profile } = this.options;
    if (command === profile.startCommand) this.playScenario();
    if (command === profile.abortCommand) this.cancelPending();
    for (const listener of this.commandListeners) listener(command);
  }

  private playScenario(): void {
    const { profile, scenario, resultText } = this.options;
    const resultLine = this.lines.result.replace('{result}', resultText);
    void this.sendLine(this.lines.ready);
    switch (scenario) {
      case 'result':
        void this.sendLine(this.lines.blowing);
        this.after(() => this.sendLine(resultLine));
        return;
      case 'garbage':
        this.after(() => this.send(garbageFor(profile, resultLine)));
        return;
      case 'half-line':
        this.after(() => this.send(Buffer.from(resultLine.slice(0, Math.ceil(resultLine.length / 2)), 'latin1')));
        return;
      case 'silence':
        return;
      case 'unplug':
        void this.sendLine(this.lines.blowing);
        this.after(() => this.pair.unplug());
        return;
      default:
        this.after(() => this.sendLine(this.lines.error.replace('{code}', scenario.slice('error:'.length))));
    }
  }

  private sendLine(body: string): Promise<void> {
    return this.send(framed(this.options.profile, body));
  }

  private after(step: () => unknown): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void step();
    }, this.options.delayMs);
    this.timers.add(timer);
  }

  private cancelPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private send(bytes: Buffer): Promise<void> {
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.write(bytes, () => resolve()));
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  emulationOf(options.profile);
  const pair = await startPtyPair(options.link, options.deviceLink ?? `${options.link}.device`);
  try {
    const port = await openDevicePort(pair.devicePath, options.profile);
    return new BreathalyserEmulator(options, pair, port);
  } catch (error) {
    await pair.stop();
    throw error;
  }
}
