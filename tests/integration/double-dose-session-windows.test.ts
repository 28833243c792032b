/**
 * The double-dose guard when the site's session windows change: two rooms of one clinic claim
 * through central as their own kiosk logins, one with the windows as they were and one with the
 * windows as a clinic lead changed them. Whatever the ids say, a session whose window overlaps one
 * already claimed for the person is refused; sessions that do not overlap are each claimed.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDose, type ClaimResult, type DoseClaim } from '../../main/sync/dose-claims.js';
import { setUpCentralClinic, type CentralClinic } from '../support/central-clinic.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';

interface Room { kioskId: string; client: pg.Client; recorded: Set<string> }

let server: TestPostgres;
let clinic: CentralClinic;
let roomOne: Room;
let roomTwo: Room;

async function room(index: number): Promise<Room> {
  const settings = clinic.kiosks[index]!;
  const client = new pg.Client({ connectionString: settings.url });
  await client.connect();
  return { kioskId: settings.kioskId, client, recorded: new Set() };
}

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  roomOne = await room(0);
  roomTwo = await room(1);
}, 60_000);

afterAll(async () => {
  await roomOne?.client.end();
  await roomTwo?.client.end();
  await server?.stop();
});

// 23 November 2026 is in GMT: the clinic's local times are UTC.
const day = '2026-11-23';
const sessions = {
  morning: { sessionId: 'morning', sessionOpensAt: `${day}T08:00:00.000Z`, sessionClosesAt: `${day}T12:30:00.000Z` },
  // The morning after a clinic lead split it in two.
  earlyMorning: { sessionId: 'early-morning', sessionOpensAt: `${day}T08:00:00.000Z`, sessionClosesAt: `${day}T10:00:00.000Z` },
  lateMorning: { sessionId: 'late-morning', sessionOpensAt: `${day}T10:00:00.000Z`, sessionClosesAt: `${day}T12:30:00.000Z` },
  afternoon: { sessionId: 'afternoon', sessionOpensAt: `${day}T12:30:00.000Z`, sessionClosesAt: `${day}T18:00:00.000Z` },
};

function doseClaim(serviceUserId: string, session: (typeof sessions)[keyof typeof sessions], claimedOffline = false): DoseClaim {
  return { eventId: randomUUID(), serviceUserId, clinicDay: day, ...session, actorStaffId: 'staff-nurse', witnessStaffId: 'staff-witness', claimedOffline };
}

/** Claims as the room's kiosk would; a claimed dose is then written to its ledger. */
async function claimIn(where: Room, claim: DoseClaim): Promise<ClaimResult> {
  const result = await claimDose(where.client, where.kioskId, claim, (eventId) => where.recorded.has(eventId));
  if (result.kind === 'claimed') where.recorded.add(result.eventId);
  return result;
}

async function claimsOf(serviceUserId: string): Promise<{ session_id: string; kiosk_id: string }[]> {
  return withClient(clinic.adminUrl, async (client) => (await client.query<{ session_id: string; kiosk_id: string }>(
    'SELECT session_id, kiosk_id FROM central.dose_claims WHERE service_user_id = $1 ORDER BY claimed_at', [serviceUserId])).rows);
}

describe('session windows changed between two rooms', () => {
  it('refuses a second room whose session has another id but a window inside the one claimed, and names the first claim', async () => {
    const person = randomUUID();
    const first = doseClaim(person, sessions.morning);
    expect(await claimIn(roomOne, first)).toEqual({ kind: 'claimed', eventId: first.eventId });
    const refused = await claimIn(roomTwo, doseClaim(person, sessions.lateMorning));
    expect(refused).toEqual({
      kind: 'alreadyClaimed',
      other: {
        kioskId: roomOne.kioskId, kioskName: 'Injection room 1', eventId: first.eventId, claimedAt: expect.any(String) as unknown,
        actorStaffId: 'staff-nurse', witnessStaffId: 'staff-witness', claimedOffline: false,
      },
    });
    expect(await claimsOf(person)).toEqual([{ session_id: 'morning', kiosk_id: roomOne.kioskId }]);
  });

  it('refuses the old whole morning in one room after the other room dosed in half of the split one', async () => {
    const person = randomUUID();
    expect((await claimIn(roomTwo, doseClaim(person, sessions.earlyMorning))).kind).toBe('claimed');
    expect((await claimIn(roomOne, doseClaim(person, sessions.morning))).kind).toBe('alreadyClaimed');
    // Its other half is another session by the new windows, but inside the morning the first room knows.
    expect((await claimIn(roomTwo, doseClaim(person, sessions.lateMorning))).kind).toBe('claimed');
    expect((await claimsOf(person)).map((claim) => claim.session_id)).toEqual(['early-morning', 'late-morning']);
  });

  it('claims the morning in one room and the afternoon in the other: windows that only meet do not overlap', async () => {
    const person = randomUUID();
    expect((await claimIn(roomOne, doseClaim(person, sessions.morning))).kind).toBe('claimed');
    expect((await claimIn(roomTwo, doseClaim(person, sessions.afternoon))).kind).toBe('claimed');
    expect(await claimsOf(person)).toEqual([
      { session_id: 'morning', kiosk_id: roomOne.kioskId }, { session_id: 'afternoon', kiosk_id: roomTwo.kioskId },
    ]);
  });

  it('finds a dose given offline in an overlapping session on reconnection, as a double dose', async () => {
    const person = randomUUID();
    expect((await claimIn(roomOne, doseClaim(person, sessions.morning))).kind).toBe('claimed');
    const settled = await claimIn(roomTwo, doseClaim(person, sessions.earlyMorning, true));
    expect(settled).toMatchObject({ kind: 'alreadyClaimed', other: { kioskId: roomOne.kioskId, claimedOffline: false } });
  });

  it('answers the same claim sent again as claimed, and lets a room take over its own claim whose dose it never wrote', async () => {
    const person = randomUUID();
    const lost = doseClaim(person, sessions.morning);
    expect((await claimDose(roomOne.client, roomOne.kioskId, lost, () => false)).kind).toBe('claimed');
    expect(await claimDose(roomOne.client, roomOne.kioskId, lost, () => false)).toEqual({ kind: 'claimed', eventId: lost.eventId });
    // The write after the claim failed; the nurse tries again after the windows changed.
    expect(await claimIn(roomOne, doseClaim(person, sessions.lateMorning))).toEqual({ kind: 'claimed', eventId: lost.eventId });
    expect((await claimIn(roomTwo, doseClaim(person, sessions.earlyMorning))).kind).toBe('alreadyClaimed');
    expect(await claimsOf(person)).toHaveLength(1);
  });

  // Delays (ms) before each room's claim: together, apart, and each way round.
  it.each([[0, 0], [0, 1], [1, 0], [0, 5], [5, 0], [2, 2]])('decides two rooms claiming overlapping sessions at once (%i ms, %i ms): exactly one claims', async (one, two) => {
    const person = randomUUID();
    const [inOne, inTwo] = await Promise.all([
      sleep(one).then(() => claimIn(roomOne, doseClaim(person, sessions.morning))),
      sleep(two).then(() => claimIn(roomTwo, doseClaim(person, sessions.lateMorning))),
    ]);
    expect([inOne.kind, inTwo.kind].sort()).toEqual(['alreadyClaimed', 'claimed']);
    expect(await claimsOf(person)).toHaveLength(1);
  });
});
