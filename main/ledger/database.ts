/**
 * Opens the kiosk's SQLite file with the durability a controlled-drug register needs, encrypted.
 *
 * better-sqlite3 is compiled so WAL mode defaults to synchronous=NORMAL, where the last commits
 * can roll back after a power cut (better-sqlite3 docs/performance.md; SQLite pragma docs). An
 * acknowledged dose must survive a power cut, so the ledger runs with synchronous=FULL.
 *
 * The ledger names the people dosed, so the file is encrypted at rest: `better-sqlite3` in
 * package.json is an npm alias for better-sqlite3-multiple-ciphers (SQLite3 Multiple Ciphers;
 * ChaCha20-Poly1305, its default cipher), so every import of it is the cipher build and there is
 * no plain build in the tree to pick by mistake. Every page of the file and of its WAL is
 * encrypted; temporary tables and sorts are kept in memory so nothing is spilled in plain text.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ledgerMigrations } from './migrations/index.js';
import { migrate } from './migrator.js';

export interface LedgerDatabaseOptions {
  /** The database key; without one the file is plain SQLite (scratch and test ledgers only: the kiosk always passes one). */
  key?: Buffer;
  /** A better-sqlite3 build for another runtime (Electron's), when not Node's. */
  nativeBinding?: string;
}

export class LedgerKeyError extends Error {}

const plainSqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts with SQLite's plain-text header: a database written without encryption. */
export function isPlaintextSqliteFile(file: string): boolean {
  const header = Buffer.alloc(plainSqliteHeader.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(plainSqliteHeader);
  } finally {
    closeSync(fd);
  }
}

function hasContent(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

function openFile(file: string, options: LedgerDatabaseOptions, readonly = false): Database {
  return new BetterSqlite3(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(readonly ? { readonly: true, fileMustExist: true } : {}),
  });
}

/** Applies the key and proves it opens the file: SQLite itself would only fail at the first read, as "file is not a database". */
function unlock(db: Database, file: string, key: Buffer | undefined): void {
  if (key) db.key(key);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_NOTADB') throw error;
    throw new LedgerKeyError(key
      ? `${file} could not be opened with this kiosk's database key: it was encrypted with another key, or it is damaged. ` +
        'Nothing was changed. Start the kiosk with the key this file was written with (kiosk.key, or the OS keystore of the Electron kiosk), or call support.'
      : `${file} is encrypted and no database key was given, so it cannot be read. Open it with its key (kiosk.key beside it).`);
  }
}

/** A digest of every row of every table, in storage order: what an encrypted copy must hold exactly. */
function contentDigest(db: Database): string {
  const hash = createHash('sha256');
  const tables = db.prepare<[], { name: string; wr: number }>(
    "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  for (const { name, wr } of tables) {
    hash.update(`table ${name}\n`);
    // A rowid table is read in rowid order: the register's running balance depends on that order.
    for (const row of db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"${wr ? '' : ' ORDER BY rowid'}`).raw().iterate()) {
      hash.update(`${JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
    }
  }
  return hash.digest('hex');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts a kiosk database written by a version from before encryption. Every step is done on a
 * copy and checked before the copy replaces the original, so a crash or a failed check at any
 * point leaves the original as it was (and the next start tries again): the copy is encrypted with
 * `rekey`, SQLite3 Multiple Ciphers' way of encrypting a plain database (it has no sqlcipher_export),
 * then opened with the key and required to hold exactly the same rows in the same order.
 */
function encryptPlaintextDatabase(file: string, key: Buffer, options: LedgerDatabaseOptions): void {
  const copy = `${file}.encrypting`;
  rmSync(copy, { force: true });
  rmSync(`${copy}-journal`, { force: true });
  const plain = openFile(file, options);
  let digest: string;
  try {
    // Everything in the WAL goes into the file first, so the copy misses nothing.
    plain.pragma('wal_checkpoint(TRUNCATE)');
    digest = contentDigest(plain);
  } finally {
    plain.close();
  }
  copyFileSync(file, copy);
  try {
    const encrypting = openFile(copy, options);
    try {
      // rekey cannot encrypt a database in WAL mode; the kiosk sets WAL again once it opens the result.
      encrypting.pragma('journal_mode = DELETE');
      encrypting.rekey(key);
    } finally {
      encrypting.close();
    }
    const check = openFile(copy, options);
    try {
      unlock(check, copy, key);
      if (contentDigest(check) !== digest) {
        throw new Error(`The encrypted copy of ${file} did not hold exactly the rows of the original, so the original was kept unencrypted. Call support.`);
      }
    } finally {
      check.close();
    }
    fsyncPath(copy);
    // The plain database's WAL was checkpointed into it and is empty; its shared-memory index describes the old file.
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    renameSync(copy, file);
    fsyncPath(dirname(file));
  } catch (error) {
    rmSync(copy, { force: true });
    rmSync(`${copy}-journal`, { force: true });
    throw error;
  }
}

export async function openLedgerDatabase(file: string, now: () => Date, options: LedgerDatabaseOptions = {}): Promise<Database> {
  if (options.key && hasContent(file) && isPlaintextSqliteFile(file)) encryptPlaintextDatabase(file, options.key, options);
  const db = openFile(file, options);
  try {
    unlock(db, file, options.key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('temp_store = MEMORY');
    await migrate(db, ledgerMigrations, now);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A kiosk's file opened read-only, as an auditor or `ledger:verify` reads it: never migrated,
 * never encrypted in place. A file from before encryption is read without the key.
 */
export function openLedgerFileForReading(file: string, key: Buffer | null, nativeBinding?: string): Database {
  const options: LedgerDatabaseOptions = nativeBinding ? { nativeBinding } : {};
  const db = openFile(file, options, true);
  try {
    unlock(db, file, key && hasContent(file) && !isPlaintextSqliteFile(file) ? key : undefined);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
