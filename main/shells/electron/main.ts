/**
 * The Electron shell: one kiosk window, its security settings, and the host core started in a
 * utilityProcess. Like Actual Budget's desktop package it knows nothing about doses; all of that
 * lives in the host.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BrowserWindow, MessageChannelMain, app, net, protocol, session, utilityProcess } from 'electron';
import { resolveInside } from '../browser/static-files.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '../../../renderer');
const scheme = 'app';

protocol.registerSchemesAsPrivileged([{ scheme, privileges: { standard: true, secure: true } }]);

function serveRendererFromAppScheme(): void {
  protocol.handle(scheme, (request) => {
    const path = request.method === 'GET' ? resolveInside(rendererDir, new URL(request.url).pathname) : null;
    return path ? net.fetch(pathToFileURL(path).toString()) : new Response('Not found', { status: 404 });
  });
}

function denyEverythingAWindowShouldNotDo(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, decide) => decide(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** KIOSK_DATA_DIR names the data folder, as it does for `npm start` and the browser shell. */
function kioskDataDir(): string {
  return process.env['KIOSK_DATA_DIR'] ?? app.getPath('userData');
}

function startHostProcess(): Electron.UtilityProcess {
  const host = utilityProcess.fork(join(here, 'host-process.js'), [kioskDataDir()], { serviceName: 'kiosk-host' });
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

function openKioskWindow(host: Electron.UtilityProcess): void {
  const window = new BrowserWindow({
    kiosk: app.isPackaged,
    fullscreen: app.isPackaged,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: !app.isPackaged,
    },
  });
  window.webContents.on('did-finish-load', () => {
    const { port1, port2 } = new MessageChannelMain();
    host.postMessage({ kind: 'window' }, [port1]);
    window.webContents.postMessage('kiosk-host-port', null, [port2]);
  });
  void window.loadURL(`${scheme}://kiosk/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    denyEverythingAWindowShouldNotDo();
    serveRendererFromAppScheme();
    openKioskWindow(startHostProcess());
  });
  app.on('window-all-closed', () => app.quit());
}
