/**
 * A serial cable inside one process: the kiosk's end is a BreathalyserTransport that opens it at
 * its path, the device's end is opened by whatever plays the device (the emulator, for the demo's
 * simulated breathalyser and for fast tests). No socat, no pty, no native binding, so a fresh
 * machine runs the demo without installing anything.
 *
 * It behaves like the pty it stands in for where the driver cares: bytes arrive later, never
 * during the write that sent them (a device that answers START at once must not re-enter the
 * kiosk mid-step), in order; pulling the cable tells both open ends they are lost, and the path
 * cannot be opened until it is plugged in again.
 */
import type { BreathalyserTransport, OpenPort, PortHandlers } from './breathalyser-transport.js';

/** Shaped as the emulator's cable (emulator/breathalyser-emulator.ts), so the emulator plays on it as it is. */
export interface InMemoryCable {
  /** The path the kiosk's transport opens. */
  readonly kioskPath: string;
  /** The kiosk's side. */
  readonly kioskTransport: BreathalyserTransport;
  /** The device's side, opened as the device powers up (again after a replug). */
  openDeviceEnd(handlers: PortHandlers): Promise<OpenPort>;
  /** Both open ends are told they are lost; opening either fails until plugInAgain. */
  unplug(): Promise<void>;
  plugInAgain(): Promise<void>;
  /** Same as unplug: nothing is left behind to tidy. */
  stop(): Promise<void>;
}

interface CableEnd {
  handlers: PortHandlers;
  open: boolean;
}

export function createInMemoryCable(path: string): InMemoryCable {
  let plugged = true;
  const ends: { kiosk: CableEnd | null; device: CableEnd | null } = { kiosk: null, device: null };

  const later = (step: () => void): void => queueMicrotask(step);

  function openEnd(side: keyof typeof ends, handlers: PortHandlers): OpenPort {
    const end: CableEnd = { handlers, open: true };
    ends[side] = end;
    const other = side === 'kiosk' ? 'device' : 'kiosk';
    return {
      write(bytes) {
        const far = ends[other];
        // Copied, so the writer reusing its buffer cannot change what the other end reads.
        const copy = Uint8Array.from(bytes);
        if (end.open && plugged && far?.open) later(() => far.open && far.handlers.received(copy));
        return Promise.resolve();
      },
      close() {
        end.open = false;
        return Promise.resolve();
      },
    };
  }

  function refuseUnplugged(): Promise<never> {
    return Promise.reject(new Error(`Nothing is plugged in at ${path}.`));
  }

  function unplug(): Promise<void> {
    plugged = false;
    for (const end of [ends.kiosk, ends.device]) {
      if (!end?.open) continue;
      end.open = false;
      later(() => end.handlers.lost({ disconnected: true }));
    }
    return Promise.resolve();
  }

  return {
    kioskPath: path,
    kioskTransport: {
      open(openedPath, _settings, handlers) {
        if (openedPath !== path) return Promise.reject(new Error(`There is no in-memory cable at ${openedPath}.`));
        return plugged ? Promise.resolve(openEnd('kiosk', handlers)) : refuseUnplugged();
      },
      // A cable inside the process has no USB ids, so discovery by ids never finds it.
      listPorts: () => Promise.resolve([{ path }]),
    },
    openDeviceEnd: (handlers) => (plugged ? Promise.resolve(openEnd('device', handlers)) : refuseUnplugged()),
    unplug,
    plugInAgain() {
      plugged = true;
      return Promise.resolve();
    },
    stop: unplug,
  };
}
