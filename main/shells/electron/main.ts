/**
 * The Electron shell: one kiosk window, its security settings, and the host core started in a
 * utilityProcess. Like Actual Budget's desktop package it knows nothing about doses; all of that
 * lives in the host.
 */
import { readFile } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Menu, MessageChannelMain, app, protocol, utilityProcess } from 'electron';
import { securityHeaders } from '../content-security-policy.js';
import { contentTypeOf } from '../renderer-files.js';
import { handDatabaseKeyTo } from './database-key.js';
import { handSigningKeyTo } from './signing-key.js';
import { kioskScheme, kioskStartUrl, rendererFileFor } from './kiosk-scheme.js';
import { denyEverythingAWindowShouldNotDo, isKioskFrame } from './window-security.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../../../renderer');

app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: kioskScheme, privileges: { standard: true, secure: true } }]);

function readRendererFile(path: string): Promise<Buffer | null> {
  // The callback form: Electron reads it from inside app.asar.
  return new Promise((resolve) => readFile(path, (error, data) => resolve(error ? null : data)));
}

function serveRendererFromKioskScheme(): void {
  protocol.handle(kioskScheme, async (request) => {
    const path = rendererFileFor(rendererDir, request);
    const body = path ? await readRendererFile(path) : null;
    if (!path || !body) return new Response('Not found', { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
    return new Response(new Uint8Array(body), { headers: { ...securityHeaders, 'Content-Type': contentTypeOf(path) } });
  });
}

/** KIOSK_DATA_DIR names the data folder, as it does for `npm start` and the browser shell. */
function kioskDataDir(): string {
  return process.env['KIOSK_DATA_DIR'] ?? app.getPath('userData');
}

function startHostProcess(): Electron.UtilityProcess {
  const host = utilityProcess.fork(join(here, 'host-process.js'), [kioskDataDir()], { serviceName: 'kiosk-host' });
  handDatabaseKeyTo(host, kioskDataDir());
  handSigningKeyTo(host, kioskDataDir(), (error) => {
    console.error(`The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
  host.on('message', (message: { kind?: string; message?: string }) => {
    if (message.kind === 'hostFailed') {
      console.error(`The kiosk host could not start: ${message.message ?? 'unknown error'}`);
      app.exit(1);
    }
  });
  host.on('exit', (code) => {
    if (code !== 0) app.exit(code);
  });
  return host;
}

function openKioskWindow(host: Electron.UtilityProcess): BrowserWindow {
  const window = new BrowserWindow({
    kiosk: app.isPackaged,
    fullscreen: app.isPackaged,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: !app.isPackaged,
    },
  });
  // The window's one channel to the host is a MessagePort, given only to our own page: a window
  // that somehow shows anything else gets no port, so nothing it sends reaches the host.
  window.webContents.on('did-finish-load', () => {
    if (!isKioskFrame(window.webContents.mainFrame)) return;
    const { port1, port2 } = new MessageChannelMain();
    host.postMessage({ kind: 'window' }, [port1]);
    window.webContents.postMessage('kiosk-host-port', null, [port2]);
  });
  void window.loadURL(kioskStartUrl);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  // A second start (a double tap on the launcher) brings the one kiosk forward instead.
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  void app.whenReady().then(() => {
    if (app.isPackaged) Menu.setApplicationMenu(null);
    denyEverythingAWindowShouldNotDo();
    serveRendererFromKioskScheme();
    window = openKioskWindow(startHostProcess());
  });
  app.on('window-all-closed', () => app.quit());
}
