import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hashEvent } from '../../main/ledger/event-hash.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { verifyChain } from '../../main/ledger/verify-chain.js';
import { currentPayloadVersion, genesisHash } from '../../shared/ledger/ledger-event.js';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { MigrationMismatchError, checkAppliedArePrefix, migrate } from '../../main/ledger/migrator.js';

const now = () => new Date('2026-11-23T09:00:00Z');
const pinHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';

function tables(db: BetterSqlite3.Database): string[] {
  return db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
}

describe('ledger migrations', () => {
  it('apply in order on a fresh database and record each one', async () => {
    const db = new BetterSqlite3(':memory:');
    expect(await migrate(db, ledgerMigrations, now)).toEqual(['0001-events', '0002-reference-data', '0003-visits', '0004-events-by-person', '0005-treatment-room', '0006-event-signatures', '0007-sync', '0008-staff-sessions', '0009-person-lookups']);
    expect(tables(db)).toEqual(expect.arrayContaining([
      'events', 'kiosk', 'clinic', 'staff', 'service_users', 'prescriptions', 'site_rules', 'visits',
      'block_clearances', 'visit_facts', 'doses', 'register_lines', 'stock_checks', 'staff_pin_lockouts',
    ]));
    expect(await migrate(db, ledgerMigrations, now)).toEqual([]);
  });

  it.each(ledgerMigrations.map((migration, index) => [migration.name, index] as const))('%s applies on top of the ones before it', async (name, index) => {
    const db = new BetterSqlite3(':memory:');
    await migrate(db, ledgerMigrations.slice(0, index), now);
    expect(await migrate(db, ledgerMigrations.slice(0, index + 1), now)).toEqual([name]);
  });

  it('0005-treatment-room keeps staff and prescriptions recorded before it, with no PIN a badge could match', async () => {
    const db = new BetterSqlite3(':memory:');
    await migrate(db, ledgerMigrations.slice(0, 4), now);
    db.prepare(`INSERT INTO staff (staff_id, display_name, role) VALUES ('s1', 'Aisha Khan', 'nurse')`).run();
    db.prepare(`INSERT INTO prescriptions (prescription_id, service_user_id, drug, form, strength_mg_per_ml, dose_per_session_mg,
      sessions_per_day, routes, starts_on, ends_on, prescriber_id, status)
      VALUES ('rx', 'su', 'diamorphine', 'injection', 100, 150, 2, '["IV"]', '2026-11-20', NULL, 'dr', 'active')`).run();
    await migrate(db, ledgerMigrations, now);
    expect(db.prepare('SELECT staff_id, display_name, badge_number, pin_hash, active FROM staff').all())
      .toEqual([{ staff_id: 's1', display_name: 'Aisha Khan', badge_number: '', pin_hash: '', active: 1 }]);
    expect(db.prepare('SELECT dose_per_session_mg, reduced_dose_range, status FROM prescriptions').all())
      .toEqual([{ dose_per_session_mg: 150, reduced_dose_range: null, status: 'active' }]);
  });

  it('0006-event-signatures keeps a kiosk\'s unsigned events; the kiosk signs from its next event, and may not go back', async () => {
    const db = new BetterSqlite3(':memory:');
    await migrate(db, ledgerMigrations.slice(0, 5), now);
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
    await migrate(db, ledgerMigrations, now);
    expect(db.prepare('SELECT signing_public_key, signed_from_seq FROM kiosk').get()).toEqual({ signing_public_key: null, signed_from_seq: null });
    expect(verifyChain(db, 'old-kiosk')).toEqual({ intact: true, events: 2, unsignedEvents: 2 });

    new Ledger(db, 'old-kiosk', now).append({ event: { type: 'staffEnrolled', staffId: 's3', displayName: 'Staff 3', role: 'nurse', badgeNumber: 'N1003', pinHash, active: true } });
    expect(db.prepare('SELECT signed_from_seq FROM kiosk').get()).toEqual({ signed_from_seq: 3 });
    expect(db.prepare('SELECT seq, signature IS NOT NULL AS signed FROM events ORDER BY seq').all())
      .toEqual([{ seq: 1, signed: 0 }, { seq: 2, signed: 0 }, { seq: 3, signed: 1 }]);
    expect(verifyChain(db, 'old-kiosk')).toEqual({ intact: true, events: 3, unsignedEvents: 2 });
    expect(() => db.prepare("UPDATE kiosk SET signing_public_key = 'another'").run()).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM kiosk').run()).toThrow(/never deleted/);
    expect(() => db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash)
      VALUES ('old-kiosk', 4, 'e4', 'staffEnrolled', 1, '{}', '', '', '')`).run()).toThrow(/unsigned event cannot be written/);
  });

  it('refuses a database whose applied migrations are not a prefix of the known ones', async () => {
    const db = new BetterSqlite3(':memory:');
    await migrate(db, ledgerMigrations, now);
    await expect(migrate(db, ledgerMigrations.slice(0, 2), now)).rejects.toThrow(MigrationMismatchError);
    expect(() => checkAppliedArePrefix(['0001-events', '0002-other'], ['0001-events', '0002-reference-data'])).toThrow(/different version/);
    expect(() => checkAppliedArePrefix(['0001-events'], ['0001-events', '0002-reference-data'])).not.toThrow();
  });

  it('leaves nothing behind when a migration fails halfway', async () => {
    const db = new BetterSqlite3(':memory:');
    const broken = { name: '9999-broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT no_such_function();' };
    await expect(migrate(db, [...ledgerMigrations, broken], now)).rejects.toThrow();
    expect(tables(db)).not.toContain('half_done');
    expect(db.prepare('SELECT name FROM schema_migrations').all()).toHaveLength(ledgerMigrations.length);
  });
});
