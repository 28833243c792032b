import { fileURLToPath } from 'node:url';
import { ensureDataFolderOrExplain } from '../../config/data-folder.js';
import { systemClock } from '../../host/clock.js';
import { fileLogger, logHealthOf } from '../../host/logger.js';
import { openKioskHost } from '../../host/open-kiosk-host.js';
import { startBrowserShell } from './browser-shell.js';

const rendererDir = fileURLToPath(new URL('../../../renderer/', import.meta.url));

/** Runs the real host behind the browser shell until SIGINT or SIGTERM; prints its URL when ready. */
export async function runBrowserShell(dataDir: string, port: number): Promise<void> {
  // The folder first: the log goes in it, and a folder that cannot be made is refused in words before anything else.
  ensureDataFolderOrExplain(dataDir);
  const logger = fileLogger(dataDir);
  const host = await openKioskHost({ dataDir, clock: systemClock, logger, logHealth: () => logHealthOf(logger) });
  const shell = await startBrowserShell({ host, rendererDir, port, logger }).catch(async (error: unknown) => {
    await host.close();
    throw error;
  });
  const stop = async () => {
    await shell.close();
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.log(`Kiosk ready at ${shell.url} (data in ${dataDir})`);
}

/**
 * A start refused: its reason once, on stderr, and exit code 1. No stack trace: every refusal the
 * kiosk makes is a sentence saying what to do, and a trace under it buries the sentence.
 */
export function failedToStart(error: unknown): never {
  console.error(`The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
