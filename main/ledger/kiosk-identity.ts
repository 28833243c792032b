/**
 * The kiosk's id and its Ed25519 signing key: the id numbers its events, the key signs them
 * (event-signature.ts has the threat model).
 *
 * The id and the public key live in the `kiosk` table; the private key never does
 * (signing-key-keeper.ts keeps it outside the ledger file). A ledger from before that kept its key
 * in the table: the key moves out at the next start, into the keeper first and only then out of
 * the file, so a crash in between leaves it in one place or both, never in none. The database
 * refuses to write a private key again, or to change the public key once set (migrations 0006, 0012).
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { newSigningKeyPair, privateKeyFromPem } from './event-signature.js';
import type { SigningKeyKeeper } from './signing-key-keeper.js';

interface KioskRow { kiosk_id: string; signing_public_key: string | null; signing_private_key: string | null }

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
  // The row first, its key at once after (kioskSigningKey): a kiosk is never two ids.
  db.prepare('INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, ?, ?)').run(kioskId, now().toISOString());
  return kioskId;
}

export class KioskIdentityError extends Error {}

function nextSeq(db: Database, kioskId: string): number {
  return (db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM events WHERE kiosk_id = ?').get(kioskId)?.seq ?? 0) + 1;
}

export function publicPemOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}

function missingKeyWords(kioskId: string, keeper: SigningKeyKeeper): string {
  return `This kiosk's signing key is missing (it was kept in ${keeper.where}), so it cannot sign new steps as kiosk ${kioskId}. ` +
    'Restore the key from the kiosk\'s backup into the data folder, then start it again; if the key is lost, a clinic lead replaces this kiosk (`npm run central -- replace-kiosk`). ' +
    'Do not delete the data folder.';
}

/** Drops the copy a ledger from before kept in its own file, zeroing the bytes it freed. */
function dropKeyFromLedger(db: Database): void {
  db.pragma('secure_delete = ON');
  db.prepare('UPDATE kiosk SET signing_private_key = NULL').run();
  // The old page may still sit in the write-ahead log until it is checkpointed.
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * The private key this kiosk signs its events with, from its keeper. A ledger with no key yet
 * (new, or from before signing) gets one now and signs from its next event on; a ledger whose key
 * is lost, or whose keeper holds another kiosk's key, is refused in words: it never signs as
 * anyone but the kiosk its file belongs to.
 */
export function kioskSigningKey(db: Database, kioskId: string, now: () => Date, keeper: SigningKeyKeeper): KeyObject {
  const row = db.prepare<[], KioskRow>('SELECT kiosk_id, signing_public_key, signing_private_key FROM kiosk').get();
  if (!row) kioskIdOf(db, now, kioskId);
  else if (row.kiosk_id !== kioskId) {
    throw new KioskIdentityError(`This ledger belongs to kiosk ${row.kiosk_id}; it cannot record events as kiosk ${kioskId}. Ask support to check the data folder.`);
  }
  const kept = keeper.read();
  if (row?.signing_public_key) {
    const pem = kept ?? row.signing_private_key;
    if (pem === null) throw new KioskIdentityError(missingKeyWords(kioskId, keeper));
    if (publicPemOf(pem) !== row.signing_public_key) {
      throw new KioskIdentityError(`The signing key in ${keeper.where} is not this kiosk's (kiosk ${kioskId}): it belongs to another kiosk or another ledger. ` +
        'Restore this kiosk\'s own key from its backup, or call support.');
    }
    if (row.signing_private_key !== null) {
      const keptNow = kept !== null || keeper.keep(row.signing_private_key);
      if (keptNow) dropKeyFromLedger(db);
    }
    return privateKeyFromPem(pem);
  }
  const pem = kept ?? newSigningKeyPair().privateKeyPem;
  // Kept before the ledger names it: a crash in between leaves a key with no use, never a ledger whose key is lost.
  if (kept === null) keeper.keep(pem);
  db.prepare('UPDATE kiosk SET signing_public_key = ?, signed_from_seq = ?').run(publicPemOf(pem), nextSeq(db, kioskId));
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
