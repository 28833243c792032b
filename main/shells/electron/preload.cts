/**
 * The preload: the renderer's only way to the host. It exposes two functions, never ipcRenderer
 * itself (Electron security checklist), and carries messages over the MessagePort that the main
 * process hands to this window. Validation happens in the host, where the rules live.
 */
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;
// The port as this file uses it: Electron types it as the DOM's MessagePort, and the host's
// type-check has no DOM, so that name would not resolve here and would read as `any`.
interface HostPort {
  onmessage: ((event: { data: unknown }) => void) | null;
  start(): void;
  postMessage(message: unknown): void;
}

let hostPort: HostPort | null = null;
const waitingToSend: unknown[] = [];
const listeners = new Set<(message: unknown) => void>();

ipcRenderer.on('kiosk-host-port', (event) => {
  const [port] = event.ports as unknown as HostPort[];
  if (!port) return;
  hostPort = port;
  port.onmessage = ({ data }: { data: unknown }) => {
    for (const listener of listeners) listener(data);
  };
  port.start();
  for (const message of waitingToSend.splice(0)) port.postMessage(message);
});

// Only our own page gets the bridge (the main process also hands the port to it alone).
const page = (globalThis as { location?: { protocol: string; host: string } }).location;
const isKioskPage = page?.protocol === 'kiosk:' && page.host === 'app';

if (isKioskPage) contextBridge.exposeInMainWorld('kioskHost', {
  send(message: unknown): void {
    if (hostPort) hostPort.postMessage(message);
    else waitingToSend.push(message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});
