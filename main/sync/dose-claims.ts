/**
 * The double-dose guard (docs/design.md section 5). Before a dose is recorded as given, the kiosk
 * claims the person's session in central: whichever kiosk claims first has dosed; any other is
 * refused and told who and when. A session is named by its stable id and its window on the day
 * (central migration 0005), and a claim is refused when the person already has one with the same
 * id on that clinic day, or one whose window overlaps, so a change of the site's windows (a
 * morning split in two, an "Early" window added) never makes room for a second dose.
 *
 * The look and the insert are one transaction under a per-person lock, so two kiosks claiming at
 * once are decided one after the other. Offline, the dose goes ahead on what this kiosk knows and
 * is recorded as claimed offline; on reconnection the claim is made, and a conflict becomes an
 * incident event that every kiosk shows.
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

/** The key central migration 0005's insert trigger locks with: both must name the same lock. */
function personLockKey(serviceUserId: string): string {
  return `central.dose_claims ${serviceUserId}`;
}

/** Claims of this person that stand in the way: this very event, the same session that day, or a window that overlaps. */
async function claimsInTheWay(client: pg.ClientBase, claim: DoseClaim): Promise<OtherDoseClaim[]> {
  const result = await client.query<Record<string, unknown>>(
    `SELECT c.kiosk_id, k.name AS kiosk_name, c.event_id, c.claimed_at, c.actor_staff_id, c.witness_staff_id, c.claimed_offline
     FROM central.dose_claims c JOIN central.kiosks k ON k.kiosk_id = c.kiosk_id
     WHERE c.service_user_id = $1 AND (c.event_id = $2 OR (c.clinic_day = $3 AND c.session_id = $4)
       OR (c.session_opens_at < $6 AND c.session_closes_at > $5))
     ORDER BY c.claimed_at, c.event_id`,
    [claim.serviceUserId, claim.eventId, claim.clinicDay, claim.sessionId, claim.sessionOpensAt, claim.sessionClosesAt]);
  return result.rows.map((row) => {
    const held = CentralClaimRow.parse(row);
    return {
      kioskId: held.kiosk_id, kioskName: held.kiosk_name, eventId: held.event_id, claimedAt: held.claimed_at,
      actorStaffId: held.actor_staff_id, witnessStaffId: held.witness_staff_id, claimedOffline: held.claimed_offline,
    };
  });
}

async function insertClaim(client: pg.ClientBase, claim: DoseClaim): Promise<void> {
  await client.query(
    `INSERT INTO central.dose_claims (service_user_id, clinic_day, session_id, session_opens_at, session_closes_at, event_id,
       actor_staff_id, witness_staff_id, claimed_offline)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [claim.serviceUserId, claim.clinicDay, claim.sessionId, claim.sessionOpensAt, claim.sessionClosesAt, claim.eventId,
      claim.actorStaffId, claim.witnessStaffId, claim.claimedOffline]);
}

async function claimUnderLock(
  client: pg.ClientBase, kioskId: string, claim: DoseClaim, recordedHere: (eventId: string) => boolean,
): Promise<ClaimResult> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [personLockKey(claim.serviceUserId)]);
  const held = await claimsInTheWay(client, claim);
  // The same claim again (an answer lost on the way back, or the claim settled on reconnection).
  if (held.some((other) => other.eventId === claim.eventId)) return { kind: 'claimed', eventId: claim.eventId };
  const blocking = held.find((other) => other.kioskId !== kioskId || recordedHere(other.eventId));
  if (blocking) return { kind: 'alreadyClaimed', other: blocking };
  // Only this kiosk's own claims whose dose it never wrote (the write failed after the claim):
  // taken over, rather than blocking the person for the session.
  const own = held[0];
  if (own) return { kind: 'claimed', eventId: own.eventId };
  await insertClaim(client, claim);
  return { kind: 'claimed', eventId: claim.eventId };
}

/**
 * Makes the claim, in a transaction of its own: call it on a connection with none open.
 * `recordedHere` says whether an event id is already in this kiosk's ledger. Claims are never
 * deleted, so a refusal names the claim that was there first.
 */
export async function claimDose(
  client: pg.ClientBase, kioskId: string, claim: DoseClaim, recordedHere: (eventId: string) => boolean,
): Promise<ClaimResult> {
  // READ COMMITTED, whatever the connection's default: the look after the lock must see a claim
  // committed while this one waited, which a snapshot taken before the wait would not.
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  try {
    const result = await claimUnderLock(client, kioskId, claim, recordedHere);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
