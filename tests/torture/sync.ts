/**
 * Part 2, sync under a fault proxy: two kiosks of one clinic on a real PostgreSQL (set up as a
 * clinic is, `central setup` and `add-kiosk`), each an in-process host whose real sync engine
 * reaches it through a FaultProxy: latency, connections cut at random bytes, connections held
 * half-open, and PostgreSQL itself restarted at random moments. Room 1 records `events` stock
 * receipts through the host (each written by Ledger.append, signed and chained), room 2 a tenth
 * as many, both while syncing. Afterwards central must hold exactly each kiosk's events (the same numbers and hashes,
 * no gap, none twice), each room must have pulled the other's exactly, and every chain verify.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { CentralConfig } from '../../main/config/kiosk-config.js';
import { verifyChain } from '../../main/ledger/verify-chain.js';
import { verifyCentral } from '../../main/sync/verify-central.js';
import {
  accept, clinicStaff, openCentralKiosk, prepareClinic, setUpCentralClinic, signIn, stockReceipt, throughPort, type CentralKiosk,
} from '../support/central-clinic.js';
import { openKioskFile } from '../support/kiosk-data.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';
import { FaultProxy, type FaultSettings } from './fault-proxy.js';
import { count, Failures, minutesSince, type PartResult, type Progress } from './part-result.js';
import type { Random } from './random.js';

export interface SyncOptions { events: number; rng: Random; progress: Progress }

const faults: FaultSettings = { latencyMs: 15, cutChance: 0.45, holdChance: 0.05, holdMs: [1_000, 25_000], faultWithinBytes: 800_000 };

interface Room {
  name: string;
  kiosk: CentralKiosk;
  kioskId: string;
  /** The room's file, opened read-only beside its host (WAL: it sees each commit). */
  reader: Database;
  proxy: FaultProxy;
}

async function openRoom(name: string, settings: CentralConfig, pgPort: number, rng: Random): Promise<Room> {
  const proxy = await FaultProxy.start(pgPort, rng, faults);
  const kiosk = await openCentralKiosk(throughPort(settings, proxy.port));
  return { name, kiosk, kioskId: settings.kioskId, reader: openKioskFile(kiosk.dataDir), proxy };
}

/** Records `total` stock receipts at the room, a few hundred at a time with short pauses between. */
async function writeEvents(room: Room, total: number, rng: Random, written: { n: number }): Promise<void> {
  const nurse = await signIn(room.kiosk, clinicStaff.nurse);
  const witness = await signIn(room.kiosk, clinicStaff.nurse2);
  while (written.n < total) {
    const batch = Math.min(total - written.n, rng.int(50, 800));
    for (let index = 0; index < batch; index += 1) {
      written.n += 1;
      accept(await room.kiosk.ask(stockReceipt(room.kiosk.dataDir, rng.int(1, 10), `T-${written.n}`, witness), nurse));
    }
    await sleep(rng.int(0, 30));
  }
}

function eventsWaiting(room: Room): number | null {
  const status = room.kiosk.host.room().sync;
  return status.mode === 'central' ? status.eventsWaiting : null;
}

type Chain = Array<[number, string]>;

function localChain(db: Database, kioskId: string): Chain {
  return db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM events WHERE kiosk_id = ? ORDER BY seq').all(kioskId)
    .map((row) => [row.seq, row.hash]);
}

async function centralChain(adminUrl: string, kioskId: string): Promise<{ chain: Chain; rows: number; distinctEvents: number }> {
  return withClient(adminUrl, async (client) => {
    const rows = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM central.events WHERE kiosk_id = $1 ORDER BY seq', [kioskId])).rows;
    const distinct = (await client.query<{ n: string }>('SELECT count(DISTINCT event_id) AS n FROM central.events WHERE kiosk_id = $1', [kioskId])).rows[0];
    return { chain: rows.map((row) => [Number(row.seq), row.hash]), rows: rows.length, distinctEvents: Number(distinct?.n ?? 0) };
  });
}

async function centralCount(adminUrl: string, kioskId: string): Promise<number | null> {
  try {
    return await withClient(adminUrl, async (client) =>
      Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM central.events WHERE kiosk_id = $1', [kioskId])).rows[0]?.n ?? 0));
  } catch {
    // PostgreSQL restarting: the next look will see.
    return null;
  }
}

/** How one chain differs from another: missing numbers, extra numbers, numbers whose hash differs. */
function compareChains(expected: Chain, actual: Chain): { missing: number; extra: number; differing: number } {
  const want = new Map(expected);
  const got = new Map(actual);
  let missing = 0;
  let differing = 0;
  for (const [seq, hash] of want) {
    const held = got.get(seq);
    if (held === undefined) missing += 1;
    else if (held !== hash) differing += 1;
  }
  const extra = [...got.keys()].filter((seq) => !want.has(seq)).length + (actual.length - got.size);
  return { missing, extra, differing };
}

export async function tortureSync({ events, rng, progress }: SyncOptions): Promise<PartResult> {
  const startedAt = Date.now();
  const failures = new Failures();
  const notes: string[] = [];
  let server: TestPostgres | null = null;
  const rooms: Room[] = [];
  let restarts = 0;
  try {
    server = await startTestPostgres();
    if (!server.restart) notes.push('DATABASE_URL names a server this suite does not own, so PostgreSQL is not restarted (cuts, holds and latency only)');
    const clinic = await setUpCentralClinic(server, ['Injection room 1', 'Injection room 2']);
    const pgPort = Number(new URL(clinic.kiosks[0]!.url).port);
    rooms.push(await openRoom('room 1', clinic.kiosks[0]!, pgPort, rng.fork('proxy 1')));
    rooms.push(await openRoom('room 2', clinic.kiosks[1]!, pgPort, rng.fork('proxy 2')));
    const [one, two] = rooms as [Room, Room];
    // The clinic is entered at room 1 (site rules, staff, service users, stock) and reaches room 2 before the writing starts.
    await prepareClinic(one.kiosk, ['Mags']);
    await one.kiosk.synced(120_000);
    await two.kiosk.until((room) => room.waiting.length > 0, 120_000);
    const before = [localChain(one.reader, one.kioskId).length, localChain(two.reader, two.kioskId).length];
    const targets = [before[0]! + events, before[1]! + Math.max(1, Math.round(events / 10))] as const;
    const written = [{ n: 0 }, { n: 0 }];
    const writing = Promise.all([writeEvents(one, targets[0] - before[0]!, rng.fork('write 1'), written[0]!), writeEvents(two, targets[1] - before[1]!, rng.fork('write 2'), written[1]!)]);

    // PostgreSQL restarts at random moments while the rooms write and sync; once nine tenths are
    // across, new connections go unharmed so the run can end, and the rooms must catch up from
    // whatever state the faults left them in (a connection still held, a cycle backing off).
    const restartEvery = () => rng.int(4_000, 15_000);
    let nextRestart = Date.now() + restartEvery();
    let lastProgress = Date.now();
    const writesDone = writing.then(() => true);
    let settledAt: number | null = null;
    const deadline = Date.now() + 10 * 60_000 + events * 20;
    for (;;) {
      await sleep(250);
      const finishedWriting = await Promise.race([writesDone, Promise.resolve(false)]);
      const held = await Promise.all(rooms.map((room) => centralCount(clinic.adminUrl, room.kioskId)));
      const pulled = [localChain(one.reader, two.kioskId).length, localChain(two.reader, one.kioskId).length];
      // Faults go on until nine tenths of every event has gone each way.
      const mostlyThere = finishedWriting && held.every((n, index) => n !== null && n >= 0.9 * targets[index]!)
        && pulled[0]! >= 0.9 * targets[1] && pulled[1]! >= 0.9 * targets[0];
      if (server.restart && !mostlyThere && Date.now() > nextRestart) {
        await server.restart();
        restarts += 1;
        nextRestart = Date.now() + restartEvery();
      }
      if (mostlyThere && settledAt === null) {
        settledAt = Date.now();
        for (const room of rooms) room.proxy.setFaulty(false);
      }
      if (Date.now() - lastProgress > 15_000) {
        lastProgress = Date.now();
        progress(`sync: written ${count(written[0]!.n)} + ${count(written[1]!.n)}, central holds ${held.map((n) => (n === null ? '?' : count(n))).join(' + ')}, ` +
          `pulled ${count(pulled[1]!)} + ${count(pulled[0]!)}, ${restarts} restarts, ${one.proxy.tally.cuts + two.proxy.tally.cuts} cuts, ` +
          `${one.proxy.tally.holds + two.proxy.tally.holds} holds, ${minutesSince(startedAt)}`);
      }
      if (finishedWriting && held[0] === targets[0] && held[1] === targets[1] && pulled[0] === targets[1] && pulled[1] === targets[0]
        && rooms.every((room) => eventsWaiting(room) === 0)) break;
      if (Date.now() > deadline) {
        failures.add('stuck', `central held ${held.join(' + ')} of ${targets.join(' + ')} events, and the rooms had pulled ${pulled.join(' + ')}, when the run gave up`);
        break;
      }
    }
    const catchUp = settledAt === null ? 0 : (Date.now() - settledAt) / 1000;

    let missing = 0;
    let doubled = 0;
    let differing = 0;
    for (const [index, room] of rooms.entries()) {
      const own = localChain(room.reader, room.kioskId);
      if (own.length !== targets[index]) failures.add('written', `${room.name} holds ${own.length} of its own events, not ${targets[index]}`);
      const held = await centralChain(clinic.adminUrl, room.kioskId);
      const diff = compareChains(own, held.chain);
      missing += diff.missing;
      doubled += diff.extra + (held.rows - held.distinctEvents);
      differing += diff.differing;
      if (diff.missing + diff.extra + diff.differing > 0 || held.rows !== held.distinctEvents) {
        failures.add('central', `${room.name}: central is missing ${diff.missing}, has ${diff.extra} extra and ${diff.differing} differing events, ` +
          `${held.rows - held.distinctEvents} event ids twice`);
      }
      const other = rooms[1 - index]!;
      const pulledDiff = compareChains(localChain(other.reader, other.kioskId), localChain(room.reader, other.kioskId));
      if (pulledDiff.missing + pulledDiff.extra + pulledDiff.differing > 0) {
        failures.add('pull', `${room.name} pulled ${other.name}'s events with ${pulledDiff.missing} missing, ${pulledDiff.extra} extra, ${pulledDiff.differing} differing`);
      }
      for (const kioskId of [room.kioskId, other.kioskId]) {
        const check = verifyChain(room.reader, kioskId);
        if (!check.intact) failures.add('verify', `${room.name}'s file: kiosk ${kioskId}'s chain breaks at ${check.seq}: ${check.problem}`);
      }
    }
    const { kiosks } = await verifyCentral(clinic.adminUrl);
    for (const kiosk of kiosks) {
      if (!kiosk.check.intact) failures.add('verify', `central: ${kiosk.name}'s chain breaks at ${kiosk.check.seq}: ${kiosk.check.problem}`);
      if (kiosk.markProblem) failures.add('verify', `central: ${kiosk.name}: ${kiosk.markProblem}`);
    }
    const tally = { connections: 0, cuts: 0, holds: 0, bytes: 0 };
    for (const room of rooms) for (const key of Object.keys(tally) as Array<keyof typeof tally>) tally[key] += room.proxy.tally[key];
    if (tally.cuts === 0) failures.add('coverage', 'no connection was cut: the proxy did not get in the way');
    return {
      part: 'sync',
      figures: `sync: ${count(targets[0])} events pushed and ${count(targets[1])} pulled back (the clinic's set-up included); central: ${missing} missing, ${doubled} doubled, ` +
        `${differing} differing hashes; ${count(tally.connections)} connections, ${count(tally.cuts)} cut at a random byte, ${count(tally.holds)} held half-open, ` +
        `${restarts} PostgreSQL restarts, latency up to ${faults.latencyMs} ms, ${(tally.bytes / 1e6).toFixed(0)} MB through the proxy; ` +
        `caught up ${catchUp.toFixed(1)} s after the faults stopped; verify ok: ${failures.size === 0 ? 'yes' : 'see below'}; ${minutesSince(startedAt)}`,
      failures: failures.list(),
      notes,
    };
  } catch (error) {
    failures.add('run', error instanceof Error ? error.stack ?? error.message : String(error));
    return { part: 'sync', figures: `sync: stopped after ${restarts} restarts, ${minutesSince(startedAt)}`, failures: failures.list(), notes };
  } finally {
    for (const room of rooms) {
      room.reader.close();
      await room.kiosk.close();
      await room.proxy.close();
    }
    await server?.stop();
  }
}
