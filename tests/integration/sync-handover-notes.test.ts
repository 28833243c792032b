/**
 * A handover note travels like every other reference event: written in room 1, pushed to central
 * on a real PostgreSQL, pulled by room 2, and read there by the nurse at check-in, with who wrote
 * it. The next worker may be in the other room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, clinicStaff, openCentralKiosk, prepareClinic, setUpCentralClinic, signIn, type CentralKiosk } from '../support/central-clinic.js';
import { readLedger } from '../support/kiosk-data.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

let server: TestPostgres;
let roomOne: CentralKiosk;
let roomTwo: CentralKiosk;
let mags: string;

beforeAll(async () => {
  server = await startTestPostgres();
  const clinic = await setUpCentralClinic(server);
  roomOne = await openCentralKiosk(clinic.kiosks[0]!);
  roomTwo = await openCentralKiosk(clinic.kiosks[1]!);
  [mags] = await prepareClinic(roomOne, ['Mags']) as [string];
}, 60_000);

afterAll(async () => {
  await roomOne?.close();
  await roomTwo?.close();
  await server?.stop();
});

async function untilIn(kiosk: CentralKiosk, type: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!readLedger(kiosk.dataDir).some((row) => row.type === type)) {
    if (Date.now() > deadline) throw new Error(`No ${type} reached ${kiosk.settings.kioskName ?? 'the kiosk'} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a handover note through central', () => {
  it('written by an HCA in room 1 is read at check-in in room 2 with her name and the time', async () => {
    const hca = await signIn(roomOne, clinicStaff.hca);
    accept(await roomOne.ask({ type: 'writeHandoverNote', serviceUserId: mags, note: 'Lost her phone: call the hostel.' }, hca));
    await roomOne.synced();
    await untilIn(roomTwo, 'handoverNoteWritten');

    const nurse = await signIn(roomTwo, clinicStaff.nurse);
    const visitId = accept(await roomTwo.ask({ type: 'startVisit', serviceUserId: mags }, nurse)).visitId ?? '';
    const visit = (await roomTwo.until((room) => room.visits.some((v) => v.visitId === visitId))).visits.find((v) => v.visitId === visitId);
    expect(visit?.identity?.handoverNotes).toEqual([
      { note: 'Lost her phone: call the hostel.', writtenAt: roomOne.clock.now().toISOString(), writtenBy: clinicStaff.hca.displayName },
    ]);
  });
});
