/**
 * How bytes reach a breathalyser and come back, whatever carries them: a serial port through the
 * serialport binding (serialport-transport.ts, the only file that imports serialport) or a cable
 * inside this process (in-memory-transport.ts, for the demo's simulated device and fast tests).
 * zwave-js keeps its transport injectable the same way, so its driver is tested against a mock
 * port. A transport knows nothing of lines, profiles, tests or visits.
 */
import type { PortLister } from '../discovery/usb-port-discovery.js';

/** The port settings a profile asks for (device-profile.ts, serialSettings). */
export interface SerialLineSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 1.5 | 2;
}

/** What an open port tells whoever opened it. Handlers are given at open, so no byte is missed. */
export interface PortHandlers {
  received(chunk: Uint8Array): void;
  /** The port closed without being asked to: the cable was pulled, or the line hung up. */
  lost(why: { disconnected: boolean }): void;
}

export interface OpenPort {
  /**
   * Resolves once the bytes are handed on (to the OS, or the other end of an in-memory cable), so
   * a close cannot cut a command off; rejects with the reason a write failed. Bytes written to a
   * port already lost are dropped without complaint, as a pulled cable drops them.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the port; `lost` is not reported for a close asked for here. */
  close(): Promise<void>;
}

export interface BreathalyserTransport {
  /** Rejects with the OS's (or the cable's) reason when the port cannot be opened. */
  open(path: string, settings: SerialLineSettings, handlers: PortHandlers): Promise<OpenPort>;
  /** The ports to look through for a device's USB ids. */
  listPorts: PortLister;
}
