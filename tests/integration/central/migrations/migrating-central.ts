/**
 * A central database taken up to just before one migration, on the real PostgreSQL of
 * tests/support/postgres.ts, so each migration's test can write the rows it meets, run it through
 * the real migrator and look at what it promised.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { centralMigrations } from '../../../../main/central/migrations/index.js';
import { migrateCentral } from '../../../../main/central/migrator.js';
import { chainAfter, type ChainHead } from '../../../../main/ledger/hash-chain.js';
import { eventRowOf } from '../../../../main/ledger/ledger.js';
import { currentPayloadVersion, type LedgerEvent } from '../../../../shared/ledger/ledger-event.js';
import { startTestPostgres, type TestPostgres } from '../../../support/postgres.js';

export interface CentralDatabase { url: string; admin: pg.Client; close(): Promise<void> }

/** One server for the test file that calls this (initdb is the slow part), stopped after its last test. */
export function postgresForThisFile(): () => TestPostgres {
  let server: TestPostgres | undefined;
  beforeAll(async () => { server = await startTestPostgres(); });
  afterAll(async () => { await server?.stop(); });
  return () => {
    if (!server) throw new Error('The test PostgreSQL has not started.');
    return server;
  };
}

function indexOf(name: string): number {
  const index = centralMigrations.findIndex((migration) => migration.name === name);
  if (index === -1) throw new Error(`No central migration is named ${name}.`);
  return index;
}

async function connected(url: string, opened: pg.Client[]): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  opened.push(client);
  return client;
}

/** A new database with every central migration before `name` applied, and a superuser connection to it. */
export async function centralBefore(server: TestPostgres, name: string): Promise<CentralDatabase & { login(url: string): Promise<pg.Client> }> {
  const url = await server.newDatabase();
  const opened: pg.Client[] = [];
  const admin = await connected(url, opened);
  await migrateCentral(admin, centralMigrations.slice(0, indexOf(name)));
  return {
    url, admin,
    login: (loginUrl) => connected(loginUrl, opened),
    close: async () => { await Promise.all(opened.map((client) => client.end().catch(() => undefined))); },
  };
}

/** Runs `name` on a database migrated to just before it, and checks that it alone ran. */
export async function runCentralMigration(admin: pg.Client, name: string): Promise<void> {
  expect(await migrateCentral(admin, centralMigrations.slice(0, indexOf(name) + 1))).toEqual([name]);
}

/** A new database with `name` and every central migration before it applied. */
export async function centralThrough(server: TestPostgres, name: string): Promise<Awaited<ReturnType<typeof centralBefore>>> {
  const db = await centralBefore(server, name);
  await runCentralMigration(db.admin, name);
  return db;
}

/** The error a statement fails with (its SQLSTATE and words), or null when it succeeds. */
export async function failureOf(query: Promise<unknown>): Promise<{ code: string | undefined; message: string } | null> {
  try {
    await query;
    return null;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

/** A clinic with its central pseudo-kiosk, as setup makes them. */
export async function addClinic(admin: pg.Client, name = 'Riverside HAT Clinic'): Promise<{ clinicId: string; centralKioskId: string }> {
  const clinicId = randomUUID();
  const centralKioskId = randomUUID();
  await admin.query("INSERT INTO central.clinics (clinic_id, name, time_zone) VALUES ($1, $2, 'Europe/London')", [clinicId, name]);
  await admin.query("INSERT INTO central.kiosks (kiosk_id, clinic_id, name, origin) VALUES ($1, $2, 'Central', 'central')", [centralKioskId, clinicId]);
  return { clinicId, centralKioskId };
}

/** A kiosk with a LOGIN role in the `kiosk` group; returns its id and the URL it connects with. */
export async function addKioskLogin(admin: pg.Client, url: string, clinicId: string, name: string): Promise<{ kioskId: string; url: string }> {
  const kioskId = randomUUID();
  const roleName = `kiosk_${randomBytes(8).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await admin.query(`CREATE ROLE ${roleName} LOGIN PASSWORD '${password}' IN ROLE kiosk`);
  await admin.query("INSERT INTO central.kiosks (kiosk_id, clinic_id, name, origin, role_name) VALUES ($1, $2, $3, 'kiosk', $4)",
    [kioskId, clinicId, name, roleName]);
  const login = new URL(url);
  login.username = roleName;
  login.password = password;
  return { kioskId, url: login.toString() };
}

/** `count` events chained after `head`, as a kiosk's ledger writes them. */
export function chainedEvents(kioskId: string, count: number, head: ChainHead | null = null, occurredAt = new Date()): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (let n = 0; n < count; n++) {
    const event = chainAfter(events.at(-1) ?? head, {
      kioskId, eventId: randomUUID(), type: 'retitrationBlockCleared', payloadVersion: currentPayloadVersion,
      payload: { type: 'retitrationBlockCleared', serviceUserId: 'su-1', note: `Reviewed ${n}` },
      visitId: null, serviceUserId: 'su-1', actorStaffId: 'staff-lead', witnessStaffId: null, occurredAt: occurredAt.toISOString(),
    });
    events.push(event);
  }
  return events;
}

/** Inserts one event as a kiosk pushes it; `extra` adds columns a kiosk may not set (clinic_id, central_seq). */
export function insertEvent(client: pg.Client, event: LedgerEvent, extra: Record<string, unknown> = {}, onConflict = ''): Promise<pg.QueryResult> {
  const row = { ...eventRowOf(event, null), ...extra };
  const columns = Object.keys(row);
  return client.query(`INSERT INTO central.events (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')}) ${onConflict}`,
    Object.values(row));
}

/** The payload of the first `central_events` notification after `during` starts. */
export async function firstNotification(listener: pg.Client, during: () => Promise<unknown>): Promise<string> {
  await listener.query('LISTEN central_events');
  const heard = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error('Nothing was announced on central_events within 5 s.')); }, 5_000);
    listener.once('notification', (message: pg.Notification) => {
      clearTimeout(timer);
      resolve(message.payload ?? '');
    });
  });
  await during();
  return heard;
}
