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
 * The main process sends the database key from the OS keystore (database-key.ts), then each
 * window's port; a window that loads while the host is still opening its ledger waits for it.
 */
function messagesFromMainProcess(): { databaseKey: Promise<Buffer>; connectWindows(connect: (port: Electron.MessagePortMain) => void): void } {
  let keyArrived: (key: Buffer) => void = () => {};
  const databaseKey = new Promise<Buffer>((resolve) => { keyArrived = resolve; });
  const waiting: Electron.MessagePortMain[] = [];
  let connect: ((port: Electron.MessagePortMain) => void) | null = null;
  process.parentPort.on('message', ({ data, ports }) => {
    const message = data as { kind?: unknown; key?: unknown } | null;
    if (message?.kind === 'databaseKey' && typeof message.key === 'string') keyArrived(Buffer.from(message.key, 'hex'));
    for (const port of ports) {
      if (connect) connect(port);
      else waiting.push(port);
    }
  });
  return {
    databaseKey,
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
  const host = await openKioskHost({ dataDir, clock: systemClock, logger, logHealth: () => logHealthOf(logger), sqliteBinding, databaseKey: await fromMain.databaseKey });
  fromMain.connectWindows((port) => connectWindow(host, port, logger));
  process.parentPort.postMessage({ kind: 'hostReady' });
}

main().catch((error: unknown) => {
  process.parentPort.postMessage({ kind: 'hostFailed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
