/**
 * A ledger is a demo ledger or a clinic's, decided once when it is made (migration 0013 has why).
 * An empty ledger with no purpose yet takes, and records, the purpose the kiosk is started for.
 * One that already holds events without a record (written before the record existed, by a seed
 * or a tool that opened the file itself) is read by what it holds, as the migration reads them:
 * its events can never change, so neither can that reading, and the file is left as it is.
 */
import type { Database } from 'better-sqlite3';

export type LedgerPurpose = 'demo' | 'clinic';

export function recordedLedgerPurpose(db: Database): LedgerPurpose | null {
  return db.prepare<[], { purpose: LedgerPurpose }>('SELECT purpose FROM ledger_purpose').get()?.purpose ?? null;
}

function purposeByContent(db: Database): LedgerPurpose | null {
  if (!db.prepare('SELECT 1 FROM events LIMIT 1').get()) return null;
  return db.prepare("SELECT 1 FROM clinic WHERE clinic_id = 'demo-clinic'").get() ? 'demo' : 'clinic';
}

/** The ledger's purpose; an empty ledger without one is given `startedFor`, recorded. */
export function settleLedgerPurpose(db: Database, startedFor: LedgerPurpose, now: () => Date): LedgerPurpose {
  return db.transaction(() => {
    const known = recordedLedgerPurpose(db) ?? purposeByContent(db);
    if (known) return known;
    db.prepare('INSERT INTO ledger_purpose (singleton, purpose, decided_at) VALUES (1, ?, ?)').run(startedFor, now().toISOString());
    return startedFor;
  }).immediate();
}

/** The purpose of a ledger opened read-only (kiosk:setup checking a folder): recorded, else read from what it holds; null when it holds nothing yet. */
export function ledgerPurposeForReading(db: Database): LedgerPurpose | null {
  const hasRecord = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_purpose'").get() !== undefined;
  return (hasRecord ? recordedLedgerPurpose(db) : null) ?? purposeByContent(db);
}
