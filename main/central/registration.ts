/**
 * Registering a clinic and its kiosks in the central store.
 *
 * A clinic starts with three events written by its central pseudo-kiosk (numbered and chained
 * exactly as a kiosk chains its own, so every kiosk verifies them the same way): the clinic, its
 * first clinic lead, and the default site rules, unapproved until a lead approves them. Every
 * kiosk learns them by pulling. A kiosk is a LOGIN role in the `kiosk` group with a random
 * password; its connection settings are printed once and never stored in clear.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hashSync } from '@node-rs/argon2';
import type pg from 'pg';
import { DomainEvent, LedgerEvent, currentPayloadVersion } from '../../shared/ledger/ledger-event.js';
import type { StaffRole } from '../../shared/ledger/reference-events.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { chainAfter, type ChainHead } from '../ledger/hash-chain.js';
import { eventRowOf } from '../ledger/ledger.js';

export class RegistrationError extends Error {}

export interface ClinicLead { displayName: string; badgeNumber: string; pin: string }

export interface NewKiosk {
  kioskName: string;
  /** An existing kiosk's ledger id, if it was installed before it was registered. */
  kioskId?: string | undefined;
  /** Its Ed25519 public key (SPKI PEM), to check its events' signatures against. */
  publicKeyPem?: string | undefined;
}

export interface ClinicSetup extends NewKiosk {
  clinicName: string;
  timeZone: string;
  lead: ClinicLead;
}

export interface KioskRegistration { kioskId: string; kioskName: string; clinicId: string; roleName: string; password: string }

/** The snippet for the kiosk's kiosk.json. */
export interface KioskConnectionSettings {
  central: { url: string; clinicId: string; kioskId: string; kioskName: string };
}

export interface RegisteredClinic {
  clinicId: string;
  leadStaffId: string;
  events: LedgerEvent[];
  kiosk: KioskRegistration;
}

export async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Creates the clinic, its central-origin events and its first kiosk, all or nothing. */
export async function registerClinic(client: pg.Client, setup: ClinicSetup, now: () => Date): Promise<RegisteredClinic> {
  return inTransaction(client, async () => {
    const clinicId = randomUUID();
    await client.query('INSERT INTO central.clinics (clinic_id, name, time_zone) VALUES ($1, $2, $3)',
      [clinicId, setup.clinicName, setup.timeZone]);
    const centralKioskId = randomUUID();
    await client.query(
      "INSERT INTO central.kiosks (kiosk_id, clinic_id, name, origin) VALUES ($1, $2, 'Central', 'central')",
      [centralKioskId, clinicId]);
    const leadStaffId = `staff-${randomUUID()}`;
    const role: StaffRole = 'clinicLead';
    const events = await appendCentralEvents(client, clinicId, centralKioskId, now, [
      { type: 'clinicRegistered', clinicId, name: setup.clinicName, timeZone: setup.timeZone },
      {
        type: 'staffEnrolled', staffId: leadStaffId, displayName: setup.lead.displayName, role,
        badgeNumber: setup.lead.badgeNumber, pinHash: hashSync(setup.lead.pin), active: true,
      },
      { type: 'siteRulesAdopted', rules: defaultSiteRules },
    ]);
    const kiosk = await createKiosk(client, clinicId, setup);
    return { clinicId, leadStaffId, events, kiosk };
  });
}

export async function addKiosk(client: pg.Client, clinicId: string, kiosk: NewKiosk): Promise<KioskRegistration> {
  return inTransaction(client, async () => {
    const clinic = await client.query('SELECT 1 FROM central.clinics WHERE clinic_id = $1', [clinicId]);
    if (clinic.rowCount === 0) throw new RegistrationError(`There is no clinic with id ${clinicId} in this central store.`);
    return createKiosk(client, clinicId, kiosk);
  });
}

/** Chains events after the pseudo-kiosk's last one (locked, so two setups cannot fork the chain). */
async function appendCentralEvents(
  client: pg.Client, clinicId: string, centralKioskId: string, now: () => Date, drafts: readonly DomainEvent[],
): Promise<LedgerEvent[]> {
  await client.query('SELECT 1 FROM central.kiosks WHERE kiosk_id = $1 FOR UPDATE', [centralKioskId]);
  const last = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM central.events WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT 1', [centralKioskId]);
  let head: ChainHead | null = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : null;
  const stored: LedgerEvent[] = [];
  for (const draft of drafts) {
    const event = LedgerEvent.parse(chainAfter(head, {
      kioskId: centralKioskId, eventId: randomUUID(), type: draft.type,
      payloadVersion: currentPayloadVersion, payload: DomainEvent.parse(draft),
      visitId: null, serviceUserId: null, actorStaffId: null, witnessStaffId: null,
      occurredAt: now().toISOString(),
    }));
    await insertCentralEvent(client, clinicId, event);
    head = { seq: event.seq, hash: event.hash };
    stored.push(event);
  }
  await client.query(
    `INSERT INTO central.kiosk_marks (kiosk_id, clinic_id, high_water_seq) VALUES ($1, $2, $3)
     ON CONFLICT (kiosk_id) DO UPDATE SET high_water_seq = excluded.high_water_seq`, [centralKioskId, clinicId, head?.seq ?? 0]);
  return stored;
}

/** The row a kiosk's ledger would store; the pseudo-kiosk has no key, so no signature. */
async function insertCentralEvent(client: pg.Client, clinicId: string, event: LedgerEvent): Promise<void> {
  const row = eventRowOf(event, null);
  const columns = Object.keys(row);
  await client.query(
    `INSERT INTO central.events (clinic_id, ${columns.join(', ')}) VALUES ($1, ${columns.map((_, index) => `$${index + 2}`).join(', ')})`,
    [clinicId, ...Object.values(row)]);
}

/** Exported for replace-kiosk, which registers the new kiosk inside its own transaction. */
export async function createKiosk(client: pg.Client, clinicId: string, { kioskName, kioskId: givenKioskId, publicKeyPem }: NewKiosk): Promise<KioskRegistration> {
  const kioskId = givenKioskId ?? randomUUID();
  const roleName = `kiosk_${randomBytes(8).toString('hex')}`;
  const password = randomBytes(24).toString('base64url');
  const taken = await client.query<{ reason: string }>(
    `SELECT 'name' AS reason FROM central.kiosks WHERE clinic_id = $1 AND name = $2
     UNION ALL SELECT 'id' FROM central.kiosks WHERE kiosk_id = $3`, [clinicId, kioskName, kioskId]);
  if (taken.rows.some((row) => row.reason === 'name')) {
    throw new RegistrationError(`A kiosk named "${kioskName}" is already registered at this clinic: choose another name.`);
  }
  if (taken.rows.length > 0) throw new RegistrationError(`A kiosk with id ${kioskId} is already registered.`);
  const role = client.escapeIdentifier(roleName);
  await client.query(`CREATE ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(password)} IN ROLE kiosk CONNECTION LIMIT 4`);
  // A kiosk that stalls mid-push must not hold its clinic's numbering lock for long.
  await client.query(`ALTER ROLE ${role} SET idle_in_transaction_session_timeout = '60s'`);
  await client.query(`ALTER ROLE ${role} SET statement_timeout = '60s'`);
  await client.query(
    "INSERT INTO central.kiosks (kiosk_id, clinic_id, name, origin, role_name, public_key_pem) VALUES ($1, $2, $3, 'kiosk', $4, $5)",
    [kioskId, clinicId, kioskName, roleName, publicKeyPem ?? null]);
  await client.query('INSERT INTO central.kiosk_marks (kiosk_id, clinic_id) VALUES ($1, $2)', [kioskId, clinicId]);
  return { kioskId, kioskName, clinicId, roleName, password };
}

/** The URL the kiosk connects with: the setup URL's server and database, the kiosk's own role. */
export function kioskConnectionSettings(setupUrl: string, kiosk: KioskRegistration): KioskConnectionSettings {
  const url = new URL(setupUrl);
  url.username = kiosk.roleName;
  url.password = kiosk.password;
  return { central: { url: url.toString(), clinicId: kiosk.clinicId, kioskId: kiosk.kioskId, kioskName: kiosk.kioskName } };
}
