/**
 * Part 3, claims: two rooms of one clinic (in-process hosts on their own SQLite files, the real
 * sync engine, a real PostgreSQL, each room's network a proxy that can be pulled) race to dose one
 * person in one session, over and over, with random delays between the two taps. Online, exactly
 * one dose may be given and recorded everywhere. With one room's network pulled, both doses go
 * ahead (a room keeps dosing on what it knows); once it is back, the offline dose is settled as
 * alreadyClaimed and both rooms show the double dose as an incident. A fresh clinic every
 * `perClinic` people keeps each room's board the size of a clinic's morning.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyCentral } from '../../main/sync/verify-central.js';
import type { Reply } from '../../shared/contract/index.js';
import {
  accept, administration, clinicStaff, openCentralKiosk, prepareClinic, setUpCentralClinic, signIn, throughPort, upToAdministration,
  type CentralKiosk,
} from '../support/central-clinic.js';
import { openKioskFile } from '../support/kiosk-data.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { count, Failures, minutesSince, type PartResult, type Progress } from './part-result.js';
import type { Random } from './random.js';

export interface ClaimOptions { claims: number; rng: Random; progress: Progress; perClinic?: number }

interface Room { kiosk: CentralKiosk; network: TcpProxy; name: string; nurse: string; witness: string }

/** What a room's own file holds for this person: doses given, and offline claims settled against another. */
function ledgerFacts(room: Room, serviceUserId: string): { doses: number; settledAlreadyClaimed: number } {
  const db = openKioskFile(room.kiosk.dataDir);
  try {
    const rows = db.prepare<[string], { type: string; outcome: string | null }>(
      "SELECT type, json_extract(payload, '$.outcome') AS outcome FROM events WHERE service_user_id = ? AND type IN ('doseAdministered', 'offlineDoseClaimSettled')",
    ).all(serviceUserId);
    return {
      doses: rows.filter((row) => row.type === 'doseAdministered').length,
      settledAlreadyClaimed: rows.filter((row) => row.type === 'offlineDoseClaimSettled' && row.outcome === 'alreadyClaimed').length,
    };
  } finally {
    db.close();
  }
}

async function until(check: () => boolean | Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}

async function centralDoses(adminUrl: string, serviceUserId: string): Promise<number> {
  return withClient(adminUrl, async (client) => Number((await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM central.events WHERE type = 'doseAdministered' AND service_user_id = $1", [serviceUserId])).rows[0]?.n));
}

export async function tortureClaims({ claims, rng, progress, perClinic = 25 }: ClaimOptions): Promise<PartResult> {
  const startedAt = Date.now();
  const failures = new Failures();
  const tally = { online: 0, onlineOneDose: 0, byCentral: 0, byOwnHistory: 0, offline: 0, offlineIncidents: 0, clinics: 0 };
  let server: TestPostgres | null = null;
  let rooms: Room[] = [];
  let done = 0;
  const closeRooms = async () => {
    for (const room of rooms) {
      await room.kiosk.close();
      await room.network.close();
    }
    rooms = [];
  };
  try {
    server = await startTestPostgres();
    while (done < claims) {
      const people = Math.min(perClinic, claims - done);
      const clinic = await setUpCentralClinic(server, ['Injection room 1', 'Injection room 2']);
      tally.clinics += 1;
      const pgPort = Number(new URL(clinic.kiosks[0]!.url).port);
      for (const [index, settings] of clinic.kiosks.entries()) {
        const network = await TcpProxy.start(pgPort);
        const kiosk = await openCentralKiosk(throughPort(settings, network.port));
        rooms.push({ kiosk, network, name: `Injection room ${index + 1}`, nurse: '', witness: '' });
      }
      const [one, two] = rooms as [Room, Room];
      const ids = await prepareClinic(one.kiosk, Array.from({ length: people }, (_, index) => `Person ${done + index + 1}`));
      await one.kiosk.synced();
      await two.kiosk.until((room) => ids.every((id) => room.waiting.some((person) => person.id === id)), 30_000);
      Object.assign(one, { nurse: await signIn(one.kiosk, clinicStaff.nurse), witness: await signIn(one.kiosk, clinicStaff.nurse2) });
      Object.assign(two, { nurse: await signIn(two.kiosk, clinicStaff.nurse), witness: await signIn(two.kiosk, clinicStaff.hca) });

      for (const person of ids) {
        done += 1;
        const offline = rng.chance(0.3) ? rng.pick([one, two]) : null;
        offline?.network.cut();
        const visits = [await upToAdministration(one.kiosk, person, one.nurse, one.witness), await upToAdministration(two.kiosk, person, two.nurse, two.witness)];
        const delays = rng.chance(0.3) ? [0, 0] : [rng.int(0, 60), rng.int(0, 60)];
        const replies: Reply[] = await Promise.all(rooms.map((room, index) =>
          sleep(delays[index]).then(() => room.kiosk.ask(administration(visits[index]!, room.witness), room.nurse))));
        const given = replies.filter((reply) => reply.ok).length;
        if (offline === null) {
          tally.online += 1;
          const refusal = replies.find((reply) => !reply.ok);
          if (given !== 1 || !refusal || refusal.ok) {
            failures.add('online', `person ${done} (${delays.join('/')} ms apart): ${given} doses given: ${JSON.stringify(replies)}`);
          } else {
            if (refusal.code === 'dosedElsewhere') tally.byCentral += 1;
            else if (refusal.code === 'dosedThisSession') tally.byOwnHistory += 1;
            else failures.add('online', `person ${done}: the second dose was refused as ${refusal.code}: ${refusal.reason}`);
          }
          await one.kiosk.synced();
          await two.kiosk.synced();
          const everywhere = await until(async () => (await centralDoses(clinic.adminUrl, person)) === 1
            && rooms.every((room) => ledgerFacts(room, person).doses === 1), 15_000);
          if (!everywhere) {
            failures.add('online', `person ${done}: central holds ${await centralDoses(clinic.adminUrl, person)} doses, the rooms ` +
              `${rooms.map((room) => ledgerFacts(room, person).doses).join(' and ')}, not one each`);
          } else if (given === 1) {
            tally.onlineOneDose += 1;
          }
          continue;
        }
        tally.offline += 1;
        if (given !== 2) failures.add('offline', `person ${done}: with ${offline.name} offline ${given} of the two doses went ahead: ${JSON.stringify(replies)}`);
        offline.network.restore();
        await offline.kiosk.synced(30_000);
        const seen = await until(async () => rooms.every((room) => room.kiosk.host.room().incidents.some((incident) => incident.person.id === person))
          && ledgerFacts(offline, person).settledAlreadyClaimed === 1 && (await centralDoses(clinic.adminUrl, person)) === 2, 30_000);
        if (!seen) {
          failures.add('offline', `person ${done}: after ${offline.name} came back, incidents shown in ` +
            `${rooms.filter((room) => room.kiosk.host.room().incidents.some((incident) => incident.person.id === person)).map((room) => room.name).join(' and ') || 'neither room'}, ` +
            `${ledgerFacts(offline, person).settledAlreadyClaimed} offline claims settled as alreadyClaimed, ${await centralDoses(clinic.adminUrl, person)} doses in central`);
          continue;
        }
        tally.offlineIncidents += 1;
        // Acknowledged, so each next person's incident is told from the ones before.
        for (const incident of one.kiosk.host.room().incidents) {
          accept(await one.kiosk.ask({ type: 'acknowledgeIncident', incidentId: incident.incidentId, note: 'Observed; prescriber informed' }, one.nurse));
        }
      }
      await one.kiosk.synced();
      await two.kiosk.synced();
      const { kiosks, orphanClaims } = await verifyCentral(clinic.adminUrl);
      for (const kiosk of kiosks) if (!kiosk.check.intact) failures.add('verify', `clinic ${tally.clinics}: ${kiosk.name}'s chain breaks at ${kiosk.check.seq}: ${kiosk.check.problem}`);
      if (orphanClaims.length > 0) failures.add('verify', `clinic ${tally.clinics}: ${orphanClaims.length} dose claims whose dose central never received`);
      await closeRooms();
      if (tally.clinics % 4 === 0 || done === claims) {
        progress(`claims: ${count(done)}/${count(claims)} interleavings, ${failures.size} wrong, ${minutesSince(startedAt)}`);
      }
    }
    const wrong = (tally.online - tally.onlineOneDose) + (tally.offline - tally.offlineIncidents);
    return {
      part: 'claims',
      figures: `claims: ${count(done)} interleavings; ${count(tally.online)} online: ${count(tally.onlineOneDose)} exactly one dose ` +
        `(the second refused by central's claim ${count(tally.byCentral)}, by the room's own history ${count(tally.byOwnHistory)}); ` +
        `${count(tally.offline)} with one room offline: ${count(tally.offlineIncidents)} incidents shown in both rooms; ${count(wrong)} wrong; ` +
        `${tally.clinics} clinics; ${minutesSince(startedAt)}`,
      failures: failures.list(),
      notes: [],
    };
  } catch (error) {
    failures.add('run', `stopped at interleaving ${done}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return { part: 'claims', figures: `claims: ${count(done)} interleavings before the run stopped, ${minutesSince(startedAt)}`, failures: failures.list(), notes: [] };
  } finally {
    await closeRooms().catch(() => undefined);
    await server?.stop();
  }
}
