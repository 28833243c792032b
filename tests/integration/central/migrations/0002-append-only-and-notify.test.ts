/** Central 0002: events and claims append-only for every role, numbered clinic-wide on arrival and announced; marks only move forward. */
import { describe, expect, it } from 'vitest';
import {
  addClinic, centralBefore, centralThrough, chainedEvents, failureOf, firstNotification, insertEvent, postgresForThisFile, runCentralMigration,
} from './migrating-central.js';

const name = '0002-append-only-and-notify';
const server = postgresForThisFile();

describe(`central migration ${name}`, () => {
  it('keeps the events and claims already there, and from then on refuses to change them, even for the superuser that migrated it', async () => {
    const db = await centralBefore(server(), name);
    const { clinicId, centralKioskId } = await addClinic(db.admin);
    const [event] = chainedEvents(centralKioskId, 1);
    if (!event) throw new Error('no event');
    await insertEvent(db.admin, event, { clinic_id: clinicId, central_seq: 7 });
    await db.admin.query(`INSERT INTO central.dose_claims (clinic_id, service_user_id, clinic_day, session_index, kiosk_id, event_id, actor_staff_id)
      VALUES ($1, 'su-1', '2026-11-23', 0, $2, $3, 's1')`, [clinicId, centralKioskId, event.eventId]);
    await runCentralMigration(db.admin, name);
    for (const table of ['events', 'dose_claims']) {
      const updated = await failureOf(db.admin.query(`UPDATE central.${table} SET kiosk_id = kiosk_id`));
      expect(updated).toEqual({ code: '23001', message: `central.${table} is append-only: a row cannot be updated. Record a correction as a new event instead.` });
      expect((await failureOf(db.admin.query(`DELETE FROM central.${table}`)))?.message).toMatch(/cannot be deleted/);
      expect((await failureOf(db.admin.query(`TRUNCATE central.${table} CASCADE`)))?.message).toMatch(/cannot be truncated/);
    }
    expect((await db.admin.query('SELECT central_seq FROM central.events')).rows).toEqual([{ central_seq: '7' }]);
    await db.close();
  });

  it('numbers each arriving event itself, whatever the sender says, flags one from the future and announces its clinic', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId, centralKioskId } = await addClinic(db.admin);
    const [now, later] = [...chainedEvents(centralKioskId, 1), ...chainedEvents(centralKioskId, 1, null, new Date(Date.now() + 3_600_000))];
    if (!now || !later) throw new Error('no events');
    const listener = await db.login(db.url);
    const announced = await firstNotification(listener, () => insertEvent(db.admin, now, { clinic_id: clinicId, central_seq: 999 }));
    expect(announced).toBe(clinicId);
    await insertEvent(db.admin, { ...later, seq: 2 }, { clinic_id: clinicId });
    const stored = await db.admin.query('SELECT seq, central_seq, future_skew FROM central.events ORDER BY seq');
    expect(stored.rows).toEqual([{ seq: '1', central_seq: '1', future_skew: false }, { seq: '2', central_seq: '2', future_skew: true }]);
    await db.close();
  });

  it('moves a kiosk\'s mark only forward and only to an event central holds, and never deletes it', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId, centralKioskId } = await addClinic(db.admin);
    await db.admin.query('INSERT INTO central.kiosk_marks (kiosk_id, clinic_id) VALUES ($1, $2)', [centralKioskId, clinicId]);
    const markAt = (seq: number) => db.admin.query('UPDATE central.kiosk_marks SET high_water_seq = $1', [seq]);
    expect(await failureOf(markAt(1))).toEqual({ code: '23503', message: `Kiosk ${centralKioskId} cannot mark event 1 as received: central does not have it.` });
    for (const event of chainedEvents(centralKioskId, 2)) await insertEvent(db.admin, event, { clinic_id: clinicId });
    await markAt(2);
    expect((await failureOf(markAt(1)))?.code).toBe('23514');
    expect((await failureOf(db.admin.query('DELETE FROM central.kiosk_marks')))?.code).toBe('23001');
    expect((await db.admin.query('SELECT high_water_seq FROM central.kiosk_marks')).rows).toEqual([{ high_water_seq: '2' }]);
    await db.close();
  });
});
