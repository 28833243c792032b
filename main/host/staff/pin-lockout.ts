/**
 * Lockout after wrong PINs (docs/design.md section 7): five wrong PINs in a row for one badge, at
 * sign-in or when confirming a dose, lock it; a locked badge is refused even with the right PIN
 * until a clinic lead unlocks it. Every wrong PIN, lock and unlock is a ledger event (who, when,
 * which kiosk), so a lockout survives a restart and follows the badge to every kiosk by sync.
 *
 * A clinic lead's own badge also unlocks itself after 30 minutes. Many clinics have a single
 * lead, and the lead is the only one who can unlock anyone: without a way back, one locked lead
 * would leave the clinic unable to unlock staff or enrol a new lead short of editing the ledger,
 * which it must never allow. Thirty minutes keeps guessing slow (five guesses per half hour: about
 * three weeks, on average, for a four-digit PIN, every lock an event the audit view shows), while
 * another lead, where there is one, can unlock sooner. Other roles wait for a lead, who is
 * therefore never locked out for good.
 */
import { apartFromTheStep } from '../../ledger/intention-requests.js';
import type { Ledger } from '../../ledger/ledger.js';
import type { EventDraft } from '../../ledger/ledger.js';
import type { PinCheckedDuring } from '../../../shared/ledger/staff-security-events.js';
import type { ReferenceData, StaffMember } from '../records/reference-data.js';

export const wrongPinsBeforeLockout = 5;
export const clinicLeadUnlocksAfterMinutes = 30;

// One answer for every locked badge, a lead's or not, known or not: it says what to do, not whose it is.
export const lockedOutWords =
  `This badge is locked after ${wrongPinsBeforeLockout} wrong PINs in a row. A clinic lead can unlock it under Records, Staff ` +
  `(a clinic lead's own badge unlocks itself ${clinicLeadUnlocksAfterMinutes} minutes after it was locked).`;

export class PinLockout {
  constructor(private readonly reference: ReferenceData, private readonly ledger: Ledger) {}

  isLocked(staffId: string): boolean {
    return this.reference.pinLockout(staffId).lockedAt !== null;
  }

  /** Whether this badge is locked now; a clinic lead's whose wait is over is unlocked first, as an event. */
  lockedNow(member: StaffMember, now: Date): boolean {
    const { lockedAt } = this.reference.pinLockout(member.staffId);
    if (lockedAt === null) return false;
    const waitedEnough = now.getTime() >= Date.parse(lockedAt) + clinicLeadUnlocksAfterMinutes * 60_000;
    if (member.role !== 'clinicLead' || !waitedEnough) return true;
    apartFromTheStep(() => this.ledger.append({ event: { type: 'staffUnlocked', staffId: member.staffId, how: 'afterWaiting' } }));
    return false;
  }

  /** Records a wrong PIN for this member; true when it locked their badge. `actorStaffId`: who was at the screen, if known. */
  wrongPin(member: StaffMember, during: PinCheckedDuring, actorStaffId: string | null = null): boolean {
    const wrongInARow = this.reference.pinLockout(member.staffId).wrongInARow + 1;
    const locks = wrongInARow >= wrongPinsBeforeLockout;
    const drafts: EventDraft[] = [{ event: { type: 'staffPinRefused', staffId: member.staffId, during, wrongInARow }, actorStaffId }];
    if (locks) drafts.push({ event: { type: 'staffLockedOut', staffId: member.staffId, wrongInARow }, actorStaffId });
    // Counted whatever becomes of the step: a dose refused for a wrong PIN must not read as recorded.
    apartFromTheStep(() => this.ledger.appendAll(drafts));
    return locks;
  }

  /** The right PIN: the count of wrong ones starts again (written only when there were any). */
  rightPin(member: StaffMember): void {
    if (this.reference.pinLockout(member.staffId).wrongInARow === 0) return;
    apartFromTheStep(() => this.ledger.append({ event: { type: 'staffWrongPinsCleared', staffId: member.staffId } }));
  }

  unlock(staffId: string, lead: StaffMember): void {
    this.ledger.append({ event: { type: 'staffUnlocked', staffId, how: 'byClinicLead' }, actorStaffId: lead.staffId });
  }
}
