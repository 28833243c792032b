/**
 * The double-dose guard, as a clinic would meet it: two rooms, one PostgreSQL. Online, two kiosks
 * racing to dose one person in one session give exactly one dose, however the two taps interleave.
 * With one room's network pulled, both doses go ahead (the room keeps working on what it knows),
 * and on reconnection the double dose becomes an incident that both rooms show until acknowledged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCentral } from '../../main/sync/verify-central.js';
import type { Reply } from '../../shared/contract/index.js';
import {
  accept, administration, openTwoRooms, upToAdministration, type CentralClinic, type CentralKiosk, type TwoRooms,
} from '../support/central-clinic.js';
import { readLedger } from '../support/kiosk-data.js';
import { withClient } from '../support/postgres.js';
import type { TcpProxy } from '../support/tcp-proxy.js';

let rooms: TwoRooms | undefined;
let clinic: CentralClinic;
let network: TcpProxy;
let roomOne: CentralKiosk;
let roomTwo: CentralKiosk;
let people: string[];
let staff: TwoRooms['staff'];

// Delays (ms) before each room's tap: together, apart, and each way round.
const interleavings: Array<[number, number]> = [[0, 0], [0, 1], [1, 0], [0, 5], [5, 0], [0, 25], [25, 0], [2, 2], [0, 60], [60, 0]];
const names = [...interleavings.map((_, index) => `Person ${index + 1}`), 'Offline second', 'Offline first', 'Offline alone'];

beforeAll(async () => {
  rooms = await openTwoRooms(names);
  ({ clinic, network, roomOne, roomTwo, people, staff } = rooms);
}, 90_000);

afterAll(async () => {
  await rooms?.close();
});

async function dosesInCentral(serviceUserId: string): Promise<number> {
  return withClient(clinic.adminUrl, async (client) => Number((await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM central.events WHERE type = 'doseAdministered' AND service_user_id = $1", [serviceUserId])).rows[0]?.n));
}


describe('online: two rooms race to dose one person in one session', () => {
  it.each(interleavings.map((delays, index) => ({ delays, index })))('interleaving $index ($delays ms): exactly one dose', async ({ delays, index }) => {
    const person = people[index]!;
    const visitOne = await upToAdministration(roomOne, person, staff.one.nurse, staff.one.witness);
    const visitTwo = await upToAdministration(roomTwo, person, staff.two.nurse, staff.two.witness);
    const [one, two] = await Promise.all([
      sleep(delays[0]).then(() => roomOne.ask(administration(visitOne, staff.one.witness), staff.one.nurse)),
      sleep(delays[1]).then(() => roomTwo.ask(administration(visitTwo, staff.two.witness), staff.two.nurse)),
    ]);
    const replies: Reply[] = [one, two];
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    const winnerRoom = one.ok ? 'Injection room 1' : 'Injection room 2';
    const refusedReply = replies.find((reply) => !reply.ok);
    // The dose is judged again at the moment it is given: when the winner's dose has already been
    // pulled, the room's own history refuses it ("already had a dose this session, at 10:00");
    // otherwise central's claim does, and names when, where and by whom, in any order.
    if (refusedReply && !refusedReply.ok && refusedReply.code === 'dosedThisSession') {
      expect(refusedReply.reason).toMatch(/already had a dose this session, at \d\d:\d\d/);
    } else {
      expect(refusedReply).toMatchObject({
        ok: false, code: 'dosedElsewhere', reason: expect.stringMatching(new RegExp(`^(?=.*\\d\\d:\\d\\d)(?=.*${winnerRoom})(?=.*Aisha Khan)`)),
      });
    }
    await roomOne.synced();
    await roomTwo.synced();
    expect(await dosesInCentral(person)).toBe(1);
  });

  it('leaves one claim per person and session in central, each naming a dose central holds', async () => {
    const claims = await withClient(clinic.adminUrl, async (client) => (await client.query<{ n: string; orphaned: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM central.events e WHERE e.event_id = c.event_id)) AS orphaned
       FROM central.dose_claims c`)).rows[0]);
    expect(Number(claims?.n)).toBe(interleavings.length);
    expect(Number(claims?.orphaned)).toBe(0);
  });
});

describe('offline: room 2 loses its network', () => {
  async function doseBoth(person: string, offlineFirst: boolean): Promise<string> {
    const visitOne = await upToAdministration(roomOne, person, staff.one.nurse, staff.one.witness);
    const visitTwo = await upToAdministration(roomTwo, person, staff.two.nurse, staff.two.witness);
    const online = () => roomOne.ask(administration(visitOne, staff.one.witness), staff.one.nurse);
    const offline = () => roomTwo.ask(administration(visitTwo, staff.two.witness), staff.two.nurse);
    if (offlineFirst) {
      accept(await offline());
      accept(await online());
    } else {
      accept(await online());
      accept(await offline());
    }
    return visitTwo;
  }

  it('doses on what it knows, marks the dose as claimed offline, and shows that it is offline with events waiting', async () => {
    network.cut();
    const visitTwo = await doseBoth(people[10]!, false);
    const room = await roomTwo.until((view) => view.sync.mode === 'central' && !view.sync.online && view.sync.eventsWaiting > 0);
    expect(room.sync.mode === 'central' && room.sync.lastError).toMatch(/central store/i);
    const doses = readLedger(roomTwo.dataDir).filter((row) => row.type === 'doseAdministered' && row.visit_id === visitTwo);
    expect(doses.map((row) => [row.kiosk_id, (JSON.parse(row.payload) as { centralClaim?: string }).centralClaim]))
      .toEqual([[roomTwo.settings.kioskId, 'offline']]);
    await doseBoth(people[11]!, true);
    // A dose given offline to someone nobody else dosed is no incident.
    const alone = await upToAdministration(roomTwo, people[12]!, staff.two.nurse, staff.two.witness);
    accept(await roomTwo.ask(administration(alone, staff.two.witness), staff.two.nurse));
  });

  it('on reconnection turns each double dose into an incident shown in both rooms, naming both doses', async () => {
    network.restore();
    await roomTwo.synced();
    const seenInTwo = await roomTwo.until((view) => view.incidents.length === 2);
    const seenInOne = await roomOne.until((view) => view.incidents.length === 2);
    for (const room of [seenInOne, seenInTwo]) {
      expect(new Set(room.incidents.map((incident) => incident.person.id))).toEqual(new Set([people[10], people[11]]));
      for (const incident of room.incidents) {
        expect(incident.summary).toMatch(/two doses in one session: .*Injection room 1.*Injection room 2.*while that kiosk was offline/);
      }
    }
    expect(await dosesInCentral(people[10]!)).toBe(2);
    expect(await dosesInCentral(people[12]!)).toBe(1);
  });

  it('an incident acknowledged in one room clears in both, and the acknowledgement is in the record', async () => {
    const { incidents } = roomOne.host.room();
    const refusedEmpty = await roomOne.ask({ type: 'acknowledgeIncident', incidentId: incidents[0]!.incidentId, note: ' ' }, staff.one.nurse);
    expect(refusedEmpty.ok).toBe(false);
    for (const incident of incidents) {
      accept(await roomOne.ask({ type: 'acknowledgeIncident', incidentId: incident.incidentId, note: 'Observed for 2 hours, naloxone ready; GP informed' }, staff.one.nurse));
    }
    expect(roomOne.host.room().incidents).toHaveLength(0);
    await roomOne.synced();
    await roomTwo.until((view) => view.incidents.length === 0);
    const again = await roomTwo.ask({ type: 'acknowledgeIncident', incidentId: incidents[0]!.incidentId, note: 'Seen' }, staff.two.nurse);
    expect(again.ok).toBe(false);
  });

  it('leaves a central store in which every kiosk chain verifies', async () => {
    await roomOne.synced();
    await roomTwo.synced();
    const { kiosks } = await verifyCentral(clinic.adminUrl);
    expect(kiosks).toHaveLength(3);
    for (const kiosk of kiosks) expect(kiosk.check, kiosk.name).toMatchObject({ intact: true });
    expect(kiosks.every((kiosk) => kiosk.markProblem === null)).toBe(true);
  });
});
