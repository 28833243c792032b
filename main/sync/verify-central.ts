/**
 * `ledger:verify --central <url>`: every kiosk's chain as the central store holds it, checked as a
 * kiosk's own file is (sequence, hash, link, and each signature against the key the kiosk
 * registered), plus what only central can show: events cut off the end of a kiosk's chain (its
 * high-water mark names an event central no longer holds in order) and dose claims whose dose
 * never arrived. Reads only; any role that may read the clinic's rows will do (a kiosk's sees its
 * own clinic, an administrator's every clinic).
 */
import pg from 'pg';
import type { EventRow } from '../ledger/ledger.js';
import { publicKeyFromPem } from '../ledger/event-signature.js';
import { verifyChainRows, type ChainCheck } from '../ledger/verify-chain.js';
import { centralCommandConfig } from './central-connection.js';
import { CentralEventRow, CentralKioskRow, centralEventColumns } from './central-rows.js';

export interface CentralKioskCheck {
  kioskId: string; name: string; origin: 'kiosk' | 'central'; clinicId: string; check: ChainCheck; markProblem: string | null;
}

const pageSize = 5_000;

async function* eventsOf(client: pg.ClientBase, kioskId: string): AsyncGenerator<EventRow> {
  let after = 0;
  for (;;) {
    const result = await client.query(
      `SELECT ${centralEventColumns} FROM central.events WHERE kiosk_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [kioskId, after, pageSize]);
    for (const raw of result.rows) {
      const row = CentralEventRow.parse(raw);
      after = row.seq;
      yield { ...row, signature: row.signature };
    }
    if (result.rows.length < pageSize) return;
  }
}

async function collect(rows: AsyncGenerator<EventRow>): Promise<EventRow[]> {
  const all: EventRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

export async function verifyCentral(url: string): Promise<{ kiosks: CentralKioskCheck[]; orphanClaims: string[] }> {
  const client = new pg.Client(centralCommandConfig(url, 'ledger:verify --central'));
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const kiosks = await client.query('SELECT kiosk_id, name, origin, public_key_pem, clinic_id FROM central.kiosks ORDER BY clinic_id, origin, name');
    const checks: CentralKioskCheck[] = [];
    for (const raw of kiosks.rows as Array<Record<string, unknown>>) {
      const kiosk = CentralKioskRow.parse(raw);
      const rows = await collect(eventsOf(client, kiosk.kiosk_id));
      const key = kiosk.public_key_pem === null ? null : publicKeyFromPem(kiosk.public_key_pem);
      const check = verifyChainRows(rows, key, kiosk.origin === 'kiosk');
      const mark = await client.query<{ high_water_seq: string }>('SELECT high_water_seq FROM central.kiosk_marks WHERE kiosk_id = $1', [kiosk.kiosk_id]);
      const markSeq = Number(mark.rows[0]?.high_water_seq ?? 0);
      const markProblem = markSeq > rows.length ? `its high-water mark is event ${markSeq}, but central holds only ${rows.length} of its events in order` : null;
      checks.push({ kioskId: kiosk.kiosk_id, name: kiosk.name, origin: kiosk.origin, clinicId: String(raw.clinic_id), check, markProblem });
    }
    const orphans = await client.query<{ event_id: string }>(
      `SELECT c.event_id FROM central.dose_claims c WHERE NOT EXISTS (SELECT 1 FROM central.events e WHERE e.event_id = c.event_id) ORDER BY c.claimed_at`);
    await client.query('COMMIT');
    return { kiosks: checks, orphanClaims: orphans.rows.map((row) => row.event_id) };
  } finally {
    await client.end();
  }
}
