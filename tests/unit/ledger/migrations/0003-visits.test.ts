/** 0003: each visit's machine snapshot, and one open visit per person. */
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { columnsOf, ledgerBefore, ledgerThrough, runMigration } from './migrating.js';

const name = '0003-visits';

function openVisit(db: Database, visitId: string, serviceUserId: string, isOpen: number): void {
  db.prepare(`INSERT INTO visits (visit_id, service_user_id, state, is_open, machine_version, snapshot, last_seq, started_at, updated_at)
    VALUES (?, ?, 'checkedIn', ?, 1, '{}', 1, '2026-11-23T09:00:00.000Z', '2026-11-23T09:00:00.000Z')`).run(visitId, serviceUserId, isOpen);
}

describe(`ledger migration ${name}`, () => {
  it('makes the visits table with its snapshot and machine version', async () => {
    const db = await ledgerBefore(name);
    db.prepare("INSERT INTO staff (staff_id, display_name, role) VALUES ('s1', 'Aisha Khan', 'nurse')").run();
    await runMigration(db, name);
    expect(columnsOf(db, 'visits')).toEqual(['visit_id', 'service_user_id', 'state', 'is_open', 'machine_version', 'snapshot', 'last_seq', 'started_at', 'updated_at']);
    expect(db.prepare('SELECT staff_id FROM staff').all()).toEqual([{ staff_id: 's1' }]);
  });

  it('refuses a second open visit for one person, but not a closed one or another person\'s', async () => {
    const db = await ledgerThrough(name);
    openVisit(db, 'v1', 'su-1', 1);
    expect(() => openVisit(db, 'v2', 'su-1', 1)).toThrow(/UNIQUE/);
    openVisit(db, 'v3', 'su-1', 0);
    openVisit(db, 'v4', 'su-2', 1);
    expect(() => openVisit(db, 'v5', 'su-3', 2)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE visits SET snapshot = 'half' WHERE visit_id = 'v1'").run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT visit_id FROM visits ORDER BY visit_id').all()).toEqual([{ visit_id: 'v1' }, { visit_id: 'v3' }, { visit_id: 'v4' }]);
  });
});
