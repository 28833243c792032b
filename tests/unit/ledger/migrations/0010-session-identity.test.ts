/**
 * 0010: facts filed under a session index move to the session's stable id and its window as
 * recorded that day, taken from the visit's own stored event; site rule versions learn when and
 * by whom they were approved. The events themselves are not touched.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { columnsOf, ledgerBefore, runMigration } from './migrating.js';

const name = '0010-session-identity';

const rules = { sessions: { windows: [{ name: 'Early', opensAt: '07:00', closesAt: '08:00' }, { name: 'Late morning', opensAt: '08:00', closesAt: '12:30' }] } };

function insertEvent(db: Database, seq: number, type: string, payload: object, fields: { visitId?: string; actor?: string; at: string }): void {
  db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id, actor_staff_id,
    occurred_at, prev_hash, hash) VALUES ('k1', ?, ?, ?, 1, ?, ?, 'su-1', ?, ?, ?, ?)`)
    .run(seq, `event-${seq}`, type, JSON.stringify({ type, ...payload }), fields.visitId ?? null, fields.actor ?? null, fields.at,
      '0'.repeat(64), String(seq).padStart(64, '0'));
}

describe(`ledger migration ${name}`, () => {
  it('files visits, doses, offline claims and incidents under the session id and window their visit was started with', async () => {
    const db = await ledgerBefore(name);
    const started = { visitId: 'v1', session: { index: 1, name: 'Late morning' }, rules };
    insertEvent(db, 1, 'visitStarted', started, { visitId: 'v1', at: '2026-11-23T09:00:00.000Z' });
    db.prepare(`INSERT INTO visit_facts (visit_id, service_user_id, clinic_day, session_index, session_name, started_at, drug, form, prescriber_id)
      VALUES ('v1', 'su-1', '2026-11-23', 1, 'Late morning', '2026-11-23T09:00:00.000Z', 'diamorphine', 'injection', 'dr')`).run();
    db.prepare(`INSERT INTO doses (visit_id, service_user_id, clinic_day, session_index, administered_at, administered_mg, route, site)
      VALUES ('v1', 'su-1', '2026-11-23', 1, '2026-11-23T09:30:00.000Z', 150, 'IV', 'left arm')`).run();
    db.prepare(`INSERT INTO offline_dose_claims (event_id, kiosk_id, visit_id, service_user_id, clinic_day, session_index, actor_staff_id, administered_at)
      VALUES ('e1', 'k1', 'v1', 'su-1', '2026-11-23', 1, 'n1', '2026-11-23T09:30:00.000Z')`).run();
    db.prepare(`INSERT INTO incidents (event_id, kind, service_user_id, clinic_day, session_index, raised_at, raised_by_kiosk, detail)
      VALUES ('i1', 'doubleDose', 'su-1', '2026-11-23', 1, '2026-11-23T10:00:00.000Z', 'k1', '{"visitId":"v1"}'),
             ('i2', 'doubleDose', 'su-1', '2026-11-23', 0, '2026-11-23T10:00:00.000Z', 'k1', '{"visitId":"elsewhere"}')`).run();
    await runMigration(db, name);
    expect(db.prepare('SELECT session_id, session_name, session_opens_at, session_closes_at FROM visit_facts').get())
      .toEqual({ session_id: 'late-morning', session_name: 'Late morning', session_opens_at: '08:00', session_closes_at: '12:30' });
    expect(db.prepare('SELECT session_id FROM doses').pluck().get()).toBe('late-morning');
    expect(db.prepare('SELECT session_id FROM offline_dose_claims').pluck().get()).toBe('late-morning');
    // An incident whose visit this kiosk never saw keeps the place it had, named as such.
    expect(db.prepare('SELECT session_id FROM incidents ORDER BY event_id').pluck().all()).toEqual(['late-morning', 'index-0']);
    for (const table of ['visit_facts', 'doses', 'offline_dose_claims', 'incidents']) expect(columnsOf(db, table)).not.toContain('session_index');
    // The stored event is as it was.
    expect(JSON.parse(db.prepare("SELECT payload FROM events WHERE seq = 1").pluck().get() as string)).toMatchObject({ session: { index: 1 } });
  });

  it('records when and by whom each approved version was approved, and leaves unapproved ones unapproved', async () => {
    const db = await ledgerBefore(name);
    db.prepare(`INSERT INTO site_rules (version, rules, adopted_at, adopted_by) VALUES (1, '{}', '2026-11-01T09:00:00.000Z', 'lead-1'),
      (2, '{}', '2026-11-02T09:00:00.000Z', 'lead-1')`).run();
    insertEvent(db, 1, 'siteRulesApproved', { version: 1, approvedBy: 'Sam Lee' }, { actor: 'lead-2', at: '2026-11-01T10:00:00.000Z' });
    await runMigration(db, name);
    expect(db.prepare('SELECT version, approved_at, approved_by_staff_id FROM site_rules ORDER BY version').all()).toEqual([
      { version: 1, approved_at: '2026-11-01T10:00:00.000Z', approved_by_staff_id: 'lead-2' },
      { version: 2, approved_at: null, approved_by_staff_id: null },
    ]);
  });
});
