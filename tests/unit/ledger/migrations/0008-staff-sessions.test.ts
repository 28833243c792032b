/** 0008: wrong PINs and lockouts per staff member, and the audit view's newest-first index. */
import { describe, expect, it } from 'vitest';
import { indexedColumns, insertBareEvent, ledgerBefore, ledgerThrough, queryPlan, runMigration } from './migrating.js';

const name = '0008-staff-sessions';
const auditPage = 'SELECT kiosk_id, seq FROM events ORDER BY occurred_at DESC, kiosk_id DESC, seq DESC LIMIT 50';

describe(`ledger migration ${name}`, () => {
  it('counts wrong PINs per staff member, never below zero, with the lock\'s time', async () => {
    const db = await ledgerThrough(name);
    db.prepare("INSERT INTO staff_pin_lockouts (staff_id) VALUES ('s1')").run();
    expect(db.prepare('SELECT * FROM staff_pin_lockouts').all()).toEqual([{ staff_id: 's1', wrong_in_a_row: 0, locked_at: null }]);
    expect(() => db.prepare("UPDATE staff_pin_lockouts SET wrong_in_a_row = -1 WHERE staff_id = 's1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO staff_pin_lockouts (staff_id) VALUES ('s1')").run()).toThrow(/UNIQUE/);
  });

  it('reads a page of the audit view newest first without sorting the whole ledger', async () => {
    const db = await ledgerBefore(name);
    for (const seq of [1, 2, 3]) insertBareEvent(db, 'k1', seq, { occurredAt: `2026-11-2${seq}T09:00:00.000Z` });
    expect(queryPlan(db, auditPage)).toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    await runMigration(db, name);
    expect(indexedColumns(db, 'events_by_time')).toEqual(['occurred_at', 'kiosk_id', 'seq']);
    expect(queryPlan(db, auditPage)).not.toMatch(/TEMP B-TREE/);
    expect(db.prepare(auditPage).all().map((row) => (row as { seq: number }).seq)).toEqual([3, 2, 1]);
  });
});
