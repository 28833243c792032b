import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { defaultKioskConfig, type KioskConfig } from '../../main/config/kiosk-config.js';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { openLedgerDatabase, openLedgerFileForReading } from '../../main/ledger/database.js';
import { keyFileIn, readDatabaseKeyFile } from '../../main/ledger/database-key-file.js';
import { kioskIdOf, kioskSigningKey } from '../../main/ledger/kiosk-identity.js';
import { Ledger, type EventDraft, type EventRow } from '../../main/ledger/ledger.js';
import { signingKeyFile } from '../../main/ledger/signing-key-keeper.js';

/** Writes a kiosk.json into a fresh data folder: the embedded defaults, with a chosen breath reading. */
export function writeKioskConfig(dataDir: string, changes: Partial<KioskConfig> = {}): void {
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ ...defaultKioskConfig, ...changes }, null, 2));
}

export interface LedgerRow {
  kiosk_id: string; seq: number; event_id: string; type: string; visit_id: string | null; actor_staff_id: string | null;
  witness_staff_id: string | null; payload: string;
}

/** The key a kiosk's ledger file is encrypted with: the data folder's kiosk.key, as the browser shell keeps it. */
export function kioskDatabaseKey(dataDir: string): Buffer {
  return readDatabaseKeyFile(keyFileIn(dataDir));
}

/** The kiosk's encrypted SQLite file opened read-only with its key, as an auditor with the file and its key would. */
export function openKioskFile(dataDir: string): Database {
  return openLedgerFileForReading(join(dataDir, ledgerFileName), kioskDatabaseKey(dataDir));
}

/** The ledger file's own bytes and its WAL's, as they lie on disk (encrypted). */
export function rawLedgerBytes(dataDir: string): Buffer {
  const file = join(dataDir, ledgerFileName);
  return Buffer.concat([file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));
}

/**
 * Every page of the ledger (its WAL checkpointed in), decrypted with its key: what the kiosk has
 * stored, for searching for what must never be stored. Made on a copy, so the kiosk's file is untouched.
 */
export function decryptedLedgerBytes(dataDir: string): Buffer {
  const copy = mkdtempSync(join(tmpdir(), 'kiosk-decrypted-'));
  try {
    const file = join(copy, ledgerFileName);
    for (const suffix of ['', '-wal']) {
      if (existsSync(join(dataDir, ledgerFileName + suffix))) copyFileSync(join(dataDir, ledgerFileName + suffix), file + suffix);
    }
    const db = new BetterSqlite3(file);
    try {
      db.key(kioskDatabaseKey(dataDir));
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
      // An empty key decrypts the copy in place (SQLite3 Multiple Ciphers).
      db.rekey(Buffer.alloc(0));
    } finally {
      db.close();
    }
    return readFileSync(file);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Reads the kiosk's SQLite file directly, as an auditor with the file would. */
export function readLedger(dataDir: string): LedgerRow[] {
  const db = openKioskFile(dataDir);
  try {
    return db.prepare<[], LedgerRow>('SELECT * FROM events ORDER BY kiosk_id, seq').all();
  } finally {
    db.close();
  }
}

/** One kiosk's own events, every column, as sync would send them. */
export function readOwnEventRows(dataDir: string): EventRow[] {
  const db = openKioskFile(dataDir);
  try {
    const own = db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk').get()?.kiosk_id;
    return db.prepare<[string], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq').all(own ?? '');
  } finally {
    db.close();
  }
}

/** How far the kiosk believes central has acknowledged its events. */
export function readPushedThrough(dataDir: string): number {
  const db = openKioskFile(dataDir);
  try {
    return db.prepare<[], { seq: number }>('SELECT pushed_through_seq AS seq FROM sync_state').get()?.seq ?? 0;
  } finally {
    db.close();
  }
}

/**
 * Appends events to a kiosk's own ledger as that kiosk would, signed with its key file: for a
 * ledger written by an earlier version of the product (events the host no longer writes, such as
 * a receipt under a drug name alone). The host should be restarted after.
 */
export async function appendAsThisKiosk(dataDir: string, drafts: readonly EventDraft[], now: () => Date): Promise<void> {
  const db = await openLedgerDatabase(join(dataDir, ledgerFileName), now, { key: kioskDatabaseKey(dataDir) });
  try {
    const kioskId = kioskIdOf(db, now);
    const ledger = new Ledger(db, kioskId, now, kioskSigningKey(db, kioskId, now, signingKeyFile(dataDir)));
    for (const draft of drafts) ledger.append(draft);
  } finally {
    db.close();
  }
}
