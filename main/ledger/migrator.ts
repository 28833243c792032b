/**
 * Applies the ledger's numbered migrations with umzug.
 *
 * Each migration and the record that it ran are written in one SQLite transaction, so a crash
 * mid-migration leaves the database as it was. Before anything runs, the applied migrations must
 * be a prefix of the known ones (Actual Budget's check): a database written by a newer or a
 * different build is refused rather than "upgraded" into something neither build understands.
 */
import type { Database } from 'better-sqlite3';
import { Umzug, type UmzugStorage } from 'umzug';
import type { Migration } from './migrations/migration.js';

export class MigrationMismatchError extends Error {}

function ensureMigrationTable(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
}

function appliedMigrations(db: Database): string[] {
  return db.prepare<[], { name: string }>('SELECT name FROM schema_migrations ORDER BY name').all().map((row) => row.name);
}

export function checkAppliedArePrefix(applied: readonly string[], known: readonly string[]): void {
  const mismatch = applied.findIndex((name, index) => known[index] !== name);
  if (applied.length > known.length || mismatch !== -1) {
    throw new MigrationMismatchError(
      `This kiosk database was written by a different version of the kiosk software ` +
      `(it has migrations ${applied.join(', ')}; this version knows ${known.join(', ')}). ` +
      `Start the version that wrote it, or ask support to check the database before going on.`,
    );
  }
}

/** Umzug storage that checks the migration recorded itself inside its own transaction. */
function sqliteStorage(db: Database): UmzugStorage {
  return {
    async executed() {
      return appliedMigrations(db);
    },
    async logMigration({ name }) {
      if (!appliedMigrations(db).includes(name)) throw new Error(`Migration ${name} ran without recording itself.`);
    },
    async unlogMigration() {
      throw new Error('The ledger is never migrated down: write a new migration instead.');
    },
  };
}

export async function migrate(db: Database, migrations: readonly Migration[], now: () => Date): Promise<string[]> {
  ensureMigrationTable(db);
  checkAppliedArePrefix(appliedMigrations(db), migrations.map((m) => m.name));
  const umzug = new Umzug({
    migrations: migrations.map((migration) => ({
      name: migration.name,
      up: async () => {
        db.transaction(() => {
          db.exec(migration.sql);
          db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(migration.name, now().toISOString());
        })();
      },
    })),
    storage: sqliteStorage(db),
    logger: undefined,
  });
  const ran = await umzug.up();
  return ran.map((m) => m.name);
}
