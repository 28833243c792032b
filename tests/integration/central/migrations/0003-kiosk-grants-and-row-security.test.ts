/** Central 0003: what a kiosk's login may do (read its clinic, write as itself, never change a row) and row-level security between clinics. */
import { describe, expect, it } from 'vitest';
import {
  addClinic, addKioskLogin, centralBefore, centralThrough, chainedEvents, failureOf, insertEvent, postgresForThisFile, runCentralMigration,
} from './migrating-central.js';

const name = '0003-kiosk-grants-and-row-security';
const server = postgresForThisFile();

/** Two clinics, a kiosk login in the first and one in the second, on a database through this migration. */
async function twoClinics() {
  const db = await centralThrough(server(), name);
  const riverside = await addClinic(db.admin, 'Riverside HAT Clinic');
  const hillside = await addClinic(db.admin, 'Hillside HAT Clinic');
  const roomOne = await addKioskLogin(db.admin, db.url, riverside.clinicId, 'Injection room 1');
  const elsewhere = await addKioskLogin(db.admin, db.url, hillside.clinicId, 'Injection room 1');
  return { db, riverside, hillside, roomOne, elsewhere, kiosk: await db.login(roomOne.url) };
}

describe(`central migration ${name}`, () => {
  it('lets a kiosk see its own clinic\'s rows only, those written before the migration included', async () => {
    const db = await centralBefore(server(), name);
    const riverside = await addClinic(db.admin, 'Riverside HAT Clinic');
    const hillside = await addClinic(db.admin, 'Hillside HAT Clinic');
    for (const clinic of [riverside, hillside]) {
      for (const event of chainedEvents(clinic.centralKioskId, 2)) await insertEvent(db.admin, event, { clinic_id: clinic.clinicId });
    }
    await runCentralMigration(db.admin, name);
    const roomOne = await addKioskLogin(db.admin, db.url, riverside.clinicId, 'Injection room 1');
    const kiosk = await db.login(roomOne.url);
    expect((await kiosk.query('SELECT name FROM central.clinics')).rows).toEqual([{ name: 'Riverside HAT Clinic' }]);
    expect((await kiosk.query('SELECT DISTINCT clinic_id FROM central.events')).rows).toEqual([{ clinic_id: riverside.clinicId }]);
    expect((await kiosk.query('SELECT count(*)::int AS n FROM central.events')).rows).toEqual([{ n: 2 }]);
    expect((await kiosk.query('SELECT count(*)::int AS n FROM central.kiosks')).rows).toEqual([{ n: 2 }]);
    await db.close();
  });

  it('lets a kiosk insert its own events and claims without naming its clinic, and not as another kiosk', async () => {
    const { db, riverside, roomOne, elsewhere, kiosk } = await twoClinics();
    const [own] = chainedEvents(roomOne.kioskId, 1);
    const [forged] = chainedEvents(elsewhere.kioskId, 1);
    if (!own || !forged) throw new Error('no events');
    await insertEvent(kiosk, own);
    expect((await db.admin.query('SELECT clinic_id FROM central.events WHERE kiosk_id = $1', [roomOne.kioskId])).rows).toEqual([{ clinic_id: riverside.clinicId }]);
    expect((await failureOf(insertEvent(kiosk, forged)))?.message).toMatch(/row-level security/);
    await kiosk.query("INSERT INTO central.dose_claims (service_user_id, clinic_day, session_index, event_id, actor_staff_id) VALUES ('su-1', '2026-11-23', 0, $1, 's1')", [own.eventId]);
    expect((await db.admin.query('SELECT kiosk_id, clinic_id FROM central.dose_claims')).rows).toEqual([{ kiosk_id: roomOne.kioskId, clinic_id: riverside.clinicId }]);
    await db.close();
  });

  it('never lets a kiosk change or delete a row, nor choose the clinic-wide number', async () => {
    const { db, roomOne, kiosk } = await twoClinics();
    const [own, next] = chainedEvents(roomOne.kioskId, 2);
    if (!own || !next) throw new Error('no events');
    await insertEvent(kiosk, own);
    for (const sql of ['UPDATE central.events SET type = type', 'DELETE FROM central.events', 'UPDATE central.kiosks SET name = name', 'DELETE FROM central.dose_claims']) {
      expect((await failureOf(kiosk.query(sql)))?.message).toMatch(/permission denied/);
    }
    expect((await failureOf(insertEvent(kiosk, next, { central_seq: 1 })))?.message).toMatch(/permission denied/);
    await db.close();
  });

  it('lets a kiosk make and advance its own high-water mark, and no other kiosk\'s', async () => {
    const { db, roomOne, elsewhere, kiosk } = await twoClinics();
    for (const event of chainedEvents(roomOne.kioskId, 2)) await insertEvent(kiosk, event);
    await kiosk.query(`INSERT INTO central.kiosk_marks (high_water_seq) VALUES (2)
      ON CONFLICT (kiosk_id) DO UPDATE SET high_water_seq = greatest(central.kiosk_marks.high_water_seq, excluded.high_water_seq)`);
    expect((await db.admin.query('SELECT kiosk_id, high_water_seq FROM central.kiosk_marks')).rows).toEqual([{ kiosk_id: roomOne.kioskId, high_water_seq: '2' }]);
    expect((await failureOf(kiosk.query('INSERT INTO central.kiosk_marks (kiosk_id, high_water_seq) VALUES ($1, 0)', [elsewhere.kioskId])))?.message)
      .toMatch(/row-level security/);
    await db.close();
  });
});
