/**
 * Tamper evidence: an edit made behind the kiosk's back (with the append-only triggers dropped,
 * as someone with the file and the sqlite3 tool could) is found, and the first broken event named.
 * Signatures have their own tests (ledger-signature.test.ts).
 */
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { kioskIdOf } from '../../main/ledger/kiosk-identity.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { Ledger, eventFromRow, type EventRow } from '../../main/ledger/ledger.js';
import { verifyChain, verifyChainRows } from '../../main/ledger/verify-chain.js';
import { freshDir } from '../support/temp-dir.js';
import { siteRulesAsFirstStored } from '../support/visit-fixtures.js';
import { testSigningKey } from '../support/signing-keys.js';

const now = () => new Date('2026-11-23T09:00:00Z');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

async function ledgerOfFive(): Promise<{ db: Database; kioskId: string }> {
  const dir = freshDir();
  const db = await openLedgerDatabase(join(dir.path, 'kiosk.db'), now);
  cleanups.push(dir.remove, () => db.close());
  const kioskId = kioskIdOf(db, now);
  new Ledger(db, kioskId, now, testSigningKey(db, kioskId)).appendAll([1, 2, 3, 4, 5].map((n) => ({
    event: {
      type: 'staffEnrolled' as const, staffId: `s${n}`, displayName: `Staff ${n}`, role: 'nurse' as const, badgeNumber: `N${1000 + n}`,
      pinHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA', active: true,
    },
  })));
  db.exec('DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted;');
  return { db, kioskId };
}

describe('the hash chain', () => {
  it('verifies an untouched ledger', async () => {
    const { db, kioskId } = await ledgerOfFive();
    expect(verifyChain(db, kioskId)).toEqual({ intact: true, events: 5 });
  });

  it('names an event whose contents were edited', async () => {
    const { db, kioskId } = await ledgerOfFive();
    db.prepare(`UPDATE events SET payload = json_set(payload, '$.displayName', 'Someone else') WHERE seq = 3`).run();
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 3, problem: 'its contents do not match its hash' });
  });

  it('names the gap where an event was deleted', async () => {
    const { db, kioskId } = await ledgerOfFive();
    db.prepare('DELETE FROM events WHERE seq = 2').run();
    expect(verifyChain(db, kioskId)).toMatchObject({ intact: false, seq: 2 });
  });

  it('catches an edited event whose own hash was recomputed to match: its signature no longer matches', async () => {
    const { db, kioskId } = await ledgerOfFive();
    const row = db.prepare<[], EventRow>('SELECT * FROM events WHERE seq = 4').get();
    if (!row) throw new Error('no event 4');
    const { hash: _, ...original } = eventFromRow(row);
    const forged = { ...original, payload: { ...original.payload, displayName: 'Someone else' } };
    db.prepare('UPDATE events SET payload = ?, hash = ? WHERE seq = 4').run(JSON.stringify(forged.payload), hashEvent(forged));
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 4, problem: "its signature does not match its hash: it was not signed with this kiosk's key" });
  });

  it('names the event that no longer links when an event was reordered', async () => {
    const { db, kioskId } = await ledgerOfFive();
    db.exec('UPDATE events SET seq = 100 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 100;');
    expect(verifyChain(db, kioskId)).toEqual({ intact: false, seq: 2, problem: 'it does not link to the event before it' });
  });
});

describe('the hash covers the payload as stored', () => {
  /** A kiosk's chain of events as an older version wrote them: payloads of an older shape, hashed as written. */
  function olderChain(payloads: readonly object[]): EventRow[] {
    let prevHash = '0'.repeat(64);
    return payloads.map((payload, index) => {
      const unhashed = {
        kioskId: 'older-kiosk', seq: index + 1, eventId: `0b7e5f4e-8d4e-4a8c-9a57-6a9f3a1e2b1${index}`, type: (payload as { type: string }).type,
        payloadVersion: 1, payload, visitId: null, serviceUserId: null, actorStaffId: null, witnessStaffId: null,
        occurredAt: '2026-11-01T09:00:00.000Z', prevHash,
      };
      const hash = hashEvent(unhashed);
      prevHash = hash;
      return {
        kiosk_id: unhashed.kioskId, seq: unhashed.seq, event_id: unhashed.eventId, type: unhashed.type, payload_version: 1,
        payload: JSON.stringify(payload), visit_id: null, service_user_id: null, actor_staff_id: null, witness_staff_id: null,
        occurred_at: unhashed.occurredAt, prev_hash: unhashed.prevHash, hash, signature: null,
      };
    });
  }

  // Site rules as stored before windows had ids and before the grace time and red flags existed.
  const olderRules = siteRulesAsFirstStored();

  it('verifies events of an older shape that the schema now reads upcast', () => {
    const rows = olderChain([{ type: 'siteRulesAdopted', rules: olderRules }]);
    expect(eventFromRow(rows[0]!).payload).toMatchObject({ rules: { sessions: { graceMinutesAfterClose: 30 } } });
    expect(verifyChainRows(rows, null, false)).toMatchObject({ intact: true, events: 1 });
  });

  it('names a field added to a stored payload, though the schema would drop it when reading', () => {
    const rows = olderChain([{ type: 'siteRulesAdopted', rules: olderRules }]);
    const edited = { ...rows[0]!, payload: JSON.stringify({ ...JSON.parse(rows[0]!.payload), addedLater: true }) };
    expect(verifyChainRows([edited], null, false)).toMatchObject({ intact: false, seq: 1, problem: 'its contents do not match its hash' });
  });
});
