/**
 * What the torture suite reads from a kiosk's ledger file after each kill or fault, as an auditor
 * with the file and its key would: SQLite's own integrity check, every kiosk's hash chain and
 * signatures by the ledger's verifier, and counts of what was written (each tagged stock check by
 * its note, each visit's events by type), to hold against what the screens were told was recorded.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { verifyChain, type ChainCheck } from '../../main/ledger/verify-chain.js';
import { openKioskFile } from '../support/kiosk-data.js';

export interface LedgerAudit {
  integrity: string;
  chains: Array<{ kioskId: string; check: ChainCheck }>;
  events: number;
  /** Stock checks written by the suite (notes beginning "torture "), by their note: each is sent with a note of its own. */
  tagged: Map<string, number>;
  /** Events per visit and type, keyed `visitId|type`. */
  visitEvents: Map<string, number>;
}

export const tagPrefix = 'torture step ';

export function auditLedger(dataDir: string): LedgerAudit {
  if (!existsSync(join(dataDir, ledgerFileName))) throw new Error(`No ledger in ${dataDir}.`);
  const db = openKioskFile(dataDir);
  try {
    const integrity = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').all().map((row) => row.integrity_check).join('; ');
    const kiosks = db.prepare<[], { kiosk_id: string }>('SELECT DISTINCT kiosk_id FROM events').all();
    const chains = kiosks.map(({ kiosk_id }) => ({ kioskId: kiosk_id, check: verifyChain(db, kiosk_id) }));
    const events = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0;
    const tagged = new Map<string, number>();
    for (const row of db.prepare<[], { note: string; n: number }>(
      "SELECT json_extract(payload, '$.note') AS note, count(*) AS n FROM events WHERE type = 'stockChecked' AND json_extract(payload, '$.note') LIKE 'torture %' GROUP BY 1",
    ).all()) tagged.set(row.note, row.n);
    const visitEvents = new Map<string, number>();
    for (const row of db.prepare<[], { visit_id: string; type: string; n: number }>(
      'SELECT visit_id, type, count(*) AS n FROM events WHERE visit_id IS NOT NULL GROUP BY visit_id, type',
    ).all()) visitEvents.set(`${row.visit_id}|${row.type}`, row.n);
    return { integrity, chains, events, tagged, visitEvents };
  } finally {
    db.close();
  }
}

export function chainProblems(audit: LedgerAudit): string[] {
  return audit.chains.flatMap(({ kioskId, check }) => (check.intact ? [] : [`kiosk ${kioskId}'s chain breaks at event ${check.seq}: ${check.problem}`]));
}
