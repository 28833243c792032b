/**
 * Signatures: a forger with the file and the sqlite3 tool, but not the kiosk's key, can edit,
 * delete or reorder events and re-hash the whole chain so every link holds again; the first event
 * they touched is still named, because its signature no longer matches. A forger who also has the
 * key (kept outside the file, so they need the whole data folder) can re-sign everything: checking against a copy of the public key kept
 * outside the file catches that.
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { publicKeyFromPem, signEventHash, signatureMatches, privateKeyFromPem } from '../../main/ledger/event-signature.js';
import { kioskIdOf } from '../../main/ledger/kiosk-identity.js';
import { Ledger, eventFromRow, type EventRow } from '../../main/ledger/ledger.js';
import { verifyChain } from '../../main/ledger/verify-chain.js';
import { genesisHash } from '../../shared/ledger/ledger-event.js';
import { freshDir } from '../support/temp-dir.js';
import { keptInMemory, testSigningKey } from '../support/signing-keys.js';

const now = () => new Date('2026-11-23T09:00:00Z');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

const pinHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
const staff = (n: number) => ({
  event: { type: 'staffEnrolled' as const, staffId: `s${n}`, displayName: `Staff ${n}`, role: 'nurse' as const, badgeNumber: `N${1000 + n}`, pinHash, active: true },
});
const badSignature = "its signature does not match its hash: it was not signed with this kiosk's key";

interface Kiosk { db: Database; kioskId: string; ledger: Ledger }

async function kioskWithFive(): Promise<Kiosk> {
  const dir = freshDir();
  const db = await openLedgerDatabase(join(dir.path, 'kiosk.db'), now);
  cleanups.push(dir.remove, () => db.close());
  const kioskId = kioskIdOf(db, now);
  const ledger = new Ledger(db, kioskId, now, testSigningKey(db, kioskId));
  ledger.appendAll([1, 2, 3, 4, 5].map(staff));
  return { db, kioskId, ledger };
}

/** As a forger with the sqlite3 tool would: the append-only triggers dropped. */
function dropTriggers(db: Database): void {
  db.exec(`DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted;
    DROP TRIGGER kiosk_key_is_never_replaced; DROP TRIGGER signing_kiosk_events_are_signed;`);
}

function rows(db: Database): EventRow[] {
  return db.prepare<[], EventRow>('SELECT * FROM events ORDER BY seq').all();
}

/** Recomputes every link and hash so the chain is whole again; signs too, when handed a key. */
function rehashChain(db: Database, signWith?: string): void {
  let prevHash = genesisHash;
  for (const row of rows(db)) {
    const { hash: _, ...event } = eventFromRow(row);
    const hash = hashEvent({ ...event, prevHash });
    const signature = signWith ? signEventHash(hash, privateKeyFromPem(signWith)) : row.signature;
    db.prepare('UPDATE events SET prev_hash = ?, hash = ?, signature = ? WHERE seq = ?').run(prevHash, hash, signature, row.seq);
    prevHash = hash;
  }
}

function publicKeyOf(db: Database): string {
  return db.prepare<[], { signing_public_key: string }>('SELECT signing_public_key FROM kiosk').get()!.signing_public_key;
}

/** The kiosk's private key is not in its file: a forger needs it from where it is kept. */
function privateKeyOf(kiosk: Kiosk): string {
  return keptInMemory(kiosk.kioskId).read()!;
}

describe('a kiosk signing its events', () => {
  it('is given an Ed25519 key with its id, and signs every event it writes from the first', async () => {
    const { db, kioskId } = await kioskWithFive();
    expect(db.prepare('SELECT kiosk_id, signed_from_seq FROM kiosk').get()).toEqual({ kiosk_id: kioskId, signed_from_seq: 1 });
    const publicKey = publicKeyFromPem(publicKeyOf(db));
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    expect(rows(db).every((row) => row.signature && signatureMatches(row.hash, row.signature, publicKey))).toBe(true);
    expect(verifyChain(db, kioskId)).toEqual({ intact: true, events: 5 });
    expect(verifyChain(db, kioskId, { publicKey })).toEqual({ intact: true, events: 5 });
  });

  it('keeps the same key across ledgers opened on the same file', async () => {
    const { db, kioskId } = await kioskWithFive();
    const before = publicKeyOf(db);
    new Ledger(db, kioskId, now, testSigningKey(db, kioskId)).append(staff(6));
    expect(publicKeyOf(db)).toBe(before);
    expect(verifyChain(db, kioskId)).toEqual({ intact: true, events: 6 });
  });

  it('refuses to write as another kiosk than the one its file belongs to', async () => {
    const { db } = await kioskWithFive();
    expect(() => testSigningKey(db, 'some-other-kiosk')).toThrow(/belongs to kiosk .*cannot record events as kiosk some-other-kiosk/);
  });
});

describe('a forger without the key', () => {
  it('edits one byte of a payload and re-hashes the chain: the edited event is named', async () => {
    const { db, kioskId } = await kioskWithFive();
    dropTriggers(db);
    db.prepare("UPDATE events SET payload = replace(payload, 'Staff 3', 'Staff 8') WHERE seq = 3").run();
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 3, problem: 'its contents do not match its hash' });
    rehashChain(db);
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 3, problem: badSignature });
  });

  it('deletes an event, closes the gap and re-hashes: the first renumbered event is named', async () => {
    const { db, kioskId } = await kioskWithFive();
    dropTriggers(db);
    db.prepare('DELETE FROM events WHERE seq = 2').run();
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 2, problem: 'event 2 is missing (next found is 3)' });
    for (const seq of [3, 4, 5]) db.prepare('UPDATE events SET seq = ? WHERE seq = ?').run(seq - 1, seq);
    rehashChain(db);
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 2, problem: badSignature });
  });

  it('swaps two events and re-hashes: the first of them is named', async () => {
    const { db, kioskId } = await kioskWithFive();
    dropTriggers(db);
    db.exec('UPDATE events SET seq = 100 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = 100;');
    rehashChain(db);
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 3, problem: badSignature });
  });

  it('strips the signatures to pass the chain off as older than signing: the first stripped event is named', async () => {
    const { db, kioskId } = await kioskWithFive();
    dropTriggers(db);
    db.prepare('UPDATE events SET signature = NULL WHERE seq >= 4').run();
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 4, problem: 'it has no signature, though the events before it are signed' });
    db.prepare('UPDATE events SET signature = NULL').run();
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 1, problem: 'it has no signature, though this kiosk signs every event from event 1' });
  });

  it('writes a signature of the wrong shape: it is named, not a crash', async () => {
    const { db, kioskId } = await kioskWithFive();
    dropTriggers(db);
    db.prepare("UPDATE events SET signature = 'not a signature' WHERE seq = 5").run();
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 5, problem: badSignature });
  });
});

describe('another kiosk\'s key', () => {
  it('swapped in for this kiosk\'s public key in the file: the first event is named', async () => {
    const { db, kioskId } = await kioskWithFive();
    const other = await kioskWithFive();
    dropTriggers(db);
    db.prepare('UPDATE kiosk SET signing_public_key = ?').run(publicKeyOf(other.db));
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 1, problem: badSignature });
  });

  it('used to re-sign the whole edited chain: the file agrees with itself, a copy of the real public key does not', async () => {
    const { db, kioskId } = await kioskWithFive();
    const realPublicKey = publicKeyFromPem(publicKeyOf(db));
    const other = await kioskWithFive();
    dropTriggers(db);
    db.prepare("UPDATE events SET payload = replace(payload, 'Staff 2', 'Staff 9') WHERE seq = 2").run();
    db.prepare('UPDATE kiosk SET signing_public_key = ?').run(publicKeyOf(other.db));
    rehashChain(db, privateKeyOf(other));
    // What a forger holding the whole file and a key can do: why the public key is kept centrally too.
    expect(verifyChain(db, kioskId)).toEqual({ intact: true, events: 5 });
    expect(verifyChain(db, kioskId, { publicKey: realPublicKey }))
      .toEqual({ intact: false, seq: 1, problem: 'it was signed with a different key from the one given for this kiosk' });
  });

  it('given to check a chain the kiosk really signed: the first event is named', async () => {
    const { db, kioskId } = await kioskWithFive();
    const other = await kioskWithFive();
    expect(verifyChain(db, kioskId, { publicKey: publicKeyFromPem(publicKeyOf(other.db)) }))
      .toEqual({ intact: false, seq: 1, problem: 'it was signed with a different key from the one given for this kiosk' });
  });
});

describe('a chain from another kiosk in the same file', () => {
  it('is checked by hash alone when its key is not known, and fully with its key', async () => {
    const { db } = await kioskWithFive();
    const other = await kioskWithFive();
    const insert = db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id,
      actor_staff_id, witness_staff_id, occurred_at, prev_hash, hash, signature) VALUES (@kiosk_id, @seq, @event_id, @type,
      @payload_version, @payload, @visit_id, @service_user_id, @actor_staff_id, @witness_staff_id, @occurred_at, @prev_hash, @hash, @signature)`);
    for (const row of rows(other.db)) insert.run(row);
    expect(verifyChain(db, other.kioskId)).toEqual({ intact: true, events: 5, signaturesUnchecked: true });
    expect(verifyChain(db, other.kioskId, { publicKey: publicKeyFromPem(publicKeyOf(other.db)) })).toEqual({ intact: true, events: 5 });
  });
});
