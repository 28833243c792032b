/**
 * What a kiosk's login may and may not do in the central store, against a real PostgreSQL:
 * append only (grants for kiosks, a trigger for everyone), its own clinic only (row-level
 * security), one dose per person, clinic day and session (by its id, and by its window), and a
 * notification on every insert.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCentralCommand } from '../../main/central/central-commands.js';
import { hashEvent, type UnhashedEvent } from '../../main/ledger/hash-chain.js';
import { currentPayloadVersion, genesisHash, type LedgerEvent } from '../../shared/ledger/ledger-event.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

interface Kiosk { url: string; clinicId: string; kioskId: string }

let server: TestPostgres;
let adminUrl: string;
let clinicA: Kiosk;
let secondA: Kiosk;
let clinicB: Kiosk;
const clients: pg.Client[] = [];

async function command(...argv: string[]): Promise<Kiosk> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCentralCommand(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  if (code !== 0) throw new Error(err.join('\n'));
  return (JSON.parse(out.join('\n')) as { central: Kiosk }).central;
}

function setupClinic(url: string, name: string, badge: string): Promise<Kiosk> {
  return command('setup', '--url', url, '--clinic-name', name, '--time-zone', 'Europe/London', '--lead-name', 'Sam Lee',
    '--lead-badge', badge, '--lead-pin', '1593', '--kiosk-name', 'Injection room 1');
}

const shared = new Map<string, Promise<pg.Client>>();

/** One connection per login, reused: a kiosk role may hold only a few at once. */
function connect(url: string): Promise<pg.Client> {
  const existing = shared.get(url);
  if (existing) return existing;
  const connecting = connectAnew(url);
  shared.set(url, connecting);
  return connecting;
}

async function connectAnew(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestPostgres();
  adminUrl = await server.newDatabase();
  clinicA = await setupClinic(adminUrl, 'Riverside HAT Clinic', 'L4001');
  secondA = await command('add-kiosk', '--url', adminUrl, '--clinic', clinicA.clinicId, '--kiosk-name', 'Injection room 2');
  clinicB = await setupClinic(adminUrl, 'Hillside HAT Clinic', 'L5001');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  await server.stop();
});

/** Events as the kiosk's own ledger would chain them. */
function chain(kioskId: string, count: number, from: { seq: number; hash: string } = { seq: 0, hash: genesisHash }, at = new Date()): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  let prevHash = from.hash;
  for (let seq = from.seq + 1; seq <= from.seq + count; seq++) {
    const unhashed: UnhashedEvent = {
      kioskId, seq, eventId: randomUUID(), type: 'retitrationBlockCleared', payloadVersion: currentPayloadVersion,
      payload: { type: 'retitrationBlockCleared', serviceUserId: 'su-1', note: `Reviewed ${seq}` },
      visitId: null, serviceUserId: 'su-1', actorStaffId: 'staff-lead', witnessStaffId: null,
      occurredAt: at.toISOString(), prevHash,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

/** Where a kiosk's chain ends in central, to chain its next events on. */
async function tail(kiosk: Kiosk): Promise<{ seq: number; hash: string }> {
  const admin = await connect(adminUrl);
  const last = await admin.query<{ seq: string; hash: string }>('SELECT seq, hash FROM central.events WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT 1', [kiosk.kioskId]);
  return { seq: Number(last.rows[0]?.seq ?? 0), hash: last.rows[0]?.hash ?? genesisHash };
}

const insertEvent = `INSERT INTO central.events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id,
  service_user_id, actor_staff_id, witness_staff_id, occurred_at, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (kiosk_id, seq) DO NOTHING`;

function eventValues(event: LedgerEvent): unknown[] {
  return [event.kioskId, event.seq, event.eventId, event.type, event.payloadVersion, JSON.stringify(event.payload), event.visitId,
    event.serviceUserId, event.actorStaffId, event.witnessStaffId, event.occurredAt, event.prevHash, event.hash];
}

/** A push as docs/design.md section 5 describes it: the batch and the high-water mark in one transaction. */
async function push(client: pg.Client, events: readonly LedgerEvent[]): Promise<number> {
  await client.query('BEGIN');
  try {
    let inserted = 0;
    for (const event of events) inserted += (await client.query(insertEvent, eventValues(event))).rowCount ?? 0;
    await client.query(`INSERT INTO central.kiosk_marks (kiosk_id, high_water_seq) VALUES ($1, $2)
      ON CONFLICT (kiosk_id) DO UPDATE SET high_water_seq = greatest(central.kiosk_marks.high_water_seq, excluded.high_water_seq)`,
    [events.at(-1)!.kioskId, events.at(-1)!.seq]);
    await client.query('COMMIT');
    return inserted;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('Expected PostgreSQL to refuse.');
}

describe('a kiosk pushing its ledger', () => {
  it('inserts a batch and advances its mark together; a re-sent batch changes nothing', async () => {
    const kiosk = await connect(clinicA.url);
    const batch = chain(clinicA.kioskId, 3);
    expect(await push(kiosk, batch)).toBe(3);
    expect(await push(kiosk, batch)).toBe(0);
    const mark = await kiosk.query<{ high_water_seq: string }>('SELECT high_water_seq FROM central.kiosk_marks WHERE kiosk_id = $1', [clinicA.kioskId]);
    expect(mark.rows[0]?.high_water_seq).toBe('3');
    const stored = await kiosk.query<{ seq: string; clinic_id: string; central_seq: string; future_skew: boolean }>('SELECT seq, clinic_id, central_seq, future_skew FROM central.events WHERE kiosk_id = $1 ORDER BY seq', [clinicA.kioskId]);
    expect(stored.rows.map((row) => [row.seq, row.clinic_id, row.future_skew])).toEqual(
      [['1', clinicA.clinicId, false], ['2', clinicA.clinicId, false], ['3', clinicA.clinicId, false]]);
    const order = stored.rows.map((row) => Number(row.central_seq));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("numbers a clinic's events in commit order, so a puller past one number never misses a smaller one", async () => {
    const first = await connect(clinicA.url);
    const second = await connect(secondA.url);
    const otherClinic = await connect(clinicB.url);
    const admin = await connect(adminUrl);
    const [early] = chain(clinicA.kioskId, 1, await tail(clinicA));
    const [late] = chain(secondA.kioskId, 1, await tail(secondA));
    await first.query('BEGIN');
    await first.query(insertEvent, eventValues(early!));
    const secondPush = push(second, [late!]);
    await expect.poll(async () => (await admin.query<{ count: string }>(
      "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'", [new URL(secondA.url).username])).rows[0]?.count,
    { timeout: 5_000 }).toBe('1');
    // Another clinic's kiosk is not held up meanwhile.
    expect(await push(otherClinic, chain(clinicB.kioskId, 1, await tail(clinicB)))).toBe(1);
    await first.query('COMMIT');
    expect(await secondPush).toBe(1);
    const order = await admin.query<{ event_id: string }>('SELECT event_id FROM central.events WHERE event_id IN ($1, $2) ORDER BY central_seq', [early!.eventId, late!.eventId]);
    expect(order.rows.map((row) => row.event_id)).toEqual([early!.eventId, late!.eventId]);
  });

  it('cannot move its mark back, nor past an event central does not have', async () => {
    const kiosk = await connect(clinicA.url);
    const back = await errorOf(kiosk.query('UPDATE central.kiosk_marks SET high_water_seq = 1 WHERE kiosk_id = $1', [clinicA.kioskId]));
    expect(back.code).toBe('23514');
    const ahead = await errorOf(kiosk.query('UPDATE central.kiosk_marks SET high_water_seq = 99 WHERE kiosk_id = $1', [clinicA.kioskId]));
    expect(ahead.code).toBe('23503');
  });

  it('cannot choose its central order, received time or skew flag', async () => {
    const kiosk = await connect(clinicA.url);
    const refused = await errorOf(kiosk.query(
      'INSERT INTO central.events (kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash, central_seq) ' +
      "VALUES ($1, 100, $2, 'x', 1, '{\"type\":\"x\"}', now(), $3, $3, 1)", [clinicA.kioskId, randomUUID(), genesisHash]));
    expect(refused.code).toBe('42501');
  });

  it('flags an event stamped more than a few minutes in the future, and keeps it', async () => {
    const kiosk = await connect(secondA.url);
    const [event] = chain(secondA.kioskId, 1, await tail(secondA), new Date(Date.now() + 60 * 60_000));
    expect(await push(kiosk, [event!])).toBe(1);
    const row = await kiosk.query<{ future_skew: boolean }>('SELECT future_skew FROM central.events WHERE event_id = $1', [event!.eventId]);
    expect(row.rows[0]?.future_skew).toBe(true);
  });
});

describe('a kiosk may never change or remove what central holds', () => {
  it.each(['events', 'dose_claims'])('UPDATE, DELETE and TRUNCATE on %s are refused for lack of privilege (42501)', async (table) => {
    const kiosk = await connect(clinicA.url);
    for (const sql of [`UPDATE central.${table} SET kiosk_id = kiosk_id`, `DELETE FROM central.${table}`, `TRUNCATE central.${table}`]) {
      const refused = await errorOf(kiosk.query(sql));
      expect(refused.code, sql).toBe('42501');
      expect(refused.message, sql).toContain('permission denied');
    }
  });

  it('nor may the owner or a superuser: a trigger refuses UPDATE, DELETE and TRUNCATE of events and claims', async () => {
    const admin = await connect(adminUrl);
    await admin.query(`INSERT INTO central.dose_claims (clinic_id, service_user_id, clinic_day, session_id, session_opens_at, session_closes_at,
      kiosk_id, event_id, actor_staff_id) VALUES ($1, 'su-owner-test', '2026-11-23', 'morning', '2026-11-23T08:00Z', '2026-11-23T12:30Z', $2, $3, 'staff-1')`,
    [clinicA.clinicId, clinicA.kioskId, randomUUID()]);
    for (const role of ['central_owner', 'postgres']) {
      await admin.query(`SET ROLE ${role}`);
      for (const table of ['events', 'dose_claims']) {
        for (const sql of [`UPDATE central.${table} SET actor_staff_id = 'someone else'`, `DELETE FROM central.${table}`, `TRUNCATE central.${table}`]) {
          const refused = await errorOf(admin.query(sql));
          expect(refused.code, `${role}: ${sql}`).toBe('23001');
          expect(refused.message).toMatch(/^central\.\w+ is append-only: a row cannot be (updated|deleted|truncated)\./);
        }
      }
    }
    await admin.query('RESET ROLE');
    const count = await admin.query<{ count: string }>('SELECT count(*) FROM central.events');
    expect(Number(count.rows[0]?.count)).toBeGreaterThan(0);
  });
});

describe('row-level security: a kiosk sees and writes only its own clinic', () => {
  it('does not see another clinic, its kiosks or its events', async () => {
    const kioskB = await connect(clinicB.url);
    await push(kioskB, chain(clinicB.kioskId, 2, await tail(clinicB)));
    const kioskA = await connect(clinicA.url);
    const clinics = await kioskA.query('SELECT clinic_id FROM central.clinics');
    expect(clinics.rows).toEqual([{ clinic_id: clinicA.clinicId }]);
    const kioskClinics = await kioskA.query('SELECT DISTINCT clinic_id FROM central.kiosks');
    expect(kioskClinics.rows).toEqual([{ clinic_id: clinicA.clinicId }]);
    const eventClinics = await kioskA.query('SELECT DISTINCT clinic_id FROM central.events');
    expect(eventClinics.rows).toEqual([{ clinic_id: clinicA.clinicId }]);
    const seenFromB = await kioskA.query<{ count: string }>('SELECT count(*) FROM central.events WHERE kiosk_id = $1', [clinicB.kioskId]);
    expect(seenFromB.rows[0]?.count).toBe('0');
    const marks = await kioskA.query<{ count: string }>('SELECT count(*) FROM central.kiosk_marks WHERE kiosk_id = $1', [clinicB.kioskId]);
    expect(marks.rows[0]?.count).toBe('0');
  });

  it('cannot insert an event into another clinic, nor as another kiosk of its own clinic', async () => {
    const kioskA = await connect(clinicA.url);
    for (const [kioskId, clinicId] of [[clinicB.kioskId, clinicB.clinicId], [secondA.kioskId, clinicA.clinicId]] as const) {
      const [event] = chain(kioskId, 1, { seq: 50, hash: genesisHash });
      const refused = await errorOf(kioskA.query(
        insertEvent.replace('(kiosk_id,', '(clinic_id, kiosk_id,').replace('VALUES ($1,', 'VALUES ($14, $1,'),
        [...eventValues(event!), clinicId]));
      expect(refused.code).toBe('42501');
      expect(refused.message).toContain('row-level security');
    }
    const [ownKioskOtherClinic] = chain(clinicA.kioskId, 1, { seq: 60, hash: genesisHash });
    const mislabelled = await errorOf(kioskA.query(
      insertEvent.replace('(kiosk_id,', '(clinic_id, kiosk_id,').replace('VALUES ($1,', 'VALUES ($14, $1,'),
      [...eventValues(ownKioskOtherClinic!), clinicB.clinicId]));
    expect(mislabelled.code).toBe('42501');
  });

  it("cannot advance another kiosk's mark", async () => {
    const kioskA = await connect(clinicA.url);
    const updated = await kioskA.query('UPDATE central.kiosk_marks SET high_water_seq = high_water_seq WHERE kiosk_id <> $1', [clinicA.kioskId]);
    expect(updated.rowCount).toBe(0);
    const refused = await errorOf(kioskA.query(
      'INSERT INTO central.kiosk_marks (kiosk_id, clinic_id, high_water_seq) VALUES ($1, $2, 0)', [clinicB.kioskId, clinicB.clinicId]));
    expect(refused.code).toBe('42501');
  });
});

describe('the double-dose guard', () => {
  const claim = `INSERT INTO central.dose_claims (service_user_id, clinic_day, session_id, session_opens_at, session_closes_at, event_id,
    actor_staff_id, witness_staff_id) VALUES ('su-7', '2026-11-23', $1, $2, $3, $4, $5, 'staff-witness')`;
  const afternoon = ['afternoon', '2026-11-23T12:30Z', '2026-11-23T18:00Z'];

  it('refuses a second claim for the same person, clinic day and session from another kiosk (23505), and shows who claimed', async () => {
    const first = await connect(clinicA.url);
    const second = await connect(secondA.url);
    await first.query(claim, [...afternoon, randomUUID(), 'staff-nurse-1']);
    const refused = await errorOf(second.query(claim, ['afternoon', '2026-11-23T19:00Z', '2026-11-23T20:00Z', randomUUID(), 'staff-nurse-2']));
    expect(refused.code).toBe('23505');
    const who = await second.query(
      "SELECT kiosk_id, actor_staff_id, claimed_at FROM central.dose_claims WHERE service_user_id = 'su-7' AND clinic_day = '2026-11-23' AND session_id = 'afternoon'");
    expect(who.rows).toEqual([{ kiosk_id: clinicA.kioskId, actor_staff_id: 'staff-nurse-1', claimed_at: expect.any(Date) as unknown }]);
  });

  it('refuses a claim under another session id whose window overlaps one held (CK005)', async () => {
    const kiosk = await connect(secondA.url);
    const refused = await errorOf(kiosk.query(claim, ['late-afternoon', '2026-11-23T15:00Z', '2026-11-23T18:00Z', randomUUID(), 'staff-nurse-2']));
    expect(refused.code).toBe('CK005');
  });

  it('lets the same person be dosed in the next session', async () => {
    const kiosk = await connect(secondA.url);
    const next = await kiosk.query(claim, ['evening', '2026-11-23T18:00Z', '2026-11-23T21:00Z', randomUUID(), 'staff-nurse-2']);
    expect(next.rowCount).toBe(1);
  });

  it("cannot claim as another clinic's kiosk", async () => {
    const kiosk = await connect(clinicA.url);
    const refused = await errorOf(kiosk.query(
      `INSERT INTO central.dose_claims (clinic_id, kiosk_id, service_user_id, clinic_day, session_id, session_opens_at, session_closes_at,
       event_id, actor_staff_id) VALUES ($1, $2, 'su-9', '2026-11-23', 'morning', '2026-11-23T08:00Z', '2026-11-23T12:30Z', $3, 'staff-1')`,
      [clinicB.clinicId, clinicB.kioskId, randomUUID()]));
    expect(refused.code).toBe('42501');
  });
});

describe('LISTEN/NOTIFY', () => {
  it('wakes a listener with the clinic id when a kiosk inserts events, once per transaction', async () => {
    const listener = await connectAnew(secondA.url);
    const heard: string[] = [];
    listener.on('notification', (message) => { if (message.channel === 'central_events') heard.push(message.payload ?? ''); });
    await listener.query('LISTEN central_events');
    const kiosk = await connect(clinicA.url);
    await push(kiosk, chain(clinicA.kioskId, 3, await tail(clinicA)));
    await expect.poll(() => heard, { timeout: 5_000 }).toEqual([clinicA.clinicId]);
  });
});
