/** Central 0004: each kiosk's chain kept whole on arrival (CK001-CK003), its key registered once (CK004), one announcement per statement. */
import { describe, expect, it } from 'vitest';
import { newSigningKeyPair } from '../../../../main/ledger/event-signature.js';
import {
  addClinic, addKioskLogin, centralBefore, centralThrough, chainedEvents, failureOf, insertEvent, postgresForThisFile, runCentralMigration,
} from './migrating-central.js';

const name = '0004-chains-and-kiosk-keys';
const skipHeld = 'ON CONFLICT (kiosk_id, seq) DO NOTHING';
const server = postgresForThisFile();

describe(`central migration ${name}`, () => {
  it('carries on each chain from the events central already held, and refuses a gap, a broken link or a forked event', async () => {
    const db = await centralBefore(server(), name);
    const { clinicId } = await addClinic(db.admin);
    const room = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
    const kiosk = await db.login(room.url);
    const [first, second] = chainedEvents(room.kioskId, 2);
    if (!first || !second) throw new Error('no events');
    await insertEvent(kiosk, first);
    await runCentralMigration(db.admin, name);

    const [third, fourth] = chainedEvents(room.kioskId, 2, second);
    if (!third || !fourth) throw new Error('no events');
    expect(await failureOf(insertEvent(kiosk, third, {}, skipHeld))).toEqual({
      code: 'CK002', message: `Kiosk ${room.kioskId} sent event 3 before event 2: events are stored in order, nothing was stored.`,
    });
    expect((await failureOf(insertEvent(kiosk, { ...second, prevHash: 'f'.repeat(64) }, {}, skipHeld)))?.code).toBe('CK003');
    const [forked] = chainedEvents(room.kioskId, 1);
    if (!forked) throw new Error('no event');
    expect((await failureOf(insertEvent(kiosk, forked, {}, skipHeld)))?.message).toMatch(/its ledger has forked/);
    expect((await insertEvent(kiosk, first, {}, skipHeld)).rowCount).toBe(0);
    for (const event of [second, third, fourth]) await insertEvent(kiosk, event, {}, skipHeld);
    expect((await db.admin.query('SELECT seq FROM central.events ORDER BY seq')).rows.map((row: { seq: string }) => row.seq)).toEqual(['1', '2', '3', '4']);
    await db.close();
  });

  it('lets a kiosk register its signing key once, the same key again, and never another', async () => {
    const db = await centralThrough(server(), name);
    const { clinicId } = await addClinic(db.admin);
    const room = await addKioskLogin(db.admin, db.url, clinicId, 'Injection room 1');
    const kiosk = await db.login(room.url);
    const key = newSigningKeyPair().publicKeyPem;
    await kiosk.query('SELECT central.register_kiosk_key($1)', [key]);
    await kiosk.query('SELECT central.register_kiosk_key($1)', [key]);
    expect((await failureOf(kiosk.query('SELECT central.register_kiosk_key($1)', [newSigningKeyPair().publicKeyPem])))?.code).toBe('CK004');
    expect((await failureOf(kiosk.query("SELECT central.register_kiosk_key('not a key')")))?.code).toBe('23514');
    expect((await failureOf(db.admin.query('SELECT central.register_kiosk_key($1)', [key])))?.message).toBe('Only a kiosk registers its key.');
    expect((await db.admin.query('SELECT public_key_pem FROM central.kiosks WHERE kiosk_id = $1', [room.kioskId])).rows).toEqual([{ public_key_pem: key }]);
    await db.close();
  });

  it('checks each row\'s chain in a trigger that sorts, and so fires, before the numbering one, and announces once per statement rather than once per row', async () => {
    const db = await centralThrough(server(), name);
    const triggers = await db.admin.query<{ tgname: string; per_row: boolean }>(`SELECT tgname, (tgtype & 1) = 1 AS per_row FROM pg_trigger
      WHERE tgrelid = 'central.events'::regclass AND tgname IN ('events_chain_checked', 'events_received', 'events_announced') ORDER BY tgname`);
    expect(triggers.rows).toEqual([
      { tgname: 'events_announced', per_row: false }, { tgname: 'events_chain_checked', per_row: true }, { tgname: 'events_received', per_row: true },
    ]);
    await db.close();
  });
});
