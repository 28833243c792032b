/** Carrier for the Electron shell: the preload exposes a narrow bridge, never raw ipcRenderer. */
import type { FromHost, MessageToHost } from '../../shared/contract/index.js';
import { parseFromHost, type Connection, type HostCarrier } from './host-carrier.js';

export interface KioskHostBridge {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    kioskHost?: KioskHostBridge;
  }
}

export function electronCarrier(bridge: KioskHostBridge): HostCarrier {
  return {
    send(message: MessageToHost) {
      bridge.send(message);
    },
    onMessage(listener: (m: FromHost) => void) {
      return bridge.onMessage((raw) => {
        const message = parseFromHost(raw);
        if (message) listener(message);
      });
    },
    // The bridge lives as long as the window, so the link never drops while this page exists (and
    // no request is ever left to ask the host about: the host's process going takes the app with it).
    onConnection(listener: (c: Connection) => void) {
      listener('connected');
      return () => {};
    },
  };
}
