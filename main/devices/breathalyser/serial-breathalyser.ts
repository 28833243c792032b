/**
 * A breathalyser on a serial port (a USB-serial adapter, or the emulator's pty) through the real
 * serialport binding: the serialport transport under the one adapter every breathalyser uses
 * (breathalyser-adapter.ts). An open port is checked for a hangup every second by default, because
 * serialport on Linux can read an unplugged tty as endless end-of-file and never report it
 * (transport/serialport-transport.ts).
 */
import type { Breathalyser } from './breathalyser.js';
import { openBreathalyser, type BreathalyserSettings } from './breathalyser-adapter.js';
import { silentBreathalyserLogger } from './breathalyser-logger.js';
import { serialportTransport } from './transport/serialport-transport.js';

export type SerialBreathalyserOptions = BreathalyserSettings & {
  /** How often an open port is checked for a hangup that serialport did not report. */
  hangupCheckMs?: number;
};

const defaultHangupCheckMs = 1000;

export function openSerialBreathalyser(options: SerialBreathalyserOptions): Breathalyser {
  const logger = options.logger ?? silentBreathalyserLogger();
  const transport = serialportTransport({ logger, hangupCheckMs: options.hangupCheckMs ?? defaultHangupCheckMs });
  return openBreathalyser({ ...options, logger, transport });
}
