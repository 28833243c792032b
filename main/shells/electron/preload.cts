/**
 * The preload: the renderer's only way to the host. It exposes two functions, never ipcRenderer
 * itself (Electron security checklist), and carries messages over the MessagePort that the main
 * process hands to this window. Validation happens in the host, where the rules live.
 */
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;
type HostPort = Electron.IpcRendererEvent['ports'][number];

let hostPort: HostPort | null = null;
const waitingToSend: unknown[] = [];
const listeners = new Set<(message: unknown) => void>();

ipcRenderer.on('kiosk-host-port', (event) => {
  const [port] = event.ports;
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
