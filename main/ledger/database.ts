/**
 * Opens the kiosk's SQLite file with the durability a controlled-drug register needs.
 *
 * better-sqlite3 is compiled so WAL mode defaults to synchronous=NORMAL, where the last commits
 * can roll back after a power cut (better-sqlite3 docs/performance.md; SQLite pragma docs). An
 * acknowledged dose must survive a power cut, so the ledger runs with synchronous=FULL.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ledgerMigrations } from './migrations/index.js';
import { migrate } from './migrator.js';

/** `nativeBinding` names a better-sqlite3 build for another runtime (Electron's), when not Node's. */
export async function openLedgerDatabase(file: string, now: () => Date, nativeBinding?: string): Promise<Database> {
  const db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    await migrate(db, ledgerMigrations, now);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
