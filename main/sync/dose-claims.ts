/**
 * The double-dose guard (docs/design.md section 5). Before a dose is recorded as given, the kiosk claims
 * (service user, clinic day, session) in central's unique table: whichever kiosk claims first has
 * dosed; any other is refused and told who and when. A claim is one INSERT, committed on its own.
 *
 * Offline, the dose goes ahead on what this kiosk knows and is recorded as claimed offline; on
 * reconnection the claim is made, and a conflict becomes an incident event that every kiosk shows.
 */
import type pg from 'pg';
import type { OtherDoseClaim } from '../../shared/ledger/sync-events.js';
import { CentralClaimRow } from './central-rows.js';
import type { DoseClaimRequest } from './kiosk-sync.js';

/** What the host asks to claim, and whether it is claimed on reconnection for a dose already given. */
export interface DoseClaim extends DoseClaimRequest {
  claimedOffline: boolean;
}

export type ClaimResult =
  | { kind: 'claimed'; eventId: string }
  | { kind: 'alreadyClaimed'; other: OtherDoseClaim };

async function claimHeld(client: pg.ClientBase, claim: DoseClaim): Promise<OtherDoseClaim | null> {
  const result = await client.query<Record<string, unknown>>(
    `SELECT c.kiosk_id, k.name AS kiosk_name, c.event_id, c.claimed_at, c.actor_staff_id, c.witness_staff_id, c.claimed_offline
     FROM central.dose_claims c JOIN central.kiosks k ON k.kiosk_id = c.kiosk_id
     WHERE c.service_user_id = $1 AND c.clinic_day = $2 AND c.session_index = $3`,
    [claim.serviceUserId, claim.clinicDay, claim.sessionIndex]);
  const row = result.rows[0];
  if (!row) return null;
  const held = CentralClaimRow.parse(row);
  return {
    kioskId: held.kiosk_id, kioskName: held.kiosk_name, eventId: held.event_id, claimedAt: held.claimed_at,
    actorStaffId: held.actor_staff_id, witnessStaffId: held.witness_staff_id, claimedOffline: held.claimed_offline,
  };
}

/**
 * Makes the claim. `recordedHere` says whether an event id is already in this kiosk's ledger: a
 * claim of this kiosk's whose dose was never recorded (the write failed after the claim) is taken
 * over by the next attempt rather than blocking the person for the session.
 */
export async function claimDose(
  client: pg.ClientBase, kioskId: string, claim: DoseClaim, recordedHere: (eventId: string) => boolean,
): Promise<ClaimResult> {
  const inserted = await client.query(
    `INSERT INTO central.dose_claims (service_user_id, clinic_day, session_index, event_id, actor_staff_id, witness_staff_id, claimed_offline)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING event_id`,
    [claim.serviceUserId, claim.clinicDay, claim.sessionIndex, claim.eventId, claim.actorStaffId, claim.witnessStaffId, claim.claimedOffline]);
  if (inserted.rowCount === 1) return { kind: 'claimed', eventId: claim.eventId };
  const held = await claimHeld(client, claim);
  // Gone between the insert and the look (claims are never deleted): the insert conflicted on the event id alone.
  if (held === null) throw new Error(`The dose claim for event ${claim.eventId} conflicted, yet no claim is held for that person and session.`);
  if (held.eventId === claim.eventId) return { kind: 'claimed', eventId: claim.eventId };
  if (held.kioskId === kioskId && !recordedHere(held.eventId)) return { kind: 'claimed', eventId: held.eventId };
  return { kind: 'alreadyClaimed', other: held };
}
