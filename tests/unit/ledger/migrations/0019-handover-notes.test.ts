/**
 * 0019: handover notes, one row per note with when and by whom; the note kept on the record before
 * stays on the service user's row, untouched.
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, ledgerBefore, queryPlan, runMigration } from './migrating.js';

const name = '0019-handover-notes';

describe(`ledger migration ${name}`, () => {
  it('adds the notes table beside the record\'s own note, and refuses an empty or overlong note', async () => {
    const db = await ledgerBefore(name);
    db.prepare(`INSERT INTO service_users (service_user_id, preferred_name, legal_name, date_of_birth, photo, alcohol_monitoring, handover_note)
      VALUES ('su-1', 'Mags', 'Margaret Doyle', '1980-01-01', 'data:image/png;base64,AA==', 0, 'Prefers the left arm')`).run();
    await runMigration(db, name);
    expect(columnsOf(db, 'handover_notes')).toEqual(['event_id', 'service_user_id', 'note', 'written_at', 'written_by']);
    expect(db.prepare('SELECT handover_note FROM service_users').all()).toEqual([{ handover_note: 'Prefers the left arm' }]);
    const insert = db.prepare('INSERT INTO handover_notes (event_id, service_user_id, note, written_at, written_by) VALUES (?, ?, ?, ?, ?)');
    insert.run('e-1', 'su-1', 'Housing appointment Friday', '2026-12-03T09:00:00.000Z', 'staff-1');
    expect(() => insert.run('e-2', 'su-1', '', '2026-12-03T09:00:00.000Z', 'staff-1')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('e-3', 'su-1', 'x'.repeat(501), '2026-12-03T09:00:00.000Z', 'staff-1')).toThrow(/CHECK constraint failed/);
    expect(queryPlan(db, 'SELECT * FROM handover_notes WHERE service_user_id = ? ORDER BY written_at DESC LIMIT 3', 'su-1'))
      .toContain('handover_notes_by_person');
  });
});
