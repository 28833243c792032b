import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { defaultKioskConfig, type KioskConfig } from '../../main/config/kiosk-config.js';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import type { EventRow } from '../../main/ledger/ledger.js';

/** Writes a kiosk.json into a fresh data folder: the embedded defaults, with a chosen breath reading. */
export function writeKioskConfig(dataDir: string, changes: Partial<KioskConfig> = {}): void {
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ ...defaultKioskConfig, ...changes }, null, 2));
}

export interface LedgerRow {
  kiosk_id: string; seq: number; type: string; visit_id: string | null; actor_staff_id: string | null;
  witness_staff_id: string | null; payload: string;
}

/** Reads the kiosk's SQLite file directly, as an auditor with the file would. */
export function readLedger(dataDir: string): LedgerRow[] {
  const db = new BetterSqlite3(join(dataDir, ledgerFileName), { readonly: true });
  try {
    return db.prepare<[], LedgerRow>('SELECT * FROM events ORDER BY kiosk_id, seq').all();
  } finally {
    db.close();
  }
}

/** One kiosk's own events, every column, as sync would send them. */
export function readOwnEventRows(dataDir: string): EventRow[] {
  const db = new BetterSqlite3(join(dataDir, ledgerFileName), { readonly: true });
  try {
    const own = db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk').get()?.kiosk_id;
    return db.prepare<[string], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq').all(own ?? '');
  } finally {
    db.close();
  }
}

/** How far the kiosk believes central has acknowledged its events. */
export function readPushedThrough(dataDir: string): number {
  const db = new BetterSqlite3(join(dataDir, ledgerFileName), { readonly: true });
  try {
    return db.prepare<[], { seq: number }>('SELECT pushed_through_seq AS seq FROM sync_state').get()?.seq ?? 0;
  } finally {
    db.close();
  }
}
