/**
 * Push: a kiosk's events reach central in batches, each batch and the kiosk's high-water mark in
 * one central transaction, acknowledged locally only after central commits; a kiosk that cannot
 * reach central keeps working and says how many events are waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBatchSize } from '../../main/sync/push.js';
import {
  centralChains, openCentralKiosk, ownChain, prepareClinic, recordReceipts, setUpCentralClinic, throughPort,
  type CentralClinic, type CentralKiosk,
} from '../support/central-clinic.js';
import { readPushedThrough } from '../support/kiosk-data.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { openTestKiosk } from '../support/test-kiosk.js';

let server: TestPostgres;
let clinic: CentralClinic;
let network: TcpProxy;
let room: CentralKiosk;

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  network = await TcpProxy.start(Number(new URL(clinic.kiosks[0]!.url).port));
  room = await openCentralKiosk(throughPort(clinic.kiosks[0]!, network.port));
  await prepareClinic(room, ['Mags']);
  await room.synced();
}, 60_000);

afterAll(async () => {
  // Unset when beforeAll failed part-way; what did start must still stop.
  await room?.close();
  await network?.close();
  await server?.stop();
});

async function centralMark(kioskId: string): Promise<number> {
  return withClient(clinic.adminUrl, async (client) =>
    Number((await client.query<{ high_water_seq: string }>('SELECT high_water_seq FROM central.kiosk_marks WHERE kiosk_id = $1', [kioskId])).rows[0]?.high_water_seq));
}

describe('pushing to central', () => {
  it('registers the kiosk\'s signing key with central on its first sync, and it matches the ledger\'s', async () => {
    const key = await withClient(clinic.adminUrl, async (client) =>
      (await client.query<{ public_key_pem: string | null }>('SELECT public_key_pem FROM central.kiosks WHERE kiosk_id = $1', [room.settings.kioskId])).rows[0]);
    expect(key?.public_key_pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  // Over a thousand receipts, each signed with both PINs (two argon2 verifications): 20 to 40 s on 2 cores.
  it('keeps working with the network pulled, and shows the events waiting', { timeout: 120_000 }, async () => {
    network.cut();
    await recordReceipts(room, pushBatchSize * 2 + 37);
    const offline = await room.until((view) => view.sync.mode === 'central' && !view.sync.online);
    expect(offline.sync).toMatchObject({ mode: 'central', online: false });
    expect(offline.sync.mode === 'central' && offline.sync.eventsWaiting).toBeGreaterThanOrEqual(pushBatchSize * 2 + 37);
    expect(offline.sync.mode === 'central' && offline.sync.lastError).toMatch(/central store/);
  });

  it('sends the backlog in batches on reconnection, the mark moving with each, and central holds exactly the kiosk\'s chain', async () => {
    const batches: number[] = [];
    network.watch((chunk, direction) => {
      if (direction === 'toServer' && chunk.includes('INSERT INTO central.events')) batches.push(Date.now());
      return 'forward';
    });
    network.restore();
    const synced = await room.synced(30_000);
    network.watch(null);
    expect(batches).toHaveLength(3);
    const chain = ownChain(room);
    expect((await centralChains(clinic.adminUrl)).get(room.settings.kioskId)).toEqual(chain);
    expect(await centralMark(room.settings.kioskId)).toBe(chain.length);
    expect(readPushedThrough(room.dataDir)).toBe(chain.length);
    expect(synced.sync).toMatchObject({ mode: 'central', online: true, eventsWaiting: 0, lastError: null });
  });
});

describe('a kiosk with no central store', () => {
  it('works alone and says so', async () => {
    const alone = await openTestKiosk();
    try {
      expect(alone.host.room().sync).toEqual({ mode: 'alone' });
    } finally {
      await alone.close();
    }
  });
});
