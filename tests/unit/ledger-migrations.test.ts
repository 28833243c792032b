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
    expect(await migrate(db, ledgerMigrations, now)).toEqual(['0001-events', '0002-reference-data', '0003-visits', '0004-events-by-person']);
    expect(tables(db)).toEqual(expect.arrayContaining(['events', 'kiosk', 'clinic', 'staff', 'service_users', 'prescriptions', 'site_rules', 'visits']));
    expect(await migrate(db, ledgerMigrations, now)).toEqual([]);
  });

  it.each(ledgerMigrations.map((migration, index) => [migration.name, index] as const))('%s applies on top of the ones before it', async (name, index) => {
    const db = new BetterSqlite3(':memory:');
    await migrate(db, ledgerMigrations.slice(0, index), now);
    expect(await migrate(db, ledgerMigrations.slice(0, index + 1), now)).toEqual([name]);
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
