/**
 * Pull: two kiosks of one clinic on a real PostgreSQL. What is recorded at one (staff, a service
 * user, a prescription, a dose) reaches the other through central, checked event by event, and
 * changes what the other kiosk allows.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { newSigningKeyPair, privateKeyFromPem, signEventHash } from '../../main/ledger/event-signature.js';
import { eventFromRow } from '../../main/ledger/ledger.js';
import {
  accept, administration, clinicStaff, openCentralKiosk, prepareClinic, setUpCentralClinic, signIn, upToAdministration,
  type CentralClinic, type CentralKiosk,
} from '../support/central-clinic.js';
import { readLedger, readOwnEventRows } from '../support/kiosk-data.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';

const verifyCli = fileURLToPath(new URL('../../dist/main/ledger/verify-cli.js', import.meta.url));

function verifyCentralCommand(url: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [verifyCli, '--central', url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })));
}

let server: TestPostgres;
let clinic: CentralClinic;
let roomOne: CentralKiosk;
let roomTwo: CentralKiosk;
let mags: string;

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  roomOne = await openCentralKiosk(clinic.kiosks[0]!);
  // Room 2 polls only every ten minutes: what reaches it within seconds came by LISTEN/NOTIFY.
  roomTwo = await openCentralKiosk({ ...clinic.kiosks[1]!, pollSeconds: 600 });
  [mags] = await prepareClinic(roomOne, ['Mags']) as [string];
  await roomOne.synced();
}, 60_000);

afterAll(async () => {
  // Unset when beforeAll failed part-way; what did start must still stop.
  await roomOne?.close();
  await roomTwo?.close();
  await server?.stop();
});

describe('pulling the clinic from central', () => {
  it('brings the clinic, its staff and a prescription issued in room 1 to room 2 within seconds, where she can be checked in', async () => {
    const room = await roomTwo.until((view) => view.waiting.some((person) => person.id === mags), 15_000);
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

describe('an event altered behind the clinic\'s back in central', () => {
  it('ledger:verify --central passes the clinic as it is, then names a forged event and exits 1', async () => {
    const intact = await verifyCentralCommand(clinic.adminUrl);
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toMatch(/"Injection room 1"\): \d+ events intact/);
    expect(intact.stdout).toMatch(/setup events: 3 intact/);

    // Someone with the database's owner account writes "room 1's" next event, hashed and chained
    // correctly, but signed with a key that is not room 1's.
    const [last] = readOwnEventRows(roomOne.dataDir).slice(-1);
    const { hash: previousHash, ...previous } = eventFromRow(last!);
    const unhashed = {
      ...previous, seq: previous.seq + 1, eventId: '7d1c3c9e-1f7b-4c2a-9a57-6a9f3a1e2b11', prevHash: previousHash,
      payload: { type: 'stockReceived', drug: 'diamorphine', quantityMg: 1, supplier: 'Nobody', reference: null, receivedBy: 'x', witnessedBy: 'y' },
      type: 'stockReceived', visitId: null, serviceUserId: null,
    } as typeof previous;
    const hash = hashEvent(unhashed);
    const signature = signEventHash(hash, privateKeyFromPem(newSigningKeyPair().privateKeyPem));
    await withClient(clinic.adminUrl, (client) => client.query(
      `INSERT INTO central.events (clinic_id, kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash, signature,
         actor_staff_id, witness_staff_id)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, $12)`,
      [clinic.clinicId, roomOne.settings.kioskId, unhashed.seq, unhashed.eventId, unhashed.type, JSON.stringify(unhashed.payload),
        unhashed.occurredAt, unhashed.prevHash, hash, signature, unhashed.actorStaffId, unhashed.witnessStaffId]));

    const broken = await verifyCentralCommand(clinic.adminUrl);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`broken at event ${unhashed.seq}: its signature does not match its hash`);

    // Room 2 refuses to apply it, keeps what it had, and says why on screen.
    const refused = await roomTwo.until((view) => view.sync.mode === 'central' && (view.sync.lastError ?? '').includes(`Event ${unhashed.seq} of kiosk`));
    expect(refused.sync.mode === 'central' && refused.sync.lastError).toMatch(/signature is not kiosk "Injection room 1"'s/);
    expect(readLedger(roomTwo.dataDir).some((row) => row.kiosk_id === roomOne.settings.kioskId && row.seq === unhashed.seq)).toBe(false);
  });
});
