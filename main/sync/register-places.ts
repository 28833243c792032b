/**
 * The clinic's register order: for each register entry central holds, the number central gave it
 * when it received it (central numbers a clinic's events one transaction at a time, so every kiosk
 * reads the same order) and when. Asked for after push and pull, so this kiosk's own entries get
 * their place as soon as central has committed them, and other rooms' as soon as they are pulled.
 */
import type pg from 'pg';
import { z } from 'zod';
import { CentralPlaceRow } from './central-rows.js';
import type { SyncStore } from './sync-store.js';

const placesPerQuery = 1000;

/** Fills in the place of every register entry central holds; returns how many were new here. */
export async function recordRegisterPlaces(client: pg.ClientBase, store: SyncStore): Promise<number> {
  let recorded = 0;
  for (;;) {
    const awaiting = store.registerEntriesAwaitingPlace(placesPerQuery);
    if (awaiting.length === 0) return recorded;
    const result = await client.query(`
      SELECT e.kiosk_id, e.seq, e.central_seq, to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS received_at
      FROM central.events e JOIN unnest($1::text[], $2::bigint[]) AS k(kiosk_id, seq) ON e.kiosk_id = k.kiosk_id AND e.seq = k.seq`,
    [awaiting.map((entry) => entry.kioskId), awaiting.map((entry) => entry.seq)]);
    const places = z.array(CentralPlaceRow).parse(result.rows);
    // An entry central does not hold (yet) would be asked for again and again in this loop.
    if (places.length < awaiting.length) {
      const missing = awaiting.find((entry) => !places.some((place) => place.kiosk_id === entry.kioskId && place.seq === entry.seq));
      throw new Error(`The central store does not hold register entry ${missing?.seq ?? '?'} of kiosk ${missing?.kioskId ?? '?'}, which this kiosk has as synced: call support.`);
    }
    store.rememberRegisterPlaces(places.map((place) => ({
      kioskId: place.kiosk_id, seq: place.seq, centralSeq: place.central_seq, receivedAt: place.received_at,
    })));
    recorded += places.length;
  }
}
