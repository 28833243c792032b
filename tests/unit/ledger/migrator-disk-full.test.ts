/**
 * A disk that fills during a migration leaves the ledger exactly as the previous migration left
 * it, and the next start, with space, completes. SQLite's max_page_count stands in for the full
 * disk: the file may not grow past the pages it has, and SQLite answers SQLITE_FULL ("database or
 * disk is full") as it does for ENOSPC. Each migration in turn meets the full disk.
 */
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { explainStartFailure } from '../../../main/config/disk-problem-words.js';
import { ledgerMigrations } from '../../../main/ledger/migrations/index.js';
import { migrate } from '../../../main/ledger/migrator.js';
import { freshDir } from '../../support/temp-dir.js';

const now = () => new Date('2026-11-23T09:00:00.000Z');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** Everything the schema is made of, and which migrations the file says it has. */
function schemaOf(db: Database): { schema: unknown[]; applied: string[] } {
  return {
    schema: db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all(),
    applied: db.prepare<[], { name: string }>('SELECT name FROM schema_migrations ORDER BY name').all().map((row) => row.name),
  };
}

function open(file: string): Database {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  return db;
}

/** Migrates `file` through `upTo` with the disk "full" `extraPages` past its current size; the error, or null when it fitted. */
async function migrateOnFullDisk(file: string, upTo: number, extraPages: number): Promise<unknown> {
  const db = open(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + extraPages}`);
    await migrate(db, ledgerMigrations.slice(0, upTo + 1), now);
    return null;
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
}

describe('a migration on a disk that fills', () => {
  it.each(ledgerMigrations.map((migration, index) => [migration.name, index] as const))(
    '%s: the file keeps the previous schema, and the next start with space completes',
    async (name, index) => {
      const dir = freshDir();
      cleanups.push(dir.remove);
      const file = join(dir.path, 'kiosk.db');
      const before = open(file);
      await migrate(before, ledgerMigrations.slice(0, index), now);
      const previous = schemaOf(before);
      before.close();

      // The disk is given one more page at a time until the migration fits: every failed try must change nothing.
      let refusals = 0;
      for (let extraPages = 0; ; extraPages += 1) {
        const error = await migrateOnFullDisk(file, index, extraPages);
        if (error === null) break;
        refusals += 1;
        expect((error as Error).message).toMatch(/full/);
        expect(String(explainStartFailure(error, dir.path))).toContain(`The disk holding ${dir.path} is full: free space on it, then start the kiosk again. Nothing was recorded from this start.`);
        const after = open(file);
        expect(schemaOf(after)).toEqual(previous);
        after.close();
        if (extraPages > 200) throw new Error(`${name} did not fit in 200 more pages.`);
      }
      // Creating anything takes a page: every migration that creates a table or index meets the full
      // disk at least once. A column added to a table only rewrites its line in the schema, which may fit.
      if (/\bCREATE\b/.test(ledgerMigrations[index]?.sql ?? '')) expect(refusals).toBeGreaterThan(0);

      // The next start, with space, runs this migration and every later one.
      const fresh = new BetterSqlite3(':memory:');
      await migrate(fresh, ledgerMigrations, now);
      const completed = open(file);
      await migrate(completed, ledgerMigrations, now);
      expect(schemaOf(completed)).toEqual(schemaOf(fresh));
      completed.close();
    },
  );
});
