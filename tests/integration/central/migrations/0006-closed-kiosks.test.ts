/** Central 0006: a closed kiosk's events, claims and marks are refused (CK006), its record kept readable, its closing final. */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  addClinic, addKioskLogin, centralBefore, centralThrough, chainedEvents, failureOf, insertEvent, postgresForThisFile, runCentralMigration,
} from './migrating-central.js';

const name = '0006-closed-kiosks';
const server = postgresForThisFile();

function close(admin: pg.Client, kioskId: string, replacedBy: string | null, closedAt = '2026-12-02T13:55:00Z') {
  return admin.query(`UPDATE central.kiosks SET closed_at = $2, closed_reason = 'Disk failed', replaced_by = $3,
    closed_by_staff_id = 'staff-lead', closed_at_seq = 1 WHERE kiosk_id = $1`, [kioskId, closedAt, replacedBy]);
}

function claim(client: pg.Client, eventId = randomUUID()) {
  return client.query(`INSERT INTO central.dose_claims (service_user_id, clinic_day, session_id, session_opens_at, session_closes_at, event_id, actor_staff_id)
    VALUES ('su-1', '2026-12-02', 'morning', '2026-12-02T09:00:00Z', '2026-12-02T12:00:00Z', $1, 'staff-nurse')`, [eventId]);
}

const advanceMark = (client: pg.Client, kioskId: string, seq: number) => client.query(`INSERT INTO central.kiosk_marks (kiosk_id, high_water_seq) VALUES ($1, $2)
  ON CONFLICT (kiosk_id) DO UPDATE SET high_water_seq = greatest(central.kiosk_marks.high_water_seq, excluded.high_water_seq)`, [kioskId, seq]);

describe(`central migration ${name}`, () => {
  it('leaves kiosks registered before it open, and their events where they were', async () => {
    const db = await centralBefore(server(), name);
    const { clinicId } = await addClinic(db.admin);
    const room = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
    const kiosk = await db.login(room.url);
    const [first, second] = chainedEvents(room.kioskId, 2);
    await insertEvent(kiosk, first!);
    await runCentralMigration(db.admin, name);
    await insertEvent(kiosk, second!);
    expect((await kiosk.query('SELECT name, closed_at, replaced_by FROM central.kiosks WHERE kiosk_id = $1', [room.kioskId])).rows)
      .toEqual([{ name: 'Injection room 1', closed_at: null, replaced_by: null }]);
    expect((await kiosk.query('SELECT count(*)::int AS n FROM central.events')).rows).toEqual([{ n: 2 }]);
    await db.close();
  });

  it('refuses a closed kiosk\'s events, claims and marks with one sentence, for its own login and the owner alike', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId } = await addClinic(db.admin);
    const old = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
    const successor = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1 (new)');
    const oldKiosk = await db.login(old.url);
    const [first, second] = chainedEvents(old.kioskId, 2);
    await insertEvent(oldKiosk, first!);
    await advanceMark(oldKiosk, old.kioskId, 1);
    await close(db.admin, old.kioskId, successor.kioskId);

    const words = `Kiosk "Injection room 1" (${old.kioskId}) was closed on 2 December 2026, 13:55 (replaced by "Injection room 1 (new)" ` +
      `(${successor.kioskId})): its events are no longer accepted; set this machine up as the new kiosk.`;
    expect(await failureOf(insertEvent(oldKiosk, second!))).toEqual({ code: 'CK006', message: words });
    expect(await failureOf(claim(oldKiosk))).toEqual({ code: 'CK006', message: words });
    expect(await failureOf(advanceMark(oldKiosk, old.kioskId, 1))).toEqual({ code: 'CK006', message: words });
    expect(await failureOf(insertEvent(db.admin, second!, { clinic_id: clinicId }))).toEqual({ code: 'CK006', message: words });

    // Its record stays the clinic's: the successor reads it, and claims and pushes as itself.
    const newKiosk = await db.login(successor.url);
    expect((await newKiosk.query('SELECT seq FROM central.events WHERE kiosk_id = $1', [old.kioskId])).rows).toEqual([{ seq: '1' }]);
    expect((await newKiosk.query('SELECT closed_at, replaced_by, closed_at_seq FROM central.kiosks WHERE kiosk_id = $1', [old.kioskId])).rows)
      .toEqual([{ closed_at: new Date('2026-12-02T13:55:00Z'), replaced_by: successor.kioskId, closed_at_seq: '1' }]);
    await insertEvent(newKiosk, chainedEvents(successor.kioskId, 1)[0]!);
    await claim(newKiosk);
    await db.close();
  });

  it('tells a kiosk writing as a closed kiosk of another clinic nothing about it: row security refuses it', async () => {
    const db = await centralThrough(server(), name);
    const riverside = await addClinic(db.admin, 'Riverside HAT Clinic');
    const hillside = await addClinic(db.admin, 'Hillside HAT Clinic');
    const old = await addKioskLogin(db.admin, db.url, riverside.clinicId, 'Injection room 1');
    const elsewhere = await db.login((await addKioskLogin(db.admin, db.url, hillside.clinicId, 'Injection room 1')).url);
    await close(db.admin, old.kioskId, null);
    const refused = await failureOf(insertEvent(elsewhere, chainedEvents(old.kioskId, 1)[0]!, { clinic_id: riverside.clinicId }));
    expect(refused?.code).toBe('42501');
    expect(refused?.message).not.toContain('closed');
    await db.close();
  });

  it('closes a kiosk whole or not at all, never the central pseudo-kiosk, and never reopens it', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId, centralKioskId } = await addClinic(db.admin);
    const room = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
    expect((await failureOf(db.admin.query("UPDATE central.kiosks SET closed_at = now() WHERE kiosk_id = $1", [room.kioskId])))?.code).toBe('23514');
    expect((await failureOf(close(db.admin, centralKioskId, null)))?.code).toBe('23514');
    expect((await failureOf(close(db.admin, room.kioskId, room.kioskId)))?.code).toBe('23514');
    await close(db.admin, room.kioskId, null);
    const reopened = await failureOf(db.admin.query('UPDATE central.kiosks SET closed_at = NULL WHERE kiosk_id = $1', [room.kioskId]));
    expect(reopened?.code).toBe('CK006');
    expect(reopened?.message).toMatch(/\(replaced by no other kiosk\): .* A closed kiosk stays closed: nothing about it can be changed\.$/);
    await db.close();
  });

  it('checks for a closed kiosk in triggers that sort, and so fire, before each table\'s other insert triggers', async () => {
    const db = await centralThrough(server(), name);
    const triggers = await db.admin.query<{ table: string; tgname: string }>(`SELECT tgrelid::regclass::text AS table, tgname FROM pg_trigger
      WHERE tgrelid IN ('central.events'::regclass, 'central.dose_claims'::regclass, 'central.kiosk_marks'::regclass)
        AND NOT tgisinternal AND (tgtype & 2) = 2 AND (tgtype & 4) = 4 ORDER BY 1, 2`);
    expect(triggers.rows).toEqual([
      { table: 'central.dose_claims', tgname: 'dose_claims_accepted_only_from_open_kiosks' },
      { table: 'central.dose_claims', tgname: 'dose_claims_never_overlap' },
      { table: 'central.events', tgname: 'events_accepted_only_from_open_kiosks' },
      { table: 'central.events', tgname: 'events_chain_checked' },
      { table: 'central.events', tgname: 'events_received' },
      { table: 'central.kiosk_marks', tgname: 'kiosk_marks_accepted_only_for_open_kiosks' },
      { table: 'central.kiosk_marks', tgname: 'kiosk_marks_advance' },
    ]);
    await db.close();
  });
});
