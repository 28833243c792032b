/**
 * The kiosk's data folder: what lives in it and the one way it is made. The folder is made only
 * when its parent exists: a mistyped KIOSK_DATA_DIR or --data-dir must be refused, not grown into
 * a new empty kiosk somewhere nobody looks (an empty folder starts as a demo kiosk).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseKeyFileName } from '../ledger/database-key-file.js';
import { signingKeyFileName } from '../ledger/signing-key-keeper.js';
import { explainStartFailure } from './disk-problem-words.js';

export const kioskConfigFileName = 'kiosk.json';
export const ledgerFileName = 'kiosk.db';

export function kioskConfigFileIn(dataDir: string): string {
  return join(dataDir, kioskConfigFileName);
}

/**
 * Whether the folder holds a kiosk's ledger or its key: the mark of a kiosk that has run, which
 * must never be taken for a new one. The key counts on its own: a ledger lost beside its key is
 * still a real kiosk's folder, to be restored from backup, not reused as a demo.
 */
export function folderHoldsLedger(dataDir: string): boolean {
  return [ledgerFileName, `${ledgerFileName}-wal`, databaseKeyFileName, signingKeyFileName].some((name) => existsSync(join(dataDir, name)));
}

/** Makes the data folder itself if it is not there yet; a missing parent is an error (ENOENT) for the caller to put in words. */
export function ensureDataFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** The same, with a failure put in words naming the folder and what to do (for a shell, before its log opens). */
export function ensureDataFolderOrExplain(dataDir: string): void {
  try {
    ensureDataFolder(dataDir);
  } catch (error) {
    throw explainStartFailure(error, dataDir);
  }
}
