/** 0009: the room board's "last dosed" and "last visit started" per person, each answered by an index. */
import { describe, expect, it } from 'vitest';
import { indexedColumns, ledgerBefore, queryPlan, runMigration } from './migrating.js';

const name = '0009-person-lookups';
const lastDosed = 'SELECT max(administered_at) FROM doses WHERE service_user_id = ?';
const lastStarted = 'SELECT max(started_at) FROM visit_facts WHERE service_user_id = ?';

describe(`ledger migration ${name}`, () => {
  it('indexes doses and visits by person and time, keeping the rows already there', async () => {
    const db = await ledgerBefore(name);
    db.prepare(`INSERT INTO doses (visit_id, service_user_id, clinic_day, session_index, administered_at, administered_mg, route, site)
      VALUES ('v1', 'su-1', '2026-11-23', 0, '2026-11-23T09:30:00.000Z', 150, 'IV', 'left arm')`).run();
    db.prepare(`INSERT INTO visit_facts (visit_id, service_user_id, clinic_day, session_index, session_name, started_at, drug, form, prescriber_id)
      VALUES ('v1', 'su-1', '2026-11-23', 0, 'Morning', '2026-11-23T09:00:00.000Z', 'diamorphine', 'injection', 'dr')`).run();
    await runMigration(db, name);
    expect(indexedColumns(db, 'doses_by_person_and_time')).toEqual(['service_user_id', 'administered_at']);
    expect(indexedColumns(db, 'visit_facts_by_person_and_start')).toEqual(['service_user_id', 'started_at']);
    expect(queryPlan(db, lastDosed, 'su-1')).toMatch(/COVERING INDEX doses_by_person_and_time/);
    expect(queryPlan(db, lastStarted, 'su-1')).toMatch(/COVERING INDEX visit_facts_by_person_and_start/);
    expect(db.prepare(lastDosed).pluck().get('su-1')).toBe('2026-11-23T09:30:00.000Z');
    expect(db.prepare(lastStarted).pluck().get('su-1')).toBe('2026-11-23T09:00:00.000Z');
  });
});
