/** 0002: projections of the reference events (clinic, staff, service users, prescriptions, site rules). */
import { describe, expect, it } from 'vitest';
import { columnsOf, indexedColumns, insertBareEvent, ledgerBefore, ledgerThrough, runMigration, schemaNames } from './migrating.js';

const name = '0002-reference-data';

describe(`ledger migration ${name}`, () => {
  it('adds the reference tables beside the events, which it leaves as they were', async () => {
    const db = await ledgerBefore(name);
    insertBareEvent(db, 'k1', 1);
    await runMigration(db, name);
    expect(schemaNames(db, 'table')).toEqual(['clinic', 'events', 'kiosk', 'prescriptions', 'schema_migrations', 'service_users', 'site_rules', 'staff']);
    expect(db.prepare('SELECT kiosk_id, seq FROM events').all()).toEqual([{ kiosk_id: 'k1', seq: 1 }]);
    expect(columnsOf(db, 'service_users')).toEqual(['service_user_id', 'preferred_name', 'legal_name', 'date_of_birth', 'photo', 'alcohol_monitoring', 'handover_note']);
    expect(columnsOf(db, 'staff')).toEqual(['staff_id', 'display_name', 'role']);
    expect(indexedColumns(db, 'prescriptions_by_person')).toEqual(['service_user_id', 'status']);
  });

  it('keeps a prescription\'s routes and a site rules version as JSON, and one row per id', async () => {
    const db = await ledgerThrough(name);
    const prescribe = db.prepare(`INSERT INTO prescriptions (prescription_id, service_user_id, drug, form, strength_mg_per_ml, dose_per_session_mg,
      sessions_per_day, routes, starts_on, ends_on, prescriber_id, status) VALUES (?, 'su', 'diamorphine', 'injection', 100, 150, 2, ?, '2026-11-20', NULL, 'dr', 'active')`);
    prescribe.run('rx1', '["IV","IM"]');
    expect(() => prescribe.run('rx2', 'IV, IM')).toThrow(/CHECK/);
    expect(() => prescribe.run('rx1', '["IV"]')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO site_rules (version, rules) VALUES (1, 'rules')").run()).toThrow(/CHECK/);
    db.prepare('INSERT INTO site_rules (version, rules) VALUES (1, ?)').run('{"sessions":[]}');
    expect(db.prepare('SELECT version FROM site_rules').all()).toEqual([{ version: 1 }]);
  });
});
