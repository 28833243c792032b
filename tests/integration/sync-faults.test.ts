/**
 * Sync under faults, against a real PostgreSQL: the connection cut mid-batch, PostgreSQL
 * restarted mid-sync, the kiosk SIGKILLed between central's commit and its own acknowledgement,
 * and batches sent twice and out of order. Afterwards central holds exactly each kiosk's events,
 * once each, and every chain verifies.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { eventFromRow } from '../../main/ledger/ledger.js';
import { sendBatch } from '../../main/sync/push.js';
import { verifyCentral } from '../../main/sync/verify-central.js';
import {
  centralChains, openCentralKiosk, ownChain, prepareClinic, recordReceipts, setUpCentralClinic, throughPort, writeCentralKioskConfig,
  type CentralClinic, type CentralKiosk,
} from '../support/central-clinic.js';
import { readOwnEventRows, readPushedThrough } from '../support/kiosk-data.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { spawnBrowserShell } from '../support/spawned-shell.js';
import { TcpProxy } from '../support/tcp-proxy.js';

let server: TestPostgres;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => { server = await startTestPostgres(); });
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => { await server.stop(); });

interface Room { clinic: CentralClinic; network: TcpProxy; kiosk: CentralKiosk }

/** A clinic whose first room reaches central through a proxy, with its clinic prepared and synced. */
async function roomWithNetwork(): Promise<Room> {
  const clinic = await setUpCentralClinic(server, ['Injection room 1']);
  const network = await TcpProxy.start(Number(new URL(clinic.kiosks[0]!.url).port));
  open.push(network);
  const kiosk = await openCentralKiosk(throughPort(clinic.kiosks[0]!, network.port));
  open.push(kiosk);
  await prepareClinic(kiosk, ['Mags']);
  await kiosk.synced();
  return { clinic, network, kiosk };
}

async function expectCentralHoldsExactly(clinic: CentralClinic, kiosk: { dataDir: string; settings: { kioskId: string } }): Promise<void> {
  expect((await centralChains(clinic.adminUrl)).get(kiosk.settings.kioskId)).toEqual(ownChain(kiosk));
  const { kiosks } = await verifyCentral(clinic.adminUrl);
  for (const each of kiosks) expect(each.check, each.name).toMatchObject({ intact: true });
  expect(kiosks.map((each) => each.markProblem)).toEqual(kiosks.map(() => null));
}

// 1,200 receipts, each signed with both PINs (two argon2 verifications), take 20 to 40 s to write on 2 cores.
const backlogTimeoutMs = 120_000;

describe('sync under faults', () => {
  it('a connection cut in the middle of a batch loses and duplicates nothing', { timeout: backlogTimeoutMs }, async () => {
    const { clinic, network, kiosk } = await roomWithNetwork();
    network.cut();
    await recordReceipts(kiosk, 1_200);
    let inserts = 0;
    network.watch((chunk, direction) => {
      if (direction !== 'toServer' || !chunk.includes('INSERT INTO central.events')) return 'forward';
      inserts += 1;
      return inserts === 2 ? 'cut' : 'forward';
    });
    network.restore();
    // The cut is seen on screen, then the kiosk catches up on its own.
    await kiosk.until((view) => view.sync.mode === 'central' && view.sync.lastError !== null && /cut|central store/.test(view.sync.lastError));
    await kiosk.synced(30_000);
    expect(inserts).toBeGreaterThanOrEqual(4);
    await expectCentralHoldsExactly(clinic, kiosk);
  });

  it('PostgreSQL restarting mid-sync loses and duplicates nothing', { timeout: backlogTimeoutMs }, async (context) => {
    if (!server.restart) return context.skip('DATABASE_URL names a server these tests do not own, so they cannot restart it');
    const restart = server.restart;
    const { clinic, network, kiosk } = await roomWithNetwork();
    network.cut();
    await recordReceipts(kiosk, 1_200);
    let restarting: Promise<void> | null = null;
    network.watch((chunk, direction) => {
      if (direction === 'toServer' && chunk.includes('INSERT INTO central.events') && restarting === null) restarting = restart();
      return 'forward';
    });
    network.restore();
    await kiosk.until(() => restarting !== null);
    // Set in the proxy's callback, which TypeScript's narrowing cannot see.
    await (restarting as Promise<void> | null);
    await kiosk.synced(45_000);
    await expectCentralHoldsExactly(clinic, kiosk);
  });

  it('a kiosk killed between central\'s commit and its own acknowledgement sends nothing twice when it comes back', async () => {
    const { clinic, network, kiosk } = await roomWithNetwork();
    network.cut();
    await recordReceipts(kiosk, 40);
    await kiosk.close();
    open.splice(open.indexOf(kiosk), 1);
    const waitingBefore = readPushedThrough(kiosk.dataDir);

    // The real kiosk process, killed the moment central's COMMIT answer reaches it.
    writeCentralKioskConfig(kiosk.dataDir, kiosk.settings);
    let killed = false;
    let pid = 0;
    network.watch((chunk, direction) => {
      if (direction === 'toClient' && chunk.includes('COMMIT\0') && !killed && pid !== 0) {
        killed = true;
        process.kill(pid, 'SIGKILL');
        return 'cut';
      }
      return 'forward';
    });
    // The network comes back only once the process is known, so its first push cannot slip past.
    const shell = await spawnBrowserShell(kiosk.dataDir);
    pid = shell.process.pid ?? 0;
    network.restore();
    await new Promise<void>((resolve) => {
      if (shell.process.exitCode !== null || shell.process.signalCode !== null) resolve();
      else shell.process.once('exit', () => resolve());
    });
    network.watch(null);
    expect(killed).toBe(true);
    // Central committed the batch; the kiosk never heard, so it still counts those events as waiting.
    const chain = ownChain(kiosk);
    expect((await centralChains(clinic.adminUrl)).get(kiosk.settings.kioskId)).toEqual(chain);
    expect(readPushedThrough(kiosk.dataDir)).toBe(waitingBefore);
    expect(waitingBefore).toBeLessThan(chain.length);

    const back = await openCentralKiosk(kiosk.settings, { dataDir: kiosk.dataDir });
    open.push(back);
    await back.synced();
    expect(readPushedThrough(back.dataDir)).toBe(chain.length);
    await expectCentralHoldsExactly(clinic, back);
  });

  it('batches sent twice and out of order are stored once each, in order; a forked event is refused', async () => {
    const { clinic, network, kiosk } = await roomWithNetwork();
    network.cut();
    await recordReceipts(kiosk, 90);
    const all = readOwnEventRows(kiosk.dataDir);
    const sentBefore = (await centralChains(clinic.adminUrl)).get(kiosk.settings.kioskId)?.length ?? 0;
    const backlog = all.slice(sentBefore);
    const [first, second, third] = [backlog.slice(0, 30), backlog.slice(30, 60), backlog.slice(60)];
    const client = new pg.Client({ connectionString: kiosk.settings.url.replace(`:${network.port}/`, `:${new URL(clinic.kiosks[0]!.url).port}/`) });
    await client.connect();
    open.push({ close: () => client.end() });
    const refusal = (batch: typeof all) => sendBatch(client, kiosk.settings.kioskId, batch).then(() => null, (error: { code?: string }) => error.code);

    expect(await refusal(second)).toBe('CK002'); // before the first: refused whole
    expect(await refusal(first)).toBeNull();
    expect(await refusal(first)).toBeNull(); // again: nothing new
    expect(await refusal(third)).toBe('CK002');
    expect(await refusal([...first.slice(10), ...second])).toBeNull(); // overlapping a batch already held
    // An event under a number central holds, with other contents (a ledger restored from an old copy).
    const original = eventFromRow(first[5]!);
    const { hash: _, ...unhashed } = { ...original, payload: { ...original.payload, reference: 'RX-forged' } as typeof original.payload };
    const forged = { ...first[5]!, payload: JSON.stringify(unhashed.payload), hash: hashEvent(unhashed) };
    expect(await refusal([forged])).toBe('CK001');
    expect(await refusal(third)).toBeNull();
    expect(await refusal(first)).toBeNull(); // late duplicate: the mark does not go back

    network.restore();
    await kiosk.synced();
    await expectCentralHoldsExactly(clinic, kiosk);
  });
});
