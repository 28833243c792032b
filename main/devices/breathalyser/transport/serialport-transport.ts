/**
 * The breathalyser transport over the real serialport binding: a USB-serial adapter, or one end of
 * a socat pty pair (the emulator CLI and the driver's own tests). The only file that imports
 * serialport, so the rest of the folder runs and is tested without it. It never touches modem
 * lines (DTR/RTS): ptys reject those ioctls and no supported device needs them.
 */
import { SerialPort } from 'serialport';
import type { BreathalyserLogger } from '../breathalyser-logger.js';
import type { BreathalyserTransport, OpenPort, PortHandlers, SerialLineSettings } from './breathalyser-transport.js';

export interface SerialportTransportOptions {
  logger: BreathalyserLogger;
  /** How often an open port is checked for a hangup serialport did not report; null: never (watchForHangup). */
  hangupCheckMs: number | null;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

class SerialportPort implements OpenPort {
  /** Set once the loss is reported or a close is asked for, so neither is reported twice. */
  private finished = false;
  private hangupCheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly port: SerialPort,
    private readonly path: string,
    private readonly handlers: PortHandlers,
    private readonly options: SerialportTransportOptions,
  ) {
    port.on('data', (chunk: Buffer) => handlers.received(chunk));
    port.on('close', (error: { disconnected?: boolean } | null) => this.reportLost(error?.disconnected === true));
    port.on('error', (error: Error) => options.logger.error({ path, err: error.message }, 'Breathalyser port error'));
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.finished || !this.port.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => this.port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve())));
  }

  close(): Promise<void> {
    this.finished = true;
    this.stopHangupCheck();
    return closePort(this.port);
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
  watchForHangup(): void {
    const every = this.options.hangupCheckMs;
    if (every === null || process.platform !== 'linux') return;
    this.hangupCheck = setInterval(() => {
      if (this.finished || !this.port.isOpen || !this.port.port) return;
      this.port.port.getBaudRate().catch((error: unknown) => {
        if (this.finished || !this.port.isOpen) return;
        this.options.logger.warn({ path: this.path, err: errorText(error) }, 'Breathalyser port hung up');
        this.reportLost(true);
        // Closing also ends serialport's zero-byte read loop, which checks isOpen on each turn.
        void closePort(this.port);
      });
    }, every);
  }

  private reportLost(disconnected: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.stopHangupCheck();
    this.handlers.lost({ disconnected });
  }

  private stopHangupCheck(): void {
    if (this.hangupCheck) clearInterval(this.hangupCheck);
    this.hangupCheck = null;
  }
}

export function serialportTransport(options: SerialportTransportOptions): BreathalyserTransport {
  return {
    async open(path: string, settings: SerialLineSettings, handlers: PortHandlers): Promise<OpenPort> {
      const port = new SerialPort({ path, ...settings, autoOpen: false });
      const opened = new SerialportPort(port, path, handlers, options);
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
      opened.watchForHangup();
      return opened;
    },
    listPorts: () => SerialPort.list(),
  };
}
