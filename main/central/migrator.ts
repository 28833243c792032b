/**
 * Applies the central store's numbered migrations with umzug, the same tool (and the same rules)
 * as the kiosk's SQLite ledger: one way to migrate in this project.
 *
 * Each migration and the record that it ran are written in one PostgreSQL transaction (DDL and
 * CREATE ROLE are transactional there), so a failed migration leaves the database as it was.
 * The applied migrations must be a prefix of the known ones: a database migrated by a newer or a
 * different build is refused. A session advisory lock keeps two setups from migrating at once.
 */
import type pg from 'pg';
import { Umzug, type UmzugStorage } from 'umzug';
import type { CentralMigration } from './migrations/migration.js';

export class CentralMigrationMismatchError extends Error {}

// Any fixed number, shared by every run of the central migrator against one database.
const migrationLock = 7_201_504_417;

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ name: string }>('SELECT name FROM central_migrations.applied ORDER BY name');
  return result.rows.map((row) => row.name);
}

function checkAppliedArePrefix(applied: readonly string[], known: readonly string[]): void {
  const mismatch = applied.findIndex((name, index) => known[index] !== name);
  if (applied.length > known.length || mismatch !== -1) {
    throw new CentralMigrationMismatchError(
      `This central database was migrated by a different version of the kiosk software ` +
      `(it has migrations ${applied.join(', ')}; this version knows ${known.join(', ')}). ` +
      `Run setup from the version that migrated it.`,
    );
  }
}

function postgresStorage(client: pg.Client): UmzugStorage {
  return {
    async executed() {
      return appliedMigrations(client);
    },
    async logMigration({ name }) {
      if (!(await appliedMigrations(client)).includes(name)) throw new Error(`Migration ${name} ran without recording itself.`);
    },
    async unlogMigration() {
      throw new Error('The central store is never migrated down: write a new migration instead.');
    },
  };
}

async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Runs the migrations not yet applied; returns their names (none on a second run). */
export async function migrateCentral(client: pg.Client, migrations: readonly CentralMigration[]): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS central_migrations;
      CREATE TABLE IF NOT EXISTS central_migrations.applied (
        name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    checkAppliedArePrefix(await appliedMigrations(client), migrations.map((m) => m.name));
    const umzug = new Umzug({
      migrations: migrations.map((migration) => ({
        name: migration.name,
        up: () => inTransaction(client, async () => {
          await client.query(migration.sql);
          // A migration may have SET LOCAL ROLE central_owner; the record is the migrator's.
          await client.query('RESET ROLE');
          await client.query('INSERT INTO central_migrations.applied (name) VALUES ($1)', [migration.name]);
        }),
      })),
      storage: postgresStorage(client),
      logger: undefined,
    });
    const ran = await umzug.up();
    return ran.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]);
  }
}
