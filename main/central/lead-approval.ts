/**
 * A clinic lead's approval, checked against the clinic's own record in central: staff are the
 * `staffEnrolled` events of the clinic (enrolling a staff id again changes their role, badge, PIN
 * or whether they still work here), so the latest of each staff id by central_seq is who they are
 * now. Central holds every kiosk's enrolments, so a lead enrolled at any kiosk that has synced
 * can approve.
 *
 * Unknown badge and wrong PIN get the same sentence, so the answer does not help anyone guess
 * which of the two was right. Role and leaving are only said once the PIN is right.
 */
import { verify } from '@node-rs/argon2';
import type pg from 'pg';
import { DomainEvent } from '../../shared/ledger/ledger-event.js';
import type { ReferenceEventOf } from '../../shared/ledger/reference-events.js';
import { RegistrationError } from './registration.js';

type StaffRecord = ReferenceEventOf<'staffEnrolled'>;

export interface ApprovingLead { staffId: string; displayName: string; badgeNumber: string }

/** Each staff member of the clinic as their latest enrolment says. */
async function currentStaff(client: pg.Client, clinicId: string): Promise<StaffRecord[]> {
  const result = await client.query<{ payload: unknown }>(
    `SELECT DISTINCT ON (payload->>'staffId') payload FROM central.events
     WHERE clinic_id = $1 AND type = 'staffEnrolled' ORDER BY payload->>'staffId', central_seq DESC`, [clinicId]);
  return result.rows.map((row) => DomainEvent.parse(row.payload))
    .filter((event): event is StaffRecord => event.type === 'staffEnrolled');
}

/** A badge may have passed from someone who left to someone new: whoever's PIN it is, preferring a current lead. */
async function holderOf(staff: readonly StaffRecord[], badgeNumber: string, pin: string): Promise<StaffRecord | null> {
  const matched: StaffRecord[] = [];
  for (const member of staff) {
    if (member.badgeNumber === badgeNumber && await verify(member.pinHash, pin)) matched.push(member);
  }
  return matched.find((member) => member.active && member.role === 'clinicLead') ?? matched.find((member) => member.active) ?? matched[0] ?? null;
}

export async function checkLeadApproval(client: pg.Client, clinicId: string, badgeNumber: string, pin: string, what: string): Promise<ApprovingLead> {
  const holder = await holderOf(await currentStaff(client, clinicId), badgeNumber, pin);
  if (!holder) {
    throw new RegistrationError(`The clinic lead's badge or PIN is not right for this clinic, so ${what} was not approved: nothing was changed.`);
  }
  if (!holder.active) {
    throw new RegistrationError(`${holder.displayName} (badge ${badgeNumber}) has left this clinic, so cannot approve ${what}: ask a current clinic lead. Nothing was changed.`);
  }
  if (holder.role !== 'clinicLead') {
    throw new RegistrationError(`${holder.displayName} (badge ${badgeNumber}) is not a clinic lead: only a clinic lead may approve ${what}. Nothing was changed.`);
  }
  return { staffId: holder.staffId, displayName: holder.displayName, badgeNumber };
}
