/**
 * Replacing a kiosk whose signing key is lost (a broken disk, a stolen machine): a new identity,
 * approved by a clinic lead of its clinic, and the old one closed (migration 0006), all in one
 * transaction. The old kiosk's events stay in central and keep counting for every kiosk, the
 * double-dose guard included; only new writes under its id are refused.
 *
 * What the old kiosk recorded but never sent is not in central and cannot be: its key is gone, so
 * nothing it holds can be trusted as its own. The command says how far central holds it, so staff
 * check the paper records from there.
 */
import type pg from 'pg';
import { checkLeadApproval, type ApprovingLead } from './lead-approval.js';
import { RegistrationError, createKiosk, inTransaction, type KioskRegistration } from './registration.js';

export interface KioskReplacement {
  clinicId: string;
  oldKioskId: string;
  newKioskName: string;
  lead: { badgeNumber: string; pin: string };
  reason: string;
}

/** The old kiosk as central held it when it closed. */
export interface ClosedKiosk {
  kioskId: string;
  kioskName: string;
  closedAt: Date;
  /** Its last event central holds (0: none), and when that event was recorded and received. */
  heldThroughSeq: number;
  lastRecordedAt: Date | null;
  lastReceivedAt: Date | null;
}

export interface ReplacedKiosk { kiosk: KioskRegistration; closed: ClosedKiosk; approvedBy: ApprovingLead; timeZone: string }

interface KioskRow {
  kiosk_id: string; clinic_id: string; name: string; origin: string; role_name: string | null; closed_at: Date | null; replaced_by: string | null;
}

const whatIsApproved = 'replacing a kiosk';

async function clinicTimeZone(client: pg.Client, clinicId: string): Promise<string> {
  const result = await client.query<{ time_zone: string }>('SELECT time_zone FROM central.clinics WHERE clinic_id = $1', [clinicId]);
  const zone = result.rows[0]?.time_zone;
  if (zone === undefined) throw new RegistrationError(`There is no clinic with id ${clinicId} in this central store.`);
  return zone;
}

/** The kiosk to close, refused unless it is an open kiosk of this clinic. */
async function kioskToClose(client: pg.Client, clinicId: string, kioskId: string, lock: '' | 'FOR UPDATE' = ''): Promise<KioskRow & { role_name: string }> {
  const result = await client.query<KioskRow>(
    `SELECT kiosk_id, clinic_id, name, origin, role_name, closed_at, replaced_by FROM central.kiosks WHERE kiosk_id = $1 ${lock}`, [kioskId]);
  const kiosk = result.rows[0];
  if (kiosk?.clinic_id !== clinicId) {
    throw new RegistrationError(`There is no kiosk with id ${kioskId} at clinic ${clinicId}: check --kiosk against the kiosk's kiosk.json. Nothing was changed.`);
  }
  if (kiosk.origin !== 'kiosk' || kiosk.role_name === null) {
    throw new RegistrationError(`Kiosk ${kioskId} is the clinic's central record of its setup, not a machine: it cannot be replaced. Nothing was changed.`);
  }
  if (kiosk.closed_at !== null) {
    throw new RegistrationError(`Kiosk "${kiosk.name}" (${kioskId}) was already closed on ${kiosk.closed_at.toISOString()}` +
      `${kiosk.replaced_by === null ? '' : ` and replaced by kiosk ${kiosk.replaced_by}`}: nothing was changed.`);
  }
  return { ...kiosk, role_name: kiosk.role_name };
}

/**
 * Cuts the old machine off: its open sessions are ended (a push in flight rolls back), waiting up to
 * 5 s for each to go. Run before the closing (so no push holds the kiosk's row) and again after
 * commit, for a session that logged in before NOLOGIN was committed. A role with CREATEROLE but
 * neither superuser nor pg_signal_backend may not end them, and PostgreSQL would abort the whole
 * replacement for it: such sessions are left, and the closed-kiosk triggers refuse what they send.
 */
export async function endSessionsOf(client: pg.Client, roleName: string): Promise<void> {
  await client.query(`SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
    WHERE usename = $1 AND pid <> pg_backend_pid() AND ((SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
      OR pg_has_role(current_user, 'pg_signal_backend', 'USAGE') OR pg_has_role(current_user, $1::name, 'USAGE'))`, [roleName]);
}

async function lastHeldEvent(client: pg.Client, kioskId: string): Promise<Pick<ClosedKiosk, 'heldThroughSeq' | 'lastRecordedAt' | 'lastReceivedAt'>> {
  const result = await client.query<{ seq: string; occurred_at: Date; received_at: Date }>(
    'SELECT seq, occurred_at, received_at FROM central.events WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT 1', [kioskId]);
  const last = result.rows[0];
  return { heldThroughSeq: last ? Number(last.seq) : 0, lastRecordedAt: last?.occurred_at ?? null, lastReceivedAt: last?.received_at ?? null };
}

async function closeKiosk(
  client: pg.Client, old: KioskRow & { role_name: string }, replacement: KioskReplacement, successorId: string, lead: ApprovingLead, closedAt: Date,
): Promise<ClosedKiosk> {
  await client.query(`ALTER ROLE ${client.escapeIdentifier(old.role_name)} NOLOGIN`);
  await endSessionsOf(client, old.role_name);
  // Locked, then checked again: another replace-kiosk may have closed it meanwhile.
  await kioskToClose(client, replacement.clinicId, old.kiosk_id, 'FOR UPDATE');
  const held = await lastHeldEvent(client, old.kiosk_id);
  await client.query(
    `UPDATE central.kiosks SET closed_at = $2, closed_reason = $3, replaced_by = $4, closed_by_staff_id = $5, closed_at_seq = $6
     WHERE kiosk_id = $1`, [old.kiosk_id, closedAt, replacement.reason, successorId, lead.staffId, held.heldThroughSeq]);
  return { kioskId: old.kiosk_id, kioskName: old.name, closedAt, ...held };
}

export async function replaceKiosk(client: pg.Client, replacement: KioskReplacement, now: () => Date): Promise<ReplacedKiosk> {
  const { oldRole, ...replaced } = await inTransaction(client, async () => {
    const timeZone = await clinicTimeZone(client, replacement.clinicId);
    const approvedBy = await checkLeadApproval(client, replacement.clinicId, replacement.lead.badgeNumber, replacement.lead.pin, whatIsApproved);
    const old = await kioskToClose(client, replacement.clinicId, replacement.oldKioskId);
    const kiosk = await createKiosk(client, replacement.clinicId, { kioskName: replacement.newKioskName });
    const closed = await closeKiosk(client, old, replacement, kiosk.kioskId, approvedBy, now());
    return { kiosk, closed, approvedBy, timeZone, oldRole: old.role_name };
  });
  await endSessionsOf(client, oldRole);
  return replaced;
}
