/**
 * The central store's migrations and its setup commands, against a real PostgreSQL: what setup
 * says it creates is there, seen through the new kiosk's own login.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifySync } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCentralCommand } from '../../main/central/central-commands.js';
import { CentralMigrationMismatchError, migrateCentral } from '../../main/central/migrator.js';
import { centralMigrations } from '../../main/central/migrations/index.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { newSigningKeyPair } from '../../main/ledger/event-signature.js';
import { DomainEvent, LedgerEvent, genesisHash } from '../../shared/ledger/ledger-event.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';
import { freshDir } from '../support/temp-dir.js';

let server: TestPostgres;
beforeAll(async () => { server = await startTestPostgres(); });
afterAll(async () => { await server.stop(); });

const now = () => new Date('2026-11-23T09:00:00.123Z');

/** A row of central.events as node-postgres reads it: int8 as text, timestamptz as a Date, jsonb parsed. */
interface CentralEventRecord {
  clinic_id: string; kiosk_id: string; seq: string; event_id: string; type: string; payload_version: number; payload: unknown;
  visit_id: string | null; service_user_id: string | null; actor_staff_id: string | null; witness_staff_id: string | null;
  occurred_at: Date; prev_hash: string; hash: string; future_skew: boolean;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCentralCommand(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }, now);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const KioskJson = (text: string) => JSON.parse(text) as { central: { url: string; clinicId: string; kioskId: string; kioskName: string } };

function setupArgs(url: string, overrides: Record<string, string> = {}): string[] {
  const args: Record<string, string> = {
    '--url': url, '--clinic-name': 'Riverside HAT Clinic', '--time-zone': 'Europe/London', '--lead-name': 'Sam Lee',
    '--lead-badge': 'L4001', '--lead-pin': '1593', '--kiosk-name': 'Injection room 1', ...overrides,
  };
  return ['setup', ...Object.entries(args).flat()];
}

describe('central migrations', () => {
  it('run on an empty database and do nothing on a second run', async () => {
    const url = await server.newDatabase();
    await withClient(url, async (client) => {
      expect(await migrateCentral(client, centralMigrations)).toEqual(centralMigrations.map((m) => m.name));
      expect(await migrateCentral(client, centralMigrations)).toEqual([]);
      const tables = await client.query<{ table_name: string; tableowner: string }>(
        "SELECT tablename AS table_name, tableowner FROM pg_tables WHERE schemaname = 'central' ORDER BY tablename");
      expect(tables.rows).toEqual(['clinics', 'dose_claims', 'events', 'kiosk_marks', 'kiosks']
        .map((table_name) => ({ table_name, tableowner: 'central_owner' })));
      const secured = await client.query<{ relname: string }>(
        "SELECT relname FROM pg_class WHERE relnamespace = 'central'::regnamespace AND relkind = 'r' AND relrowsecurity ORDER BY relname");
      expect(secured.rows.map((row) => row.relname)).toEqual(['clinics', 'dose_claims', 'events', 'kiosk_marks', 'kiosks']);
    });
  });

  it('each applies on top of the ones before it', async () => {
    const url = await server.newDatabase();
    await withClient(url, async (client) => {
      for (const [index, migration] of centralMigrations.entries()) {
        expect(await migrateCentral(client, centralMigrations.slice(0, index + 1))).toEqual([migration.name]);
      }
    });
  });

  it('refuse a database migrated by a different version', async () => {
    const url = await server.newDatabase();
    await withClient(url, async (client) => {
      await migrateCentral(client, centralMigrations);
      await client.query("INSERT INTO central_migrations.applied (name) VALUES ('9999-from-the-future')");
      await expect(migrateCentral(client, centralMigrations)).rejects.toThrow(CentralMigrationMismatchError);
    });
  });
});

describe('npm run central -- setup', () => {
  let url: string;
  let setup: { code: number; out: string; err: string };
  beforeAll(async () => {
    url = await server.newDatabase();
    setup = await run(...setupArgs(url));
  });

  it('prints the kiosk connection settings as JSON for its kiosk.json', () => {
    expect(setup.err).toContain('Registered Riverside HAT Clinic');
    expect(setup.code).toBe(0);
    const { central } = KioskJson(setup.out);
    expect(central.kioskName).toBe('Injection room 1');
    expect(new URL(central.url).username).toMatch(/^kiosk_[0-9a-f]{16}$/);
    expect(new URL(central.url).password.length).toBeGreaterThanOrEqual(32);
    expect(new URL(central.url).pathname).toBe(new URL(url).pathname);
  });

  it('creates the clinic, its kiosks and marks, seen through the kiosk login', async () => {
    const { central } = KioskJson(setup.out);
    await withClient(central.url, async (kiosk) => {
      const who = await kiosk.query('SELECT current_user AS name, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser');
      expect(who.rows[0]).toEqual({ name: new URL(central.url).username, superuser: false });
      const clinics = await kiosk.query('SELECT clinic_id, name, time_zone FROM central.clinics');
      expect(clinics.rows).toEqual([{ clinic_id: central.clinicId, name: 'Riverside HAT Clinic', time_zone: 'Europe/London' }]);
      const kiosks = await kiosk.query<{ kiosk_id: string; name: string; origin: string }>('SELECT kiosk_id, name, origin FROM central.kiosks ORDER BY origin');
      expect(kiosks.rows).toEqual([
        { kiosk_id: expect.any(String) as unknown, name: 'Central', origin: 'central' },
        { kiosk_id: central.kioskId, name: 'Injection room 1', origin: 'kiosk' },
      ]);
      const marks = await kiosk.query('SELECT kiosk_id, high_water_seq FROM central.kiosk_marks ORDER BY high_water_seq');
      expect(marks.rows).toEqual([
        { kiosk_id: central.kioskId, high_water_seq: '0' },
        { kiosk_id: kiosks.rows[0]?.kiosk_id, high_water_seq: '3' },
      ]);
    });
  });

  it('records the clinic, its first lead and the default site rules as a chained central-origin ledger', async () => {
    const { central } = KioskJson(setup.out);
    const rows = await withClient(central.url, (kiosk) => kiosk.query<CentralEventRecord>('SELECT * FROM central.events ORDER BY central_seq'));
    const events = rows.rows.map((row) => LedgerEvent.parse({
      kioskId: row.kiosk_id, seq: Number(row.seq), eventId: row.event_id, type: row.type, payloadVersion: row.payload_version,
      payload: row.payload, visitId: row.visit_id, serviceUserId: row.service_user_id, actorStaffId: row.actor_staff_id,
      witnessStaffId: row.witness_staff_id, occurredAt: row.occurred_at.toISOString(), prevHash: row.prev_hash, hash: row.hash,
    }));
    expect(events.map((event) => [event.seq, event.type])).toEqual([[1, 'clinicRegistered'], [2, 'staffEnrolled'], [3, 'siteRulesAdopted']]);
    let prevHash = genesisHash;
    for (const { hash, ...unhashed } of events) {
      expect(unhashed.prevHash).toBe(prevHash);
      expect(hashEvent(unhashed)).toBe(hash);
      prevHash = hash;
    }
    expect(rows.rows.every((row) => row.clinic_id === central.clinicId && row.future_skew === false)).toBe(true);
    const [registered, lead, rules] = events.map((event) => DomainEvent.parse(event.payload));
    expect(registered).toEqual({ type: 'clinicRegistered', clinicId: central.clinicId, name: 'Riverside HAT Clinic', timeZone: 'Europe/London' });
    expect(lead).toMatchObject({ type: 'staffEnrolled', displayName: 'Sam Lee', role: 'clinicLead', badgeNumber: 'L4001', active: true });
    if (lead?.type !== 'staffEnrolled') throw new Error('expected the lead');
    expect(lead.pinHash).toMatch(/^\$argon2id\$/);
    expect(verifySync(lead.pinHash, '1593')).toBe(true);
    expect(rules).toEqual({ type: 'siteRulesAdopted', rules: defaultSiteRules });
  });

  it('adds a second kiosk to the clinic, and refuses a name already taken or a clinic that does not exist', async () => {
    const { central } = KioskJson(setup.out);
    const added = await run('add-kiosk', '--url', url, '--clinic', central.clinicId, '--kiosk-name', 'Injection room 2');
    expect(added.code).toBe(0);
    const second = KioskJson(added.out).central;
    expect(second.clinicId).toBe(central.clinicId);
    const names = await withClient(second.url, (kiosk) => kiosk.query<{ name: string }>("SELECT name FROM central.kiosks WHERE origin = 'kiosk' ORDER BY name"));
    expect(names.rows.map((row) => row.name)).toEqual(['Injection room 1', 'Injection room 2']);

    const again = await run('add-kiosk', '--url', url, '--clinic', central.clinicId, '--kiosk-name', 'Injection room 2');
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toContain('A kiosk named "Injection room 2" is already registered at this clinic');
    const nowhere = await run('add-kiosk', '--url', url, '--clinic', 'no-such-clinic', '--kiosk-name', 'Room 3');
    expect(nowhere).toMatchObject({ code: 1, out: '' });
    expect(nowhere.err).toContain('There is no clinic with id no-such-clinic');
  });

  it('registers a kiosk under the id and public key its ledger already has', async () => {
    const { central } = KioskJson(setup.out);
    const kioskId = '6f1c9a52-3b0e-4d7a-9c1e-2f5b8d4a7e10';
    const folder = freshDir('central-key-');
    try {
      const keyFile = join(folder.path, 'kiosk.pub.pem');
      const { publicKeyPem } = newSigningKeyPair();
      writeFileSync(keyFile, publicKeyPem);
      const added = await run('add-kiosk', '--url', url, '--clinic', central.clinicId, '--kiosk-name', 'Spare',
        '--kiosk-id', kioskId, '--kiosk-public-key', keyFile);
      expect(added.code).toBe(0);
      expect(KioskJson(added.out).central.kioskId).toBe(kioskId);
      const stored = await withClient(url, (client) => client.query<{ public_key_pem: string | null }>('SELECT public_key_pem FROM central.kiosks WHERE kiosk_id = $1', [kioskId]));
      expect(stored.rows[0]?.public_key_pem).toBe(publicKeyPem);

      writeFileSync(keyFile, 'not a key');
      const wrong = await run('add-kiosk', '--url', url, '--clinic', central.clinicId, '--kiosk-name', 'Spare 2', '--kiosk-public-key', keyFile);
      expect(wrong.code).toBe(2);
      expect(wrong.err).toContain("--kiosk-public-key must be a file holding the kiosk's Ed25519 public key as PEM");
    } finally {
      folder.remove();
    }
  });
});

describe('npm run central -- with wrong input', () => {
  it('explains each wrong argument and exits 2 without touching the database', async () => {
    const url = await server.newDatabase();
    const wrong = await run(...setupArgs(url, { '--lead-pin': '12', '--time-zone': 'Mars/Olympus', '--lead-badge': 'L 1' }));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('A PIN is 4 to 8 digits.');
    expect(wrong.err).toContain('The --time-zone must be an IANA time zone, like Europe/London.');
    expect(wrong.err).toContain('A badge number is 3 to 32 letters and digits.');
    const migrated = await withClient(url, (client) => client.query<{ central: string | null }>("SELECT to_regnamespace('central') AS central"));
    expect(migrated.rows[0]?.central).toBeNull();

    expect((await run('setup', '--clinic-name', 'X')).err).toContain('Give --url');
    expect((await run(...setupArgs('mysql://db/central'))).err).toContain('must be a PostgreSQL URL');
    expect((await run('teleport')).code).toBe(2);
    expect((await run('setup', '--colour', 'red')).err).toContain("Unknown option '--colour'");
  });

  it('says plainly when the server cannot be reached, or refuses the password', async () => {
    const unreachable = await run(...setupArgs('postgres://admin:secret@127.0.0.1:1/central'));
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('Could not reach PostgreSQL at postgres://admin:***@127.0.0.1:1/central');
    expect(unreachable.err).not.toContain('secret');

    const admin = new URL(server.adminUrl);
    admin.password = 'wrong-password';
    const refused = await run(...setupArgs(admin.toString()));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('PostgreSQL refused the role or password');
  });

  it('refuses to set up with a role that cannot create roles', async () => {
    const url = await server.newDatabase();
    const { central } = KioskJson((await run(...setupArgs(url))).out);
    const asKiosk = await run(...setupArgs(central.url, { '--clinic-name': 'Another clinic' }));
    expect(asKiosk.code).toBe(1);
    expect(asKiosk.err).toContain('cannot create roles');
  });
});
