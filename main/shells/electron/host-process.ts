/**
 * The host core inside an Electron utilityProcess (as Actual Budget runs its backend), so SQLite
 * writes never block the window's event loop. The main process hands over one MessagePort per
 * window; this file only carries messages between that port and the host.
 */
import type {} from 'electron';
import { systemClock } from '../../host/clock.js';
import type { Host } from '../../host/host.js';
import { fileLogger, logHealthOf, type Logger } from '../../host/logger.js';
import { openKioskHost } from '../../host/open-kiosk-host.js';
import { signingKeeperFromMain, type HandedSigningKey } from './host-signing-key.js';

function connectWindow(host: Host, port: Electron.MessagePortMain, logger: Logger): void {
  port.postMessage({ kind: 'room', room: host.room() });
  const stopRoom = host.onRoom((room) => port.postMessage({ kind: 'room', room }));
  port.on('message', ({ data }) => {
    // Replies may now overtake one another (a step can await the network); the window matches them by request id.
    host.respond(data).then(
      (reply) => { if (reply) port.postMessage(reply); },
      (error: unknown) => logger.error({ err: error }, 'the host failed to answer a message'),
    );
  });
  port.on('close', stopRoom);
  port.start();
}

/**
 * The main process sends the database key from the OS keystore (database-key.ts) and the signing
 * key (signing-key.ts), then each window's port; a window that loads while the host is still
 * opening its ledger waits for it. `seal` asks the main process to seal a signing key and resolves
 * once it is on disk.
 */
interface FromMainProcess {
  databaseKey: Promise<Buffer>;
  signingKey: Promise<HandedSigningKey>;
  seal: (pem: string) => Promise<void>;
  connectWindows(connect: (port: Electron.MessagePortMain) => void): void;
}

function messagesFromMainProcess(): FromMainProcess {
  let keyArrived: (key: Buffer) => void = () => {};
  const databaseKey = new Promise<Buffer>((resolve) => { keyArrived = resolve; });
  let signingKeyArrived: (handed: HandedSigningKey) => void = () => {};
  const signingKey = new Promise<HandedSigningKey>((resolve) => { signingKeyArrived = resolve; });
  const sealing: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const waiting: Electron.MessagePortMain[] = [];
  let connect: ((port: Electron.MessagePortMain) => void) | null = null;
  process.parentPort.on('message', ({ data, ports }) => {
    const message = data as { kind?: unknown; key?: unknown; keystore?: unknown; pem?: unknown; message?: unknown } | null;
    if (message?.kind === 'databaseKey' && typeof message.key === 'string') keyArrived(Buffer.from(message.key, 'hex'));
    if (message?.kind === 'signingKey' && message.keystore === false) signingKeyArrived({ kind: 'signingKey', keystore: false });
    if (message?.kind === 'signingKey' && message.keystore === true && (typeof message.pem === 'string' || message.pem === null)) {
      signingKeyArrived({ kind: 'signingKey', keystore: true, pem: message.pem });
    }
    if (message?.kind === 'signingKeySealed') sealing.shift()?.resolve();
    if (message?.kind === 'signingKeyNotSealed') sealing.shift()?.reject(new Error(String(message.message)));
    for (const port of ports) {
      if (connect) connect(port);
      else waiting.push(port);
    }
  });
  return {
    databaseKey,
    signingKey,
    seal: (pem) => new Promise<void>((resolve, reject) => {
      sealing.push({ resolve, reject });
      process.parentPort.postMessage({ kind: 'sealSigningKey', pem });
    }),
    connectWindows(connectWindow) {
      connect = connectWindow;
      for (const port of waiting.splice(0)) connectWindow(port);
    },
  };
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('The host process needs the data folder as its first argument.');
  // Set by `npm start` when running unpackaged; a packaged app's node_modules are built for Electron.
  const sqliteBinding = process.env['KIOSK_SQLITE_BINDING'] || undefined;
  const logger = fileLogger(dataDir);
  const fromMain = messagesFromMainProcess();
  const databaseKey = await fromMain.databaseKey;
  const signingKeyKeeper = await signingKeeperFromMain(await fromMain.signingKey, dataDir, databaseKey, sqliteBinding, fromMain.seal);
  const host = await openKioskHost({
    dataDir, clock: systemClock, logger, logHealth: () => logHealthOf(logger), sqliteBinding, databaseKey,
    ...(signingKeyKeeper ? { signingKeyKeeper } : {}),
  });
  fromMain.connectWindows((port) => connectWindow(host, port, logger));
  process.parentPort.postMessage({ kind: 'hostReady' });
}

main().catch((error: unknown) => {
  process.parentPort.postMessage({ kind: 'hostFailed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
