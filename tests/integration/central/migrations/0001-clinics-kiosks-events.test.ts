/** Central 0001: the owner and kiosk roles, and the clinics, kiosks, events, marks and dose claims tables. */
import { describe, expect, it } from 'vitest';
import { addClinic, centralThrough, chainedEvents, failureOf, insertEvent, postgresForThisFile } from './migrating-central.js';

const name = '0001-clinics-kiosks-events';
const server = postgresForThisFile();

describe(`central migration ${name}`, () => {
  it('makes the owner and the kiosk group, neither able to log in, and gives the owner the schema and every table', async () => {
    const db = await centralThrough(server(), name);
    const roles = await db.admin.query("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('central_owner', 'kiosk') ORDER BY rolname");
    expect(roles.rows).toEqual([{ rolname: 'central_owner', rolcanlogin: false }, { rolname: 'kiosk', rolcanlogin: false }]);
    const schema = await db.admin.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'central'");
    expect(schema.rows).toEqual([{ owner: 'central_owner' }]);
    const tables = await db.admin.query("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'central' ORDER BY tablename");
    expect(tables.rows).toEqual(['clinics', 'dose_claims', 'events', 'kiosk_marks', 'kiosks'].map((tablename) => ({ tablename, tableowner: 'central_owner' })));
    await db.close();
  });

  it('keeps one central pseudo-kiosk per clinic, with no login, and gives every real kiosk one', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId } = await addClinic(db.admin);
    const secondCentral = await failureOf(db.admin.query(
      "INSERT INTO central.kiosks (kiosk_id, clinic_id, name, origin) VALUES ('k2', $1, 'Central again', 'central')", [clinicId]));
    expect(secondCentral?.code).toBe('23505');
    const kioskWithoutLogin = await failureOf(db.admin.query(
      "INSERT INTO central.kiosks (kiosk_id, clinic_id, name, origin) VALUES ('k3', $1, 'Injection room 1', 'kiosk')", [clinicId]));
    expect(kioskWithoutLogin?.code).toBe('23514');
    await db.close();
  });

  it('takes an event of a kiosk it knows, with a UUID, hex hashes and a payload of the event\'s own type', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId, centralKioskId } = await addClinic(db.admin);
    const [event] = chainedEvents(centralKioskId, 1);
    if (!event) throw new Error('no event');
    const asCentral = { clinic_id: clinicId, central_seq: 1 };
    expect((await failureOf(insertEvent(db.admin, { ...event, eventId: 'event-1' }, asCentral)))?.code).toBe('23514');
    expect((await failureOf(insertEvent(db.admin, { ...event, hash: 'x'.repeat(64) }, asCentral)))?.code).toBe('23514');
    expect((await failureOf(insertEvent(db.admin, { ...event, type: 'doseAdministered' }, asCentral)))?.code).toBe('23514');
    expect((await failureOf(insertEvent(db.admin, { ...event, kioskId: 'nobody' }, asCentral)))?.code).toBe('23503');
    await insertEvent(db.admin, event, asCentral);
    expect((await failureOf(insertEvent(db.admin, event, { ...asCentral, central_seq: 2 })))?.code).toBe('23505');
    expect((await db.admin.query('SELECT seq, received_at IS NOT NULL AS received, future_skew FROM central.events')).rows)
      .toEqual([{ seq: '1', received: true, future_skew: false }]);
    await db.close();
  });

  it('holds one dose claim per person, clinic day and session, whichever kiosk makes it', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId, centralKioskId } = await addClinic(db.admin);
    const claim = (eventId: string, session: number) => db.admin.query(`INSERT INTO central.dose_claims
      (clinic_id, service_user_id, clinic_day, session_index, kiosk_id, event_id, actor_staff_id) VALUES ($1, 'su-1', '2026-11-23', $2, $3, $4, 's1')`,
    [clinicId, session, centralKioskId, eventId]);
    await claim('e1', 0);
    expect((await failureOf(claim('e2', 0)))?.code).toBe('23505');
    await claim('e3', 1);
    expect((await failureOf(claim('e4', 3)))?.code).toBe('23514');
    await db.close();
  });
});
