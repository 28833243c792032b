import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { kioskIdOf } from '../../main/ledger/kiosk-identity.js';
import { Ledger, eventFromRow } from '../../main/ledger/ledger.js';
import { genesisHash } from '../../shared/ledger/ledger-event.js';
import { freshDir } from '../support/temp-dir.js';
import { join } from 'node:path';
import { testSigningKey } from '../support/signing-keys.js';

function ledgerOf(db: Database): Ledger {
  const kioskId = kioskIdOf(db, now);
  return new Ledger(db, kioskId, now, testSigningKey(db, kioskId, now));
}

const now = () => new Date('2026-11-23T09:00:00Z');

async function openLedger() {
  const dir = freshDir();
  const db = await openLedgerDatabase(join(dir.path, 'kiosk.db'), now);
  const ledger = ledgerOf(db);
  return { db, ledger, close: () => { db.close(); dir.remove(); } };
}

// The ledger holds only the PIN's argon2id hash; its schema checks the prefix, not the hash itself.
const pinHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
const staffEvent = (n: number) => ({
  type: 'staffEnrolled' as const, staffId: `s${n}`, displayName: `Staff ${n}`, role: 'nurse' as const, badgeNumber: `N${1000 + n}`,
  pinHash, active: true,
});
const staff = (n: number) => ({ event: staffEvent(n) });

describe('the ledger', () => {
  it('runs with WAL and synchronous=FULL so an acknowledged dose survives a power cut', async () => {
    const { db, close } = await openLedger();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    close();
  });

  it('numbers events consecutively per kiosk and chains their hashes', async () => {
    const { db, ledger, close } = await openLedger();
    ledger.appendAll([staff(1), staff(2), staff(3)]);
    const events = db.prepare('SELECT * FROM events ORDER BY seq').all().map((row) => eventFromRow(row as Parameters<typeof eventFromRow>[0]));
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(events[0]?.prevHash).toBe(genesisHash);
    for (const [index, event] of events.entries()) {
      const { hash, ...unhashed } = event;
      expect(hashEvent(unhashed)).toBe(hash);
      if (index > 0) expect(event.prevHash).toBe(events[index - 1]?.hash);
    }
    close();
  });

  it('refuses to change or delete an event', async () => {
    const { db, ledger, close } = await openLedger();
    ledger.append(staff(1));
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    close();
  });

  it('writes nothing when anything in the step fails: event, projection and snapshot roll back together', async () => {
    const { db, ledger, close } = await openLedger();
    expect(() => ledger.append(staff(1), () => { throw new Error('snapshot write failed'); })).toThrow('snapshot write failed');
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 0 });
    expect(() => ledger.appendAll([staff(1), { event: { ...staffEvent(9), staffId: '' } }])).toThrow();
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    ledger.append(staff(2));
    expect(db.prepare('SELECT seq FROM events').all()).toEqual([{ seq: 1 }]);
    close();
  });

  it('rejects a payload that fails its schema, before anything is written', async () => {
    const { db, ledger, close } = await openLedger();
    const bad = { event: { type: 'serviceUserEnrolled', serviceUserId: 'x' } } as unknown as Parameters<Ledger['append']>[0];
    expect(() => ledger.append(bad)).toThrow();
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    close();
  });
});
