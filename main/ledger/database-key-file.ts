/**
 * The kiosk database's key in a file readable by the kiosk's own user only: how a kiosk without an
 * OS keystore (the browser shell, and the Electron shell where the keystore is not real) holds the
 * key, and how `ledger:verify` is given it. The file holds the 32-byte key as 64 hex digits.
 *
 * A key file anyone else on the machine can read protects nothing, so a mode wider than 0600 stops
 * the start instead of being fixed quietly: someone may already have read it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createFileAtomically } from '../config/atomic-files.js';
import { isPlaintextSqliteFile } from './database.js';

export const databaseKeyFileName = 'kiosk.key';
export const databaseKeyBytes = 32;

export class DatabaseKeyFileError extends Error {}

/** The data folder's key file, when the data folder holds one. */
export function keyFileIn(dataDir: string): string {
  return join(dataDir, databaseKeyFileName);
}

/** Reads a key file, refusing one that others can read or that does not hold a key. */
export function readDatabaseKeyFile(file: string): Buffer {
  if (!existsSync(file)) throw new DatabaseKeyFileError(`There is no database key file at ${file}.`);
  // POSIX modes only: on Windows the mode bits say nothing about who may read the file.
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new DatabaseKeyFileError(
      `The database key file ${file} can be read by other users of this computer (its mode is ${mode.toString(8).padStart(4, '0')}, ` +
      `it must be 0600), so the kiosk will not use it. Someone may already have copied it: tell your clinic's IT support, ` +
      `then make it private with "chmod 600 ${file}" and start the kiosk again.`,
    );
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!new RegExp(`^[0-9a-f]{${databaseKeyBytes * 2}}$`).test(text)) {
    throw new DatabaseKeyFileError(`${file} is not a kiosk database key (64 hexadecimal digits). Restore the key file from the kiosk's backup.`);
  }
  return Buffer.from(text, 'hex');
}

/**
 * Writes a key to a new file, made private before any key byte is written, and on disk before it
 * is used. Whole or not at all: a full disk once left a 0-byte kiosk.key that every later start
 * refused as "not a kiosk database key". Never over an existing key (EEXIST): the database may
 * already be encrypted with it.
 */
export function writeDatabaseKeyFile(file: string, key: Buffer): Buffer {
  // Forced to disk before use: a database encrypted with a key that a power cut then lost could never be read again.
  createFileAtomically(file, `${key.toString('hex')}\n`, 0o600);
  return key;
}

/**
 * A new random key for a kiosk database, unless the database is already encrypted: a new key could
 * never read it, so its own key must be found instead.
 */
export function newDatabaseKey(databaseFile: string, whereItsKeyWas: string): Buffer {
  if (existsSync(databaseFile) && statSync(databaseFile).size > 0 && !isPlaintextSqliteFile(databaseFile)) {
    throw new DatabaseKeyFileError(
      `${databaseFile} is encrypted, but its key (${whereItsKeyWas}) is missing. Restore it from the kiosk's backup ` +
      `(a kiosk.key file goes in the data folder, readable by the kiosk's user only), or start the kiosk that holds the key.`,
    );
  }
  return randomBytes(databaseKeyBytes);
}

/**
 * The key in `<dataDir>/kiosk.key`, created with a random key on a kiosk's first start. A kiosk
 * database that is already encrypted and has no key file beside it is refused rather than given a
 * new key it cannot be read with.
 */
export function databaseKeyFromDataFolder(dataDir: string, databaseFile: string): Buffer {
  const file = keyFileIn(dataDir);
  if (existsSync(file)) return readDatabaseKeyFile(file);
  return writeDatabaseKeyFile(file, newDatabaseKey(databaseFile, `its key file ${file}, or the OS keystore of the Electron kiosk`));
}
