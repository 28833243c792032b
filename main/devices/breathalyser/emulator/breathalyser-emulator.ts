/**
 * A scriptable stand-in for a breathalyser, on the device end of a cable, so the whole driver can
 * be exercised without hardware. The cable is a socat pty pair (`startEmulator`: the real
 * serialport binding on both ends, for the driver's own tests, the e2e kiosk and the CLI) or an
 * in-memory cable (`startEmulatorOn`: the kiosk's out-of-the-box simulated device, which must run
 * on a fresh machine without socat). The device logic is the same on both.
 *
 * It speaks whatever profile it is given through that profile's `emulation` lines, and plays one
 * scenario each time the kiosk sends the start command: a result, a device error, garbage, a half
 * line, silence, an unplug, or an unplug and a replug on the same path (docs/breathalyser-protocols.md,
 * "Testing"). It can end its lines with another ending than the profile's (`lineEnding`), as a
 * device set up differently from its profile does. A device with no start command (an MQ-3 sketch) cannot be asked: it plays when
 * `play()` is called, or every `repeatEveryMs` as such a sketch's loop prints.
 */
import { silentBreathalyserLogger } from '../breathalyser-logger.js';
import { DeviceErrorCode, serialSettings, type DeviceProfile, type EmulationLines } from '../device-profile.js';
import { nmeaXorChecksum, withNmeaXorChecksum } from '../line-checksum.js';
import { createLineSplitter } from '../line-splitter.js';
import type { OpenPort, PortHandlers } from '../transport/breathalyser-transport.js';
import { serialportTransport } from '../transport/serialport-transport.js';
import { startPtyPair } from './pty-pair.js';

const plainScenarios = ['result', 'garbage', 'half-line', 'silence', 'unplug', 'unplug-replug'] as const;
type PlainScenario = (typeof plainScenarios)[number];

export type EmulatorScenario = PlainScenario | `error:${DeviceErrorCode}`;

export const emulatorScenarioNames = [...plainScenarios, 'error:<CODE>'] as const;

export function parseScenario(text: string): EmulatorScenario | null {
  const plain = plainScenarios.find((name) => name === text);
  if (plain) return plain;
  const code = DeviceErrorCode.safeParse(text.startsWith('error:') ? text.slice('error:'.length) : undefined);
  return code.success ? `error:${code.data}` : null;
}

const defaultReplugAfterMs = 1000;

/** How the emulated device is wired to the kiosk. */
export interface EmulatorCable {
  /** What the kiosk opens. */
  readonly kioskPath: string;
  /** Opens the device's end (again after a replug). */
  openDeviceEnd(handlers: PortHandlers): Promise<OpenPort>;
  /** Pulls the cable: the kiosk sees its device lost. */
  unplug(): Promise<void>;
  /** A new cable on the same path, once the old one is out; the device end is opened after. */
  plugInAgain(): Promise<void>;
  /** Pulls the cable for good and tidies up after it. */
  stop(): Promise<void>;
}

/** What the device does, whatever cable it is on. */
export interface EmulatedDevice {
  profile: DeviceProfile;
  scenario: EmulatorScenario;
  /** What follows the result line's prefix, e.g. "12 ug/100ml" for kiosk-line-v1. */
  resultText: string;
  /** Time the pretend person takes to blow, before the result, error or unplug. */
  delayMs: number;
  /** In 'unplug-replug', how long the cable stays out before the device is back on the same path. */
  replugAfterMs?: number;
  /** Play the scenario on this period without being asked, as an MQ-3 sketch's loop prints. */
  repeatEveryMs?: number;
  /**
   * End the device's own lines with this instead of the profile's terminator: a device set to
   * another line ending than its profile expects. Commands from the kiosk are still heard by the
   * profile's terminator, as such a device (set only in its output) would hear them.
   */
  lineEnding?: EmulatorLineEnding;
}

export const emulatorLineEndings = { cr: '\r', lf: '\n', crlf: '\r\n' } as const;
export type EmulatorLineEnding = keyof typeof emulatorLineEndings;

export function parseLineEnding(text: string): EmulatorLineEnding | null {
  return Object.hasOwn(emulatorLineEndings, text) ? (text as EmulatorLineEnding) : null;
}

export interface EmulatorOptions extends EmulatedDevice {
  /** The pty link the kiosk opens. */
  link: string;
  /** The pty link the emulator itself opens; defaults to `<link>.device`. */
  deviceLink?: string;
}

export interface RunningEmulator {
  kioskPath: string;
  /** Send a line nobody asked for (checksum and terminator added), as a device pressed by hand would. */
  emitUnrequested(body: string): Promise<void>;
  /** Hear each command the kiosk sends, e.g. to wait until START has arrived. */
  onCommand(listener: (command: string) => void): () => void;
  /** Play the scenario now, as a device whose button was pressed (or, for kiosk-line-v1, that heard START). */
  play(): void;
  /** Kill socat now: the kiosk sees its cable pulled. */
  unplug(): Promise<void>;
  /** Plug back in on the same path: a new cable (socat) and the device end reopened. */
  replug(): Promise<void>;
  stop(): Promise<void>;
}

function emulationOf(profile: DeviceProfile, scenario: EmulatorScenario): EmulationLines {
  if (!profile.emulation) throw new Error(`The profile ${profile.id} has no emulation lines, so the emulator cannot speak it.`);
  if (scenario.startsWith('error:') && profile.emulation.error === undefined) {
    throw new Error(`The profile ${profile.id} has no error line, so the emulator cannot play ${scenario}.`);
  }
  return profile.emulation;
}

/** What the device itself prints for a kiosk code: the profile's statusCodes read backwards. */
function deviceCodeFor(profile: DeviceProfile, code: string): string {
  const own = Object.entries(profile.statusCodes ?? {}).find(([, kioskCode]) => kioskCode === code);
  return own ? own[0] : code;
}

function framed(device: EmulatedDevice, body: string): Uint8Array {
  const { profile, lineEnding } = device;
  const line = profile.checksum === 'nmea-xor' ? withNmeaXorChecksum(body) : body;
  return Buffer.from(line + (lineEnding === undefined ? profile.terminator : emulatorLineEndings[lineEnding]), 'latin1');
}

/** Noise a failing cable or a confused device might send; none of it may ever become a reading. */
function garbageFor(profile: DeviceProfile, resultLine: string): Uint8Array {
  const wrongChecksum = (Number.parseInt(nmeaXorChecksum(resultLine), 16) ^ 0xff).toString(16).toUpperCase().padStart(2, '0');
  return Buffer.concat([
    Buffer.from([0x00, 0xff, 0x52, 0x45, 0x9b]),
    Buffer.from(profile.terminator, 'latin1'),
    Buffer.from(`${resultLine}*${wrongChecksum}${profile.terminator}`, 'latin1'),
    Buffer.from(`${resultLine.replace(/\d/g, 'x')}${profile.terminator}`, 'latin1'),
    Buffer.from('9'.repeat(profile.maxLineLength + 10) + profile.terminator, 'latin1'),
  ]);
}

/** A socat pty pair, its device end opened through the real serialport binding. */
async function ptyCable(link: string, deviceLink: string, profile: DeviceProfile): Promise<EmulatorCable> {
  // The emulator has nobody to report to; an unplug surfaces as a loss, and errors must not crash it.
  const transport = serialportTransport({ logger: silentBreathalyserLogger(), hangupCheckMs: null });
  let pair = await startPtyPair(link, deviceLink);
  return {
    kioskPath: pair.kioskPath,
    openDeviceEnd: (handlers) => transport.open(pair.devicePath, serialSettings(profile), handlers),
    unplug: () => pair.unplug(),
    async plugInAgain() {
      pair = await startPtyPair(link, deviceLink);
    },
    stop: () => pair.stop(),
  };
}

class BreathalyserEmulator implements RunningEmulator {
  readonly kioskPath: string;
  private readonly lines: EmulationLines;
  private readonly commandListeners = new Set<(command: string) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private repeating: NodeJS.Timeout | null = null;
  private stopped = false;
  /** A replug under way: stop() waits for it, so a cable plugged in while stopping is not left behind. */
  private replugging: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: EmulatedDevice,
    private readonly cable: EmulatorCable,
    private port: OpenPort,
  ) {
    this.kioskPath = cable.kioskPath;
    this.lines = emulationOf(options.profile, options.scenario);
    if (options.repeatEveryMs !== undefined) this.repeating = setInterval(() => this.play(), options.repeatEveryMs);
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
    return this.cable.unplug();
  }

  replug(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.replugging = this.plugInAgain();
    return this.replugging;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.repeating) clearInterval(this.repeating);
    this.cancelPending();
    await this.replugging.catch(() => undefined);
    await this.port.close();
    await this.cable.stop();
  }

  private async plugInAgain(): Promise<void> {
    await this.cable.unplug();
    await this.port.close();
    await this.cable.plugInAgain();
    this.port = await openListening(this.cable, this.options.profile, (command) => this.heard(command));
  }

  play(): void {
    const { profile, scenario, resultText } = this.options;
    const resultLine = this.lines.result.replace('{result}', resultText);
    this.sendOptionalLine(this.lines.ready);
    switch (scenario) {
      case 'result':
        this.sendOptionalLine(this.lines.blowing);
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
        this.sendOptionalLine(this.lines.blowing);
        this.after(() => this.cable.unplug());
        return;
      case 'unplug-replug':
        this.sendOptionalLine(this.lines.blowing);
        this.after(async () => {
          await this.cable.unplug();
          this.after(() => this.replug(), this.options.replugAfterMs ?? defaultReplugAfterMs);
        });
        return;
      default:
        this.after(() => this.sendLine((this.lines.error ?? '{code}').replace('{code}', deviceCodeFor(profile, scenario.slice('error:'.length)))));
    }
  }

  /** A command line from the kiosk. */
  heard(command: string): void {
    const { profile } = this.options;
    if (command === profile.startCommand) this.play();
    if (command === profile.abortCommand) this.cancelPending();
    for (const listener of this.commandListeners) listener(command);
  }

  private sendOptionalLine(body: string | undefined): void {
    if (body !== undefined) void this.sendLine(body);
  }

  private sendLine(body: string): Promise<void> {
    return this.send(framed(this.options, body));
  }

  private after(step: () => unknown, delayMs = this.options.delayMs): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // A replug that fails (socat gone missing) leaves the device unplugged, as a broken cable would.
      void Promise.resolve(step()).catch(() => undefined);
    }, delayMs);
    this.timers.add(timer);
  }

  private cancelPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private send(bytes: Uint8Array): Promise<void> {
    // A write that fails is a cable being pulled: the device has nobody to tell.
    return this.port.write(bytes).catch(() => undefined);
  }
}

/** Opens the device end, hearing the kiosk's commands line by line; a fresh splitter for each cable. */
function openListening(cable: EmulatorCable, profile: DeviceProfile, heard: (command: string) => void): Promise<OpenPort> {
  const splitter = createLineSplitter(profile);
  // The device has nobody to tell of a pulled cable: the kiosk's end sees it.
  return cable.openDeviceEnd({ received: (chunk) => splitter.feed(chunk).lines.forEach(heard), lost: () => undefined });
}

/** The emulated device on a cable already made; stopping the emulator stops the cable too. */
export async function startEmulatorOn(cable: EmulatorCable, device: EmulatedDevice): Promise<RunningEmulator> {
  emulationOf(device.profile, device.scenario);
  // Bytes arrive in later events than the open, by which time the emulator exists to hear them.
  let emulator: BreathalyserEmulator | null = null;
  try {
    const port = await openListening(cable, device.profile, (command) => emulator?.heard(command));
    emulator = new BreathalyserEmulator(device, cable, port);
    return emulator;
  } catch (error) {
    await cable.stop();
    throw error;
  }
}

/** The emulated device on a new socat pty pair at `link`. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  emulationOf(options.profile, options.scenario);
  const { link, deviceLink, ...device } = options;
  return startEmulatorOn(await ptyCable(link, deviceLink ?? `${link}.device`, options.profile), device);
}
