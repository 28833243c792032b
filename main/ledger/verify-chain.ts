/**
 * Checks one kiosk's hash chain: consecutive sequence numbers from 1, each event's hash over its
 * canonical bytes, each link to the one before. Names the first event that breaks, because an
 * auditor needs to know where the record stops being trustworthy, not only that it does.
 */
import type { Database } from 'better-sqlite3';
import { genesisHash } from '../../shared/ledger/ledger-event.js';
import { hashEvent } from './event-hash.js';
import { eventFromRow, type EventRow } from './ledger.js';

export type ChainCheck = { intact: true; events: number } | { intact: false; seq: number; problem: string };

export function verifyChain(db: Database, kioskId: string): ChainCheck {
  const rows = db.prepare<[string], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq').iterate(kioskId);
  let expectedSeq = 1;
  let prevHash = genesisHash;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { intact: false, seq: expectedSeq, problem: `event ${expectedSeq} is missing (next found is ${row.seq})` };
    let event;
    try {
      event = eventFromRow(row);
    } catch {
      return { intact: false, seq: row.seq, problem: 'its payload no longer matches the event schema' };
    }
    const { hash, ...unhashed } = event;
    if (event.prevHash !== prevHash) return { intact: false, seq: row.seq, problem: 'it does not link to the event before it' };
    if (hashEvent(unhashed) !== hash) return { intact: false, seq: row.seq, problem: 'its contents do not match its hash' };
    prevHash = hash;
    expectedSeq += 1;
  }
  return { intact: true, events: expectedSeq - 1 };
}
