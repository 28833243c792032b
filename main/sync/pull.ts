/**
 * Pull: the clinic's events from other kiosks past this kiosk's cursor on `central_seq`, which
 * central hands out one transaction at a time so a cursor never skips an event committed late.
 * Rows are validated, checked and applied by the importer; the clinic's kiosk list (with their
 * public keys) is refreshed first, so a new kiosk's first events can be checked.
 */
import type pg from 'pg';
import { CentralEventRow, CentralKioskRow, centralEventColumns } from './central-rows.js';
import type { EventImporter } from './import-events.js';
import type { SyncStore } from './sync-store.js';

export const pullBatchSize = 1000;

export async function refreshKiosks(client: pg.ClientBase, store: SyncStore): Promise<void> {
  const result = await client.query('SELECT kiosk_id, name, origin, public_key_pem FROM central.kiosks');
  store.rememberKiosks(result.rows.map((row) => CentralKioskRow.parse(row)));
}

/** Pulls until nothing is left past the cursor; returns how many events were new here. */
export async function pullNew(client: pg.ClientBase, store: SyncStore, importer: EventImporter, batchSize = pullBatchSize): Promise<number> {
  let applied = 0;
  for (;;) {
    const cursor = store.state().pulledThroughCentralSeq;
    const result = await client.query(
      `SELECT ${centralEventColumns} FROM central.events WHERE central_seq > $1 AND kiosk_id <> $2 ORDER BY central_seq LIMIT $3`,
      [cursor, store.kioskId, batchSize]);
    if (result.rows.length === 0) return applied;
    const rows = result.rows.map((row) => {
      const parsed = CentralEventRow.safeParse(row);
      if (!parsed.success) throw new Error(`A row from the central store is not a ledger event (after ${cursor}): ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    });
    if (rows.some((row) => needsKioskRefresh(store, row.kiosk_id))) await refreshKiosks(client, store);
    applied += importer.apply(rows);
  }
}

function needsKioskRefresh(store: SyncStore, kioskId: string): boolean {
  const kiosk = store.knownKiosk(kioskId);
  return kiosk === null || (kiosk.origin === 'kiosk' && kiosk.publicKeyPem === null);
}
