/**
 * A network that goes quiet without closing (half-open), against a real PostgreSQL behind the
 * test's TCP proxy holding every byte: a query on a held connection times out instead of hanging,
 * a kiosk notices its LISTEN connection stopped answering within a bounded time (its ping, not
 * minutes of kernel keepalive), and once the network answers again it polls and LISTENs again,
 * so another room's event arrives by NOTIFY within seconds (issue 14).
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kioskListenerConfig, kioskPoolConfig } from '../../main/sync/central-connection.js';
import {
  openCentralKiosk, prepareClinic, recordReceipts, setUpCentralClinic, throughPort, type CentralClinic,
} from '../support/central-clinic.js';
import { readLedger } from '../support/kiosk-data.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';

let server: TestPostgres;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => { server = await startTestPostgres(); }, 60_000);
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});
afterAll(async () => { await server?.stop(); });

/** Resolves with the check's value once it is not null, asking every 200 ms. */
async function eventually<T>(what: string, check: () => Promise<T | null> | T | null, withinMs: number): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`${what} did not happen within ${withinMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The server's own view of the connections named so, as an administrator sees it in pg_stat_activity. */
async function backendsNamed(clinic: CentralClinic, applicationName: string): Promise<number[]> {
  return withClient(clinic.adminUrl, async (client) =>
    (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rows.map((row) => row.pid));
}

async function proxyTo(clinic: CentralClinic): Promise<TcpProxy> {
  const proxy = await TcpProxy.start(Number(new URL(clinic.adminUrl).port));
  open.push(proxy);
  return proxy;
}

describe('a half-open connection to central', () => {
  it('a query on a held connection times out rather than hanging, and so does a new connection', async () => {
    const clinic = await setUpCentralClinic(server, ['Injection room 1']);
    const proxy = await proxyTo(clinic);
    const settings = throughPort(clinic.kiosks[0]!, proxy.port);
    const client = new pg.Client(kioskListenerConfig(settings.url, settings.kioskName));
    client.on('error', () => undefined);
    open.push({ close: () => client.end().catch(() => undefined) });
    await client.connect();
    expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

    proxy.hold();
    const startedAt = Date.now();
    await expect(client.query('SELECT 1')).rejects.toThrow(/timeout/i);
    expect(Date.now() - startedAt).toBeLessThan(8_000);

    const newcomer = new pg.Client(kioskPoolConfig(settings.url, settings.kioskName));
    newcomer.on('error', () => undefined);
    const connectingAt = Date.now();
    await expect(newcomer.connect()).rejects.toThrow(/timeout/i);
    expect(Date.now() - connectingAt).toBeLessThan(8_000);
  }, 30_000);

  it('a kiosk notices its LISTEN connection went quiet, shows it is offline, and listens again once the network answers', async () => {
    const clinic = await setUpCentralClinic(server);
    const roomOne = await openCentralKiosk(clinic.kiosks[0]!);
    open.push(roomOne);
    await prepareClinic(roomOne, ['Mags']);
    await roomOne.synced();
    const proxy = await proxyTo(clinic);
    // Room 2 polls only every ten minutes: what reaches it within seconds came by NOTIFY.
    const roomTwo = await openCentralKiosk({ ...throughPort(clinic.kiosks[1]!, proxy.port), pollSeconds: 600 });
    open.push(roomTwo);
    await roomTwo.synced(30_000);
    const listenerName = `kiosk ${roomTwo.settings.kioskName} listener`;
    const [firstListener] = await eventually('Room 2 listening', async () => {
      const pids = await backendsNamed(clinic, listenerName);
      return pids.length === 1 ? pids : null;
    }, 20_000);

    proxy.hold();
    const heldAt = Date.now();
    // The kiosk gives up on the quiet connection; its session ends on the server while the network is still held.
    await eventually('Room 2 dropping its quiet listener', async () =>
      ((await backendsNamed(clinic, listenerName)).includes(firstListener!) ? null : true), 25_000);
    // A ping every 10 s at most, answered within 5 s, or the listener is dropped.
    expect(Date.now() - heldAt).toBeLessThan(20_000);
    await roomTwo.until((view) => view.sync.mode === 'central' && !view.sync.online, 40_000);

    proxy.resume();
    const [secondListener] = await eventually('Room 2 listening again', async () => {
      const pids = await backendsNamed(clinic, listenerName);
      return pids.length === 1 ? pids : null;
    }, 45_000);
    expect(secondListener).not.toBe(firstListener);
    await roomTwo.until((view) => view.sync.mode === 'central' && view.sync.online, 20_000);

    // Room 1's next event reaches room 2 by NOTIFY, long before its ten-minute poll.
    await recordReceipts(roomOne, 1);
    await roomOne.synced();
    const roomOneKiosk = roomOne.settings.kioskId;
    const lastOfRoomOne = Math.max(...readLedger(roomOne.dataDir).filter((row) => row.kiosk_id === roomOneKiosk).map((row) => row.seq));
    await eventually('Room 1\'s receipt reaching room 2', () =>
      (readLedger(roomTwo.dataDir).some((row) => row.kiosk_id === roomOneKiosk && row.seq === lastOfRoomOne) ? true : null), 15_000);
  }, 150_000);
});
