/**
 * What a kiosk believes of events pulled from central: the checks made before any is applied,
 * and the one shortcut (signatures checked on each kiosk's last event of a batch) with its limit.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { newSigningKeyPair, privateKeyFromPem, signEventHash } from '../../main/ledger/event-signature.js';
import { kioskIdOf, storedKioskKey } from '../../main/ledger/kiosk-identity.js';
import { Ledger, eventFromRow, type EventRow } from '../../main/ledger/ledger.js';
import { verifyChain } from '../../main/ledger/verify-chain.js';
import type { CentralEventRow } from '../../main/sync/central-rows.js';
import { EventImporter, UntrustedEventError } from '../../main/sync/import-events.js';
import { SyncStore } from '../../main/sync/sync-store.js';
import { freshDir } from '../support/temp-dir.js';
import { testSigningKey } from '../support/signing-keys.js';

const now = () => new Date('2026-11-23T09:00:00.000Z');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

async function kioskDb(): Promise<Database> {
  const dir = freshDir();
  const db = await openLedgerDatabase(join(dir.path, 'kiosk.db'), now);
  cleanups.push(() => { db.close(); dir.remove(); });
  return db;
}

const receipt = (n: number) => ({
  event: { type: 'stockReceived' as const, drug: 'diamorphine', quantityMg: 100 + n, supplier: 'Pharmacy', reference: `R${n}`, receivedBy: 'n1', witnessedBy: 'n2' },
});

/** Room 1 writes `count` events; returns them as central would hand them out, and room 2 ready to pull them. */
async function roomsWith(count: number) {
  const roomOne = await kioskDb();
  const roomOneId = kioskIdOf(roomOne, now);
  new Ledger(roomOne, roomOneId, now, testSigningKey(roomOne, roomOneId)).appendAll(Array.from({ length: count }, (_, n) => receipt(n)));
  const rows = roomOne.prepare<[], EventRow>('SELECT * FROM events ORDER BY seq').all()
    .map((row, index): CentralEventRow => ({ ...row, signature: row.signature ?? null, central_seq: 10 + index }));
  const roomTwo = await kioskDb();
  const store = new SyncStore(roomTwo, kioskIdOf(roomTwo, now));
  store.rememberKiosks([{ kiosk_id: roomOneId, name: 'Injection room 1', origin: 'kiosk', public_key_pem: storedKioskKey(roomOne)?.publicKeyPem ?? null }]);
  const held = () => roomTwo.prepare('SELECT count(*) AS n FROM events WHERE kiosk_id = ?').get(roomOneId) as { n: number };
  return { rows, roomOneId, roomTwo, store, importer: new EventImporter(roomTwo, store), held: () => held().n };
}

function resigned(row: CentralEventRow, change: (payload: Record<string, unknown>) => void): CentralEventRow {
  const { hash: _, ...event } = eventFromRow(row);
  change(event.payload);
  const hash = hashEvent(event);
  return { ...row, payload: JSON.stringify(event.payload), hash, signature: signEventHash(hash, privateKeyFromPem(newSigningKeyPair().privateKeyPem)) };
}

describe('events pulled from central', () => {
  it('are applied with their projections, and the pull cursor moves past them', async () => {
    const { rows, importer, held, store, roomTwo } = await roomsWith(5);
    expect(importer.apply(rows)).toBe(5);
    expect(held()).toBe(5);
    expect(store.state().pulledThroughCentralSeq).toBe(14);
    expect(roomTwo.prepare("SELECT sum(in_mg) AS mg FROM register_lines WHERE drug = 'diamorphine'").get()).toEqual({ mg: 510 });
    expect(importer.apply(rows)).toBe(0); // the same again: nothing new, nothing doubled
  });

  it('refuses a whole batch at an event whose contents were changed, naming it', async () => {
    const { rows, importer, held } = await roomsWith(5);
    const altered = [...rows];
    altered[2] = { ...rows[2]!, payload: rows[2]!.payload.replace('"R2"', '"R9"') };
    expect(() => importer.apply(altered)).toThrow(/Event 3 of kiosk .* its contents do not match its hash/);
    expect(held()).toBe(0);
  });

  it('refuses an event re-hashed by someone without the kiosk\'s key (the next no longer links to it)', async () => {
    const { rows, importer, held } = await roomsWith(5);
    const forged = [...rows];
    forged[2] = resigned(rows[2]!, (payload) => { payload.quantityMg = 9_999; });
    expect(() => importer.apply(forged)).toThrow(/Event 4 of kiosk .* does not link/);
    expect(() => importer.apply(forged.slice(0, 3))).toThrow(/Event 3 of kiosk .* its signature is not kiosk "Injection room 1"'s/);
    expect(held()).toBe(0);
  });

  it('refuses an event that arrives before the one it follows, and one from a kiosk the clinic does not list', async () => {
    const { rows, importer, store } = await roomsWith(3);
    expect(() => importer.apply([rows[1]!])).toThrow(/event 1 of that kiosk has not arrived before it/);
    const stranger = await roomsWith(1);
    expect(() => importer.apply(stranger.rows)).toThrow(UntrustedEventError);
    expect(store.state().pulledThroughCentralSeq).toBe(0);
  });

  it('trusts a good head for the events under it; a damaged signature beneath it is left to ledger:verify, which names it', async () => {
    const { rows, importer, held, roomTwo, roomOneId } = await roomsWith(4);
    const damaged = [...rows];
    damaged[1] = { ...rows[1]!, signature: rows[3]!.signature };
    expect(importer.apply(damaged)).toBe(4);
    expect(held()).toBe(4);
    expect(verifyChain(roomTwo, roomOneId)).toMatchObject({ intact: false, seq: 2 });
  });
});
