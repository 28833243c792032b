/**
 * Central 0005: dose claims named by the session's stable id and its window on the day. Claims made
 * before it are named from the visit their dose belongs to, or by their index when central never
 * received that dose; from then on one claim per person, day and session id, and none whose
 * windows overlap.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { chainAfter } from '../../../../main/ledger/hash-chain.js';
import { currentPayloadVersion, type DomainEvent, type LedgerEvent } from '../../../../shared/ledger/ledger-event.js';
import {
  addClinic, addKioskLogin, centralBefore, centralThrough, failureOf, insertEvent, postgresForThisFile, runCentralMigration,
} from './migrating-central.js';

const name = '0005-session-identity';
const server = postgresForThisFile();

interface LegacyWindow { name: string; opensAt: string; closesAt: string }
interface LegacyVisit { serviceUserId: string; clinicDay: string; session: { index: number; name: string }; windows: LegacyWindow[] }

const twoWindows: LegacyWindow[] = [{ name: 'Morning', opensAt: '08:00', closesAt: '12:30' }, { name: 'Afternoon', opensAt: '12:30', closesAt: '18:00' }];

/**
 * A visit's start and its dose as a kiosk stored them before sessions had ids: the session by its
 * place in the windows the visit carried. Cast, because today's event types no longer allow that
 * shape; central stores payloads as JSON and this migration reads them so.
 */
function legacyVisitEvents(kioskId: string, head: LedgerEvent | null, visit: LegacyVisit): { started: LedgerEvent; dose: LedgerEvent } {
  const visitId = randomUUID();
  const envelope = (type: string, payload: Record<string, unknown>) => ({
    kioskId, eventId: randomUUID(), type, payloadVersion: currentPayloadVersion, payload: { type, ...payload } as unknown as DomainEvent,
    visitId, serviceUserId: visit.serviceUserId, actorStaffId: 'staff-nurse', witnessStaffId: null, occurredAt: `${visit.clinicDay}T10:00:00.000Z`,
  });
  const started = chainAfter(head, envelope('visitStarted', {
    at: `${visit.clinicDay}T09:00:00.000Z`, visitId, serviceUserId: visit.serviceUserId, clinicDay: visit.clinicDay, session: visit.session,
    rules: { version: 1, sessions: { windows: visit.windows } },
  }));
  const dose = chainAfter(started, envelope('doseAdministered', { at: `${visit.clinicDay}T10:00:00.000Z`, administeredMg: 200 }));
  return { started, dose };
}

/** A claim as a kiosk made it before this migration: by session index. */
function legacyClaim(kiosk: pg.Client, serviceUserId: string, clinicDay: string, index: number, eventId: string, claimedAt: string): Promise<pg.QueryResult> {
  return kiosk.query(`INSERT INTO central.dose_claims (service_user_id, clinic_day, session_index, event_id, actor_staff_id, claimed_at)
    VALUES ($1, $2, $3, $4, 'staff-nurse', $5)`, [serviceUserId, clinicDay, index, eventId, claimedAt]);
}

interface ClaimedSession { session_id: string; session_index: number | null; opens: string | null; closes: string | null }

async function claimedSession(admin: pg.Client, eventId: string): Promise<ClaimedSession | undefined> {
  const result = await admin.query<ClaimedSession>(`SELECT session_id, session_index,
      to_char(session_opens_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS opens,
      to_char(session_closes_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') AS closes
    FROM central.dose_claims WHERE event_id = $1`, [eventId]);
  return result.rows[0];
}

/** A database just before this migration, with one kiosk that has pushed and claimed as kiosks did then. */
async function roomBeforeMigration() {
  const db = await centralBefore(server(), name);
  const { clinicId } = await addClinic(db.admin);
  const room = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
  return { db, room, kiosk: await db.login(room.url) };
}

describe(`central migration ${name}`, () => {
  it('names a claim by the session its visit started in, with that day\'s window in the clinic\'s zone, and stays append-only', async () => {
    const { db, room, kiosk } = await roomBeforeMigration();
    // Three windows: the person was in the second, whose name has a run of spaces.
    const { started, dose } = legacyVisitEvents(room.kioskId, null, {
      serviceUserId: 'su-1', clinicDay: '2026-07-01', session: { index: 1, name: 'Late  Morning' },
      windows: [{ name: 'Early', opensAt: '07:00', closesAt: '09:00' }, { name: 'Late  Morning', opensAt: '10:00', closesAt: '12:30' }, twoWindows[1]!],
    });
    for (const event of [started, dose]) await insertEvent(kiosk, event);
    await legacyClaim(kiosk, 'su-1', '2026-07-01', 1, dose.eventId, '2026-07-01T10:00:00Z');
    await runCentralMigration(db.admin, name);
    // 10:00 and 12:30 BST.
    expect(await claimedSession(db.admin, dose.eventId)).toEqual({
      session_id: 'late-morning', session_index: 1, opens: '2026-07-01T09:00Z', closes: '2026-07-01T11:30Z',
    });
    expect((await failureOf(db.admin.query('UPDATE central.dose_claims SET session_id = session_id')))?.code).toBe('23001');
    await db.close();
  });

  it('names a claim whose dose central never received by its index, with no window', async () => {
    const { db, kiosk } = await roomBeforeMigration();
    const neverPushed = randomUUID();
    await legacyClaim(kiosk, 'su-2', '2026-11-23', 2, neverPushed, '2026-11-23T16:00:00Z');
    await runCentralMigration(db.admin, name);
    expect(await claimedSession(db.admin, neverPushed)).toEqual({ session_id: 'index-2', session_index: 2, opens: null, closes: null });
    await db.close();
  });

  it('keeps both claims of a double dose the index let through (a window added mid-day), the later one by its index', async () => {
    const { db, room, kiosk } = await roomBeforeMigration();
    const before = legacyVisitEvents(room.kioskId, null, { serviceUserId: 'su-3', clinicDay: '2026-11-23', session: { index: 0, name: 'Morning' }, windows: twoWindows });
    // "Early" added at 09:30: the morning became session 1, and a second kiosk-side claim went through.
    const after = legacyVisitEvents(room.kioskId, before.dose, {
      serviceUserId: 'su-3', clinicDay: '2026-11-23', session: { index: 1, name: 'Morning' },
      windows: [{ name: 'Early', opensAt: '06:00', closesAt: '08:00' }, ...twoWindows],
    });
    for (const event of [before.started, before.dose, after.started, after.dose]) await insertEvent(kiosk, event);
    await legacyClaim(kiosk, 'su-3', '2026-11-23', 0, before.dose.eventId, '2026-11-23T09:00:00Z');
    await legacyClaim(kiosk, 'su-3', '2026-11-23', 1, after.dose.eventId, '2026-11-23T10:00:00Z');
    await runCentralMigration(db.admin, name);
    expect(await claimedSession(db.admin, before.dose.eventId)).toEqual({
      session_id: 'morning', session_index: 0, opens: '2026-11-23T08:00Z', closes: '2026-11-23T12:30Z',
    });
    expect(await claimedSession(db.admin, after.dose.eventId)).toEqual({
      session_id: 'index-1', session_index: 1, opens: '2026-11-23T08:00Z', closes: '2026-11-23T12:30Z',
    });
    await db.close();
  });

  it('holds one claim per person, clinic day and session id, and none whose windows overlap, whatever their ids', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId } = await addClinic(db.admin);
    const room = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
    const kiosk = await db.login(room.url);
    const claim = (sessionId: string, clinicDay: string, opens: string | null, closes: string | null, eventId = randomUUID()) => kiosk.query(
      `INSERT INTO central.dose_claims (service_user_id, clinic_day, session_id, session_opens_at, session_closes_at, event_id, actor_staff_id)
       VALUES ('su-4', $1, $2, $3, $4, $5, 'staff-nurse') ON CONFLICT (event_id) DO NOTHING`, [clinicDay, sessionId, opens, closes, eventId]);
    const morning = randomUUID();
    await claim('morning', '2026-11-23', '2026-11-23T08:00Z', '2026-11-23T12:30Z', morning);
    // The same claim sent again is the same claim, not an overlap with itself.
    expect((await claim('morning', '2026-11-23', '2026-11-23T08:00Z', '2026-11-23T12:30Z', morning)).rowCount).toBe(0);
    expect((await failureOf(claim('morning', '2026-11-23', '2026-11-23T13:00Z', '2026-11-23T14:00Z')))?.code).toBe('23505');
    // The morning split in two: its second half is another id, inside the first claim's window.
    expect(await failureOf(claim('late-morning', '2026-11-23', '2026-11-23T10:30Z', '2026-11-23T12:30Z'))).toEqual({
      code: 'CK005', message: 'A dose is already claimed for this person in a session that overlaps this one (clinic day 2026-11-23): nothing was stored.',
    });
    expect((await claim('afternoon', '2026-11-23', '2026-11-23T12:30Z', '2026-11-23T18:00Z')).rowCount).toBe(1);
    expect((await claim('morning', '2026-11-24', '2026-11-24T08:00Z', '2026-11-24T12:30Z')).rowCount).toBe(1);
    expect((await failureOf(claim('evening', '2026-11-24', null, null)))?.code).toBe('23514');
    expect((await failureOf(claim('evening', '2026-11-24', '2026-11-24T19:00Z', '2026-11-24T19:00Z')))?.code).toBe('23514');
    expect((await failureOf(kiosk.query(`INSERT INTO central.dose_claims (service_user_id, clinic_day, session_index, session_id,
      session_opens_at, session_closes_at, event_id, actor_staff_id) VALUES ('su-5', '2026-11-23', 0, 'morning', '2026-11-23T08:00Z',
      '2026-11-23T12:30Z', $1, 'staff-nurse')`, [randomUUID()])))?.message).toMatch(/permission denied/);
    expect((await db.admin.query("SELECT count(*)::int AS n FROM central.dose_claims WHERE service_user_id = 'su-4'")).rows).toEqual([{ n: 3 }]);
    await db.close();
  });
});
