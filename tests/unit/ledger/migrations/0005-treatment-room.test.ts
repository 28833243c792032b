/** 0005: staff credentials, prescription changes, site rule versions, visit facts, doses, the register and stock checks. */
import { describe, expect, it } from 'vitest';
import { columnsOf, indexedColumns, ledgerBefore, ledgerThrough, runMigration, schemaNames } from './migrating.js';

const name = '0005-treatment-room';

describe(`ledger migration ${name}`, () => {
  it('keeps staff, prescriptions and site rules recorded before it, with no PIN a badge could match', async () => {
    const db = await ledgerBefore(name);
    db.prepare("INSERT INTO staff (staff_id, display_name, role) VALUES ('s1', 'Aisha Khan', 'nurse')").run();
    db.prepare(`INSERT INTO prescriptions (prescription_id, service_user_id, drug, form, strength_mg_per_ml, dose_per_session_mg,
      sessions_per_day, routes, starts_on, ends_on, prescriber_id, status)
      VALUES ('rx', 'su', 'diamorphine', 'injection', 100, 150, 2, '["IV"]', '2026-11-20', NULL, 'dr', 'active')`).run();
    db.prepare("INSERT INTO site_rules (version, rules) VALUES (1, '{}')").run();
    await runMigration(db, name);
    expect(db.prepare('SELECT staff_id, display_name, badge_number, pin_hash, active FROM staff').all())
      .toEqual([{ staff_id: 's1', display_name: 'Aisha Khan', badge_number: '', pin_hash: '', active: 1 }]);
    expect(db.prepare('SELECT dose_per_session_mg, reduced_dose_range, issued_at, changed_at, status FROM prescriptions').all())
      .toEqual([{ dose_per_session_mg: 150, reduced_dose_range: null, issued_at: '', changed_at: null, status: 'active' }]);
    expect(db.prepare('SELECT version, adopted_at, adopted_by FROM site_rules').all()).toEqual([{ version: 1, adopted_at: '', adopted_by: null }]);
  });

  it('adds the treatment room\'s tables and the lookups they are read by', async () => {
    const db = await ledgerThrough(name);
    expect(schemaNames(db, 'table')).toEqual(expect.arrayContaining(['block_clearances', 'visit_facts', 'doses', 'register_lines', 'stock_checks']));
    expect(indexedColumns(db, 'staff_by_badge')).toEqual(['badge_number']);
    expect(indexedColumns(db, 'block_clearances_by_person')).toEqual(['service_user_id', 'cleared_at']);
    expect(indexedColumns(db, 'visit_facts_by_person')).toEqual(['service_user_id', 'clinic_day']);
    expect(indexedColumns(db, 'doses_by_person_and_day')).toEqual(['service_user_id', 'clinic_day']);
    expect(indexedColumns(db, 'register_by_drug')).toEqual(['drug', 'at']);
    expect(columnsOf(db, 'register_lines')).toEqual(expect.arrayContaining(['drawn_mg', 'in_mg', 'out_mg', 'recorded_by', 'witnessed_by', 'balance_mg']));
  });

  it('takes only the register\'s four kinds of line, one per event, and a reduced range only as JSON', async () => {
    const db = await ledgerThrough(name);
    const line = db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, at, kind, in_mg, out_mg, balance_mg)
      VALUES ('k1', ?, ?, 'diamorphine', '2026-11-23T09:00:00.000Z', ?, 0, 0, 0)`);
    for (const [seq, kind] of ['receipt', 'administration', 'waste', 'stock check'].entries()) line.run(seq + 1, `e${seq}`, kind);
    expect(() => line.run(9, 'e9', 'correction')).toThrow(/CHECK/);
    expect(() => line.run(1, 'e10', 'receipt')).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO prescriptions (prescription_id, service_user_id, drug, form, dose_per_session_mg, sessions_per_day,
      routes, starts_on, prescriber_id, status, reduced_dose_range) VALUES ('rx', 'su', 'd', 'f', 1, 1, '[]', '', 'dr', 'active', '50 to 100')`).run())
      .toThrow(/CHECK/);
  });
});
