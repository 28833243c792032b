import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { defaultKioskConfig, type KioskConfig } from '../../main/config/kiosk-config.js';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';

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
