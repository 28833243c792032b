/** 0004: check-in asks the ledger when a person was last dosed; an index answers it. */
import { describe, expect, it } from 'vitest';
import { indexedColumns, insertBareEvent, ledgerBefore, queryPlan, runMigration } from './migrating.js';

const name = '0004-events-by-person';
const lastDose = "SELECT max(occurred_at) FROM events WHERE service_user_id = ? AND type = 'doseAdministered'";

describe(`ledger migration ${name}`, () => {
  it('indexes events by person and type, so the lookup no longer scans the ledger', async () => {
    const db = await ledgerBefore(name);
    insertBareEvent(db, 'k1', 1, { type: 'doseAdministered', serviceUserId: 'su-1' });
    expect(indexedColumns(db, 'events_by_person')).toEqual([]);
    await runMigration(db, name);
    expect(indexedColumns(db, 'events_by_person')).toEqual(['service_user_id', 'type']);
    expect(queryPlan(db, lastDose, 'su-1')).toMatch(/USING (COVERING )?INDEX events_by_person/);
    expect(db.prepare(lastDose).pluck().get('su-1')).toBe('2026-11-20T09:00:00.000Z');
  });
});
