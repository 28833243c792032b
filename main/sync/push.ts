/**
 * Push: this kiosk's events that central does not have, in batches. Each batch is one central
 * transaction: read the kiosk's high-water mark, insert past it with ON CONFLICT DO NOTHING, move
 * the mark. Only after COMMIT is the batch acknowledged here. At-least-once sending, exactly-once
 * effect: a batch sent twice, a connection cut mid-batch, or a kiosk killed between central's
 * commit and its own acknowledgement neither loses nor doubles an event, because each push starts
 * from central's mark, not from this kiosk's memory of it.
 */
import type pg from 'pg';
import type { EventRow } from '../ledger/ledger.js';
import { CentralMarkRow } from './central-rows.js';
import type { SyncStore } from './sync-store.js';

export const pushBatchSize = 500;

/** Central's mark for this kiosk: the last of its events central holds. */
export async function centralMark(client: pg.ClientBase, kioskId: string): Promise<number> {
  const result = await client.query<Record<string, unknown>>('SELECT high_water_seq FROM central.kiosk_marks WHERE kiosk_id = $1', [kioskId]);
  const row = result.rows[0];
  if (!row) throw new Error(`The central store has no record of this kiosk (${kioskId}): check "central" in kiosk.json.`);
  return CentralMarkRow.parse(row).high_water_seq;
}

/** The stored row with its payload as JSON, for jsonb_to_recordset (which reads the columns it names and ignores the rest). */
function asCentralRecord(row: EventRow) {
  return { ...row, payload: JSON.parse(row.payload) as unknown, signature: row.signature ?? null };
}

/**
 * Each column of a stored event with its PostgreSQL type, typed by the ledger's own row: a column
 * the ledger adds does not compile until it is pushed too, so kiosks' ledgers cannot drift from
 * central's without a word.
 */
const centralColumnTypes: Record<keyof Required<EventRow>, string> = {
  kiosk_id: 'text', seq: 'bigint', event_id: 'text', type: 'text', payload_version: 'integer', payload: 'jsonb', visit_id: 'text',
  service_user_id: 'text', actor_staff_id: 'text', witness_staff_id: 'text', occurred_at: 'timestamptz', prev_hash: 'text',
  hash: 'text', signature: 'text',
};
const pushedColumns = Object.keys(centralColumnTypes) as Array<keyof typeof centralColumnTypes>;
const insertCentralEventsSql = `INSERT INTO central.events (${pushedColumns.join(', ')})
  SELECT ${pushedColumns.map((column) => `r.${column}`).join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS r(${pushedColumns.map((column) => `${column} ${centralColumnTypes[column]}`).join(', ')})
  ORDER BY r.seq
  ON CONFLICT (kiosk_id, seq) DO NOTHING`;

/**
 * Inserts these events (one kiosk's, in order) and moves its mark to the last, in one transaction.
 * One parameter however long the batch: jsonb_to_recordset turns it into rows on the server.
 * Exported for the fault tests, which send duplicated and reordered batches through it.
 */
export async function sendBatch(client: pg.ClientBase, kioskId: string, rows: readonly EventRow[]): Promise<void> {
  const last = rows.at(-1);
  if (!last) return;
  await client.query('BEGIN');
  try {
    await client.query(insertCentralEventsSql, [JSON.stringify(rows.map(asCentralRecord))]);
    await client.query(`INSERT INTO central.kiosk_marks (kiosk_id, high_water_seq) VALUES ($1, $2)
      ON CONFLICT (kiosk_id) DO UPDATE SET high_water_seq = greatest(central.kiosk_marks.high_water_seq, excluded.high_water_seq)`,
    [kioskId, last.seq]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Pushes until central holds every event this kiosk has; returns how many were sent. */
export async function pushPending(client: pg.ClientBase, store: SyncStore, batchSize = pushBatchSize): Promise<number> {
  let sent = 0;
  for (;;) {
    const mark = await centralMark(client, store.kioskId);
    if (mark > store.lastOwnSeq()) {
      // Kept in the file, so the kiosk stays stopped across a restart while central is out of reach.
      store.markLedgerBehindCentral(mark);
      throw new Error(`The central store holds ${mark} events from this kiosk but its ledger has only ${store.lastOwnSeq()}: ` +
        'the ledger was restored from an older copy. Nothing more will be sent; call support.');
    }
    store.acknowledgePushed(mark);
    const rows = store.ownEventsAfter(mark, batchSize);
    if (rows.length === 0) return sent;
    await sendBatch(client, store.kioskId, rows);
    store.acknowledgePushed(rows.at(-1)?.seq ?? mark);
    sent += rows.length;
  }
}
