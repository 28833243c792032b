/**
 * The kiosk's id and its Ed25519 signing key, made together once when its database is created:
 * the id numbers its events, the key signs them (event-signature.ts has the threat model).
 *
 * The key pair is kept in the `kiosk` table rather than a file beside it: it is made in the same
 * transaction as the id, so there is never an id without its key; it goes wherever the ledger
 * goes (a restored backup keeps signing with the key its earlier events were signed with); and a
 * separate file in the same data folder would be no harder for someone holding the folder to take.
 * The database refuses to replace or delete it (migration 0006).
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { newSigningKeyPair, privateKeyFromPem } from './event-signature.js';

interface KioskRow { kiosk_id: string; signing_private_key: string | null }

/**
 * The id this ledger writes as. A new ledger takes `registeredId` when the kiosk was registered
 * with a central store first (its kiosk.json names the id), or makes one; an existing ledger keeps
 * its own, and a different registered id is refused: one ledger is one kiosk, always.
 */
export function kioskIdOf(db: Database, now: () => Date, registeredId?: string): string {
  const existing = db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk').get();
  if (existing) {
    if (registeredId !== undefined && registeredId !== existing.kiosk_id) {
      throw new KioskIdentityError(`This kiosk's ledger belongs to kiosk ${existing.kiosk_id}, but kiosk.json registers it with the central store as ${registeredId}. ` +
        `Register this kiosk with "npm run central -- add-kiosk --kiosk-id ${existing.kiosk_id} ..." and use the settings it prints.`);
    }
    return existing.kiosk_id;
  }
  const kioskId = registeredId ?? randomUUID();
  createKiosk(db, kioskId, now, 1);
  return kioskId;
}

export class KioskIdentityError extends Error {}

function createKiosk(db: Database, kioskId: string, now: () => Date, signedFromSeq: number): string {
  const keys = newSigningKeyPair();
  db.prepare(`INSERT INTO kiosk (singleton, kiosk_id, created_at, signing_public_key, signing_private_key, signed_from_seq)
    VALUES (1, ?, ?, ?, ?, ?)`).run(kioskId, now().toISOString(), keys.publicKeyPem, keys.privateKeyPem, signedFromSeq);
  return keys.privateKeyPem;
}

function nextSeq(db: Database, kioskId: string): number {
  return (db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM events WHERE kiosk_id = ?').get(kioskId)?.seq ?? 0) + 1;
}

/**
 * The private key this kiosk signs its events with. A kiosk whose database is older than signing
 * gets its key now, and signs from its next event on; a database with no kiosk yet becomes this
 * kiosk's. A ledger never writes as another kiosk than the one its file belongs to.
 */
export function kioskSigningKey(db: Database, kioskId: string, now: () => Date): KeyObject {
  const pem = db.transaction(() => {
    const row = db.prepare<[], KioskRow>('SELECT kiosk_id, signing_private_key FROM kiosk').get();
    if (!row) return createKiosk(db, kioskId, now, nextSeq(db, kioskId));
    if (row.kiosk_id !== kioskId) {
      throw new Error(`This ledger belongs to kiosk ${row.kiosk_id}; it cannot record events as kiosk ${kioskId}. Ask support to check the data folder.`);
    }
    if (row.signing_private_key !== null) return row.signing_private_key;
    const keys = newSigningKeyPair();
    db.prepare('UPDATE kiosk SET signing_public_key = ?, signing_private_key = ?, signed_from_seq = ?')
      .run(keys.publicKeyPem, keys.privateKeyPem, nextSeq(db, kioskId));
    return keys.privateKeyPem;
  }).immediate();
  return privateKeyFromPem(pem);
}

export interface KioskPublicKey {
  kioskId: string;
  /** SPKI PEM as stored; null for a kiosk that has not signed yet (a database from before signing, opened read-only). */
  publicKeyPem: string | null;
  /** The first of its events that must be signed; null while it has no key. */
  signedFromSeq: number | null;
}

function columnsOf(db: Database, table: string): string[] {
  return db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((column) => column.name);
}

/** The kiosk this file belongs to and its public key, as the file records them. Reads only, and works on files from before signing. */
export function storedKioskKey(db: Database): KioskPublicKey | null {
  if (!columnsOf(db, 'kiosk').includes('signing_public_key')) {
    const row = db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk').get();
    return row ? { kioskId: row.kiosk_id, publicKeyPem: null, signedFromSeq: null } : null;
  }
  const row = db.prepare<[], { kiosk_id: string; signing_public_key: string | null; signed_from_seq: number | null }>(
    'SELECT kiosk_id, signing_public_key, signed_from_seq FROM kiosk').get();
  if (!row) return null;
  return { kioskId: row.kiosk_id, publicKeyPem: row.signing_public_key, signedFromSeq: row.signed_from_seq };
}

/** Whether the file's events table has a signature column (it was written by a kiosk that signs). */
export function eventsCarrySignatures(db: Database): boolean {
  return columnsOf(db, 'events').includes('signature');
}
