/** 0007: a kiosk's side of sync: its marks, the clinic's kiosks and keys, other rooms' visits, offline claims and incidents. */
import { describe, expect, it } from 'vitest';
import { columnsOf, insertBareEvent, ledgerBefore, ledgerThrough, runMigration, schemaNames } from './migrating.js';

const name = '0007-sync';

describe(`ledger migration ${name}`, () => {
  it('starts a ledger that has events with nothing pushed or pulled yet, whatever it holds', async () => {
    const db = await ledgerBefore(name);
    for (const seq of [1, 2, 3]) insertBareEvent(db, 'k1', seq);
    await runMigration(db, name);
    expect(db.prepare('SELECT * FROM sync_state').all()).toEqual([{
      singleton: 1, pushed_through_seq: 0, pulled_through_central_seq: 0, last_success_at: null, last_error: null, last_error_at: null,
    }]);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(3);
    expect(schemaNames(db, 'table')).toEqual(expect.arrayContaining(['sync_state', 'known_kiosks', 'remote_visits', 'offline_dose_claims', 'incidents']));
  });

  it('holds one sync state whose marks never go below zero', async () => {
    const db = await ledgerThrough(name);
    expect(() => db.prepare('INSERT INTO sync_state (singleton) VALUES (1)').run()).toThrow(/UNIQUE/);
    expect(() => db.prepare('UPDATE sync_state SET pushed_through_seq = -1').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE sync_state SET pulled_through_central_seq = -1').run()).toThrow(/CHECK/);
  });

  it('learns a kiosk\'s key once and never swaps it, though its name may change', async () => {
    const db = await ledgerThrough(name);
    db.prepare("INSERT INTO known_kiosks (kiosk_id, name, origin, public_key_pem) VALUES ('k2', 'Room 2', 'kiosk', NULL)").run();
    db.prepare("UPDATE known_kiosks SET public_key_pem = 'key-1' WHERE kiosk_id = 'k2'").run();
    db.prepare("UPDATE known_kiosks SET name = 'Injection room 2', public_key_pem = 'key-1' WHERE kiosk_id = 'k2'").run();
    expect(() => db.prepare("UPDATE known_kiosks SET public_key_pem = 'key-2' WHERE kiosk_id = 'k2'").run())
      .toThrow('A kiosk\'s public key is learnt once and never changed.');
    expect(() => db.prepare("UPDATE known_kiosks SET public_key_pem = NULL WHERE kiosk_id = 'k2'").run()).toThrow(/never changed/);
    expect(() => db.prepare("INSERT INTO known_kiosks (kiosk_id, name, origin) VALUES ('k3', 'Room 3', 'laptop')").run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT name, public_key_pem FROM known_kiosks').all()).toEqual([{ name: 'Injection room 2', public_key_pem: 'key-1' }]);
  });

  it('keeps offline claims settled or not, and incidents with their detail as JSON', async () => {
    const db = await ledgerThrough(name);
    expect(columnsOf(db, 'offline_dose_claims')).toEqual(['event_id', 'kiosk_id', 'visit_id', 'service_user_id', 'clinic_day', 'session_index',
      'actor_staff_id', 'witness_staff_id', 'administered_at', 'settled']);
    const claim = db.prepare(`INSERT INTO offline_dose_claims (event_id, kiosk_id, visit_id, service_user_id, clinic_day, session_index, actor_staff_id, administered_at, settled)
      VALUES (?, 'k1', 'v1', 'su-1', '2026-11-23', 0, 's1', '2026-11-23T09:00:00.000Z', ?)`);
    claim.run('e1', 0);
    expect(() => claim.run('e2', 2)).toThrow(/CHECK/);
    const incident = db.prepare(`INSERT INTO incidents (event_id, kind, service_user_id, clinic_day, session_index, raised_at, raised_by_kiosk, detail)
      VALUES ('e3', 'doubleDose', 'su-1', '2026-11-23', 0, '2026-11-23T10:00:00.000Z', 'k1', ?)`);
    expect(() => incident.run('two doses')).toThrow(/CHECK/);
    incident.run('{"doses":2}');
    expect(db.prepare('SELECT acknowledged_at FROM incidents').pluck().get()).toBeNull();
  });
});
