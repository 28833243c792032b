/**
 * Pull: two kiosks of one clinic on a real PostgreSQL. What is recorded at one (staff, a service
 * user, a prescription, a dose) reaches the other through central, checked event by event, and
 * changes what the other kiosk allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accept, administration, clinicStaff, openCentralKiosk, prepareClinic, setUpCentralClinic, signIn, upToAdministration,
  type CentralClinic, type CentralKiosk,
} from '../support/central-clinic.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';

let server: TestPostgres;
let clinic: CentralClinic;
let roomOne: CentralKiosk;
let roomTwo: CentralKiosk;
let mags: string;

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  roomOne = await openCentralKiosk(clinic.kiosks[0]!);
  roomTwo = await openCentralKiosk(clinic.kiosks[1]!);
  [mags] = await prepareClinic(roomOne, ['Mags']) as [string];
  await roomOne.synced();
}, 60_000);

afterAll(async () => {
  await roomOne?.close();
  await roomTwo?.close();
  await server?.stop();
});

describe('pulling the clinic from central', () => {
  it('brings the clinic, its staff and a prescription issued in room 1 to room 2, where she can be checked in', async () => {
    const room = await roomTwo.until((view) => view.waiting.some((person) => person.id === mags));
    expect(room.kiosk.clinicName).toBe('Riverside HAT Clinic');
    expect(room.waiting.find((person) => person.id === mags)?.paused).toBeNull();
    // Staff enrolled in room 1 sign in in room 2 with the same badge and PIN.
    expect(await signIn(roomTwo, clinicStaff.nurse)).toMatch(/^staff-/);
  });

  it('a dose given in room 2 is seen in room 1, which then refuses to check her in again this session', async () => {
    const nurse = await signIn(roomTwo, clinicStaff.nurse);
    const witness = await signIn(roomTwo, clinicStaff.nurse2);
    const visitId = await upToAdministration(roomTwo, mags, nurse, witness);
    accept(await roomTwo.ask(administration(visitId, witness), nurse));
    await roomTwo.synced();

    const seen = await roomOne.until((view) => view.waiting.find((person) => person.id === mags)?.paused != null);
    expect(seen.waiting.find((person) => person.id === mags)?.paused).toMatch(/session|dose/i);
    const roomOneNurse = await signIn(roomOne, clinicStaff.nurse);
    const again = await roomOne.ask({ type: 'startVisit', serviceUserId: mags }, roomOneNurse);
    expect(again.ok).toBe(false);
  });

  it('keeps one copy of every event, in each kiosk\'s own order, with central numbering them clinic-wide', async () => {
    await roomOne.synced();
    await roomTwo.synced();
    const rows = await withClient(clinic.adminUrl, async (client) =>
      (await client.query<{ kiosk_id: string; seq: string; central_seq: string }>('SELECT kiosk_id, seq, central_seq FROM central.events ORDER BY central_seq')).rows);
    const perKiosk = new Map<string, number[]>();
    for (const row of rows) perKiosk.set(row.kiosk_id, [...(perKiosk.get(row.kiosk_id) ?? []), Number(row.seq)]);
    for (const seqs of perKiosk.values()) expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(perKiosk.size).toBe(3); // the clinic's setup, room 1, room 2
  });
});
