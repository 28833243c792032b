/** 0006: each kiosk signs its events; events from before signing keep no signature, and the key is made once. */
import { describe, expect, it } from 'vitest';
import { hashEvent } from '../../../../main/ledger/hash-chain.js';
import { Ledger } from '../../../../main/ledger/ledger.js';
import { verifyChain } from '../../../../main/ledger/verify-chain.js';
import { currentPayloadVersion, genesisHash } from '../../../../shared/ledger/ledger-event.js';
import { columnsOf, ledgerBefore, runMigration } from './migrating.js';
import { testSigningKey } from '../../../support/signing-keys.js';

const name = '0006-event-signatures';
const now = () => new Date('2026-11-23T09:00:00Z');
const pinHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';

/** An old kiosk's file: its id, and two chained events written before kiosks signed. */
async function unsignedKiosk() {
  const db = await ledgerBefore(name);
  db.prepare("INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, 'old-kiosk', '2026-01-01T00:00:00.000Z')").run();
  let prevHash = genesisHash;
  for (const seq of [1, 2]) {
    const unhashed = {
      kioskId: 'old-kiosk', seq, eventId: `00000000-0000-4000-8000-00000000000${seq}`, type: 'staffEnrolled', payloadVersion: currentPayloadVersion,
      payload: { type: 'staffEnrolled' as const, staffId: `s${seq}`, displayName: `Staff ${seq}`, role: 'nurse' as const, badgeNumber: `N100${seq}`, pinHash, active: true },
      visitId: null, serviceUserId: null, actorStaffId: null, witnessStaffId: null, occurredAt: '2026-01-01T00:00:00.000Z', prevHash,
    };
    prevHash = hashEvent(unhashed);
    db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run('old-kiosk', seq, unhashed.eventId, unhashed.type, 1, JSON.stringify(unhashed.payload), unhashed.occurredAt, unhashed.prevHash, prevHash);
  }
  return db;
}

describe(`ledger migration ${name}`, () => {
  it('adds the key pair beside the kiosk id and a signature beside each event, leaving old events unsigned and intact', async () => {
    const db = await unsignedKiosk();
    await runMigration(db, name);
    expect(columnsOf(db, 'kiosk')).toEqual(['singleton', 'kiosk_id', 'created_at', 'signing_public_key', 'signing_private_key', 'signed_from_seq']);
    expect(columnsOf(db, 'events').at(-1)).toBe('signature');
    expect(db.prepare('SELECT signing_public_key, signed_from_seq FROM kiosk').get()).toEqual({ signing_public_key: null, signed_from_seq: null });
    expect(verifyChain(db, 'old-kiosk')).toEqual({ intact: true, events: 2, unsignedEvents: 2 });
  });

  it('has the kiosk sign from its next event, and refuses an unsigned event after that', async () => {
    const db = await unsignedKiosk();
    await runMigration(db, name);
    new Ledger(db, 'old-kiosk', now, testSigningKey(db, 'old-kiosk')).append({ event: { type: 'staffEnrolled', staffId: 's3', displayName: 'Staff 3', role: 'nurse', badgeNumber: 'N1003', pinHash, active: true } });
    expect(db.prepare('SELECT signed_from_seq FROM kiosk').get()).toEqual({ signed_from_seq: 3 });
    expect(db.prepare('SELECT seq, signature IS NOT NULL AS signed FROM events ORDER BY seq').all())
      .toEqual([{ seq: 1, signed: 0 }, { seq: 2, signed: 0 }, { seq: 3, signed: 1 }]);
    expect(verifyChain(db, 'old-kiosk')).toEqual({ intact: true, events: 3, unsignedEvents: 2 });
    expect(() => db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash)
      VALUES ('old-kiosk', 4, 'e4', 'staffEnrolled', 1, '{}', '', '', '')`).run()).toThrow('This kiosk signs every event: an unsigned event cannot be written.');
  });

  it('never replaces or deletes the kiosk\'s identity once it has a key', async () => {
    const db = await unsignedKiosk();
    await runMigration(db, name);
    db.prepare("UPDATE kiosk SET signing_public_key = 'first', signed_from_seq = 3").run();
    expect(() => db.prepare("UPDATE kiosk SET signing_public_key = 'another'").run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM kiosk').run()).toThrow(/never deleted/);
    expect(() => db.prepare('UPDATE kiosk SET signed_from_seq = 0').run()).toThrow(/never changed/);
    expect(db.prepare('SELECT signing_public_key FROM kiosk').pluck().get()).toBe('first');
  });
});
