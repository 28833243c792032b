/**
 * 0017: a prescription's allowed forms, as JSON; null on a prescription issued before they were
 * kept (read from its free-text form instead, when the row is read).
 */
import { describe, expect, it } from 'vitest';
import { columnsOf, ledgerBefore, runMigration } from './migrating.js';

const name = '0018-prescription-allowed-forms';

describe(`ledger migration ${name}`, () => {
  it('keeps a prescription from before with its free-text form and no allowed forms, and takes only JSON', async () => {
    const db = await ledgerBefore(name);
    db.prepare(`INSERT INTO prescriptions (prescription_id, service_user_id, drug, form, strength_mg_per_ml, dose_per_session_mg,
      sessions_per_day, routes, starts_on, ends_on, prescriber_id, status, reduced_dose_range, issued_at)
      VALUES ('rx-1', 'su-1', 'diamorphine', 'powder for injection, reconstituted', 100, 150, 2, '["IM"]', '2026-01-01', NULL, 'p', 'active', NULL, '')`).run();
    await runMigration(db, name);
    expect(columnsOf(db, 'prescriptions')).toContain('allowed_forms');
    expect(db.prepare('SELECT form, allowed_forms FROM prescriptions').all()).toEqual([{ form: 'powder for injection, reconstituted', allowed_forms: null }]);
    expect(() => db.prepare("UPDATE prescriptions SET allowed_forms = 'powder' WHERE prescription_id = 'rx-1'").run()).toThrow(/CHECK constraint failed/);
    db.prepare(`UPDATE prescriptions SET allowed_forms = '["solution for injection"]' WHERE prescription_id = 'rx-1'`).run();
  });
});
