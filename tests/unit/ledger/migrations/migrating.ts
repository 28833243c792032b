/**
 * A ledger database taken up to just before one migration, so its test can write the rows that
 * migration meets in a kiosk's file, run it through the real migrator, and look at the result.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { expect } from 'vitest';
import { ledgerMigrations } from '../../../../main/ledger/migrations/index.js';
import { migrate } from '../../../../main/ledger/migrator.js';

const now = () => new Date('2026-11-23T09:00:00.000Z');

function indexOf(name: string): number {
  const index = ledgerMigrations.findIndex((migration) => migration.name === name);
  if (index === -1) throw new Error(`No ledger migration is named ${name}.`);
  return index;
}

/** An in-memory ledger with every migration before `name` applied. */
export async function ledgerBefore(name: string): Promise<Database> {
  const db = new BetterSqlite3(':memory:');
  await migrate(db, ledgerMigrations.slice(0, indexOf(name)), now);
  return db;
}

/** Runs `name` on a database migrated to just before it, and checks that it alone ran. */
export async function runMigration(db: Database, name: string): Promise<void> {
  expect(await migrate(db, ledgerMigrations.slice(0, indexOf(name) + 1), now)).toEqual([name]);
}

/** An in-memory ledger with `name` and every migration before it applied, for what it promises of new rows. */
export async function ledgerThrough(name: string): Promise<Database> {
  const db = await ledgerBefore(name);
  await runMigration(db, name);
  return db;
}

export function columnsOf(db: Database, table: string): string[] {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table).map((column) => column.name);
}

export function schemaNames(db: Database, type: 'table' | 'index' | 'trigger'): string[] {
  return db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all(type).map((row) => row.name);
}

/** The columns an index covers, in order. */
export function indexedColumns(db: Database, index: string): string[] {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index).map((column) => column.name);
}

/** What SQLite's planner says it will do for `sql`: the index a lookup relies on should appear here. */
export function queryPlan(db: Database, sql: string, ...parameters: unknown[]): string {
  return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters).map((row) => (row as { detail: string }).detail).join('\n');
}

/** An events row as 0001 laid it out (no signature column yet). */
export function insertBareEvent(db: Database, kioskId: string, seq: number, fields: { type?: string; visitId?: string | null; serviceUserId?: string | null; occurredAt?: string } = {}): void {
  const type = fields.type ?? 'retitrationBlockCleared';
  db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id, occurred_at, prev_hash, hash)
    VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`).run(kioskId, seq, `${kioskId}-event-${seq}`, type, JSON.stringify({ type }),
    fields.visitId ?? null, fields.serviceUserId ?? null, fields.occurredAt ?? '2026-11-20T09:00:00.000Z', '0'.repeat(64), String(seq).padStart(64, '0'));
}
