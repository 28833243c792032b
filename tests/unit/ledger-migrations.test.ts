/**
 * The ledger's migration runner: order, the prefix check, and all-or-nothing. What each migration
 * promises is tested in its own file, tests/unit/ledger/migrations/.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { MigrationMismatchError, checkAppliedArePrefix, migrate } from '../../main/ledger/migrator.js';

const now = () => new Date('2026-11-23T09:00:00Z');

function tables(db: BetterSqlite3.Database): string[] {
  return db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);
}

describe('ledger migrations', () => {
  it('apply in order on a fresh database and record each one', async () => {
    const db = new BetterSqlite3(':memory:');
    expect(await migrate(db, ledgerMigrations, now)).toEqual(['0001-events', '0002-reference-data', '0003-visits', '0004-events-by-person', '0005-treatment-room', '0006-event-signatures', '0007-sync', '0008-staff-sessions', '0009-person-lookups', '0010-session-identity', '0011-intention-requests', '0012-signing-key-outside-ledger', '0013-ledger-purpose', '0014-register-products', '0015-register-destruction', '0016-register-clinic-order', '0017-drawn-up-in-other-rooms', '0018-prescription-allowed-forms', '0019-handover-notes']);
    expect(tables(db)).toEqual(expect.arrayContaining([
      'events', 'kiosk', 'clinic', 'staff', 'service_users', 'prescriptions', 'site_rules', 'visits',
      'block_clearances', 'visit_facts', 'doses', 'register_lines', 'stock_checks', 'staff_pin_lockouts', 'handover_notes',
    ]));
    expect(await migrate(db, ledgerMigrations, now)).toEqual([]);
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
