/**
 * Who is signed in at this kiosk, and who acts and witnesses each step.
 *
 * Several staff work at one wall screen at once, each signed in with their badge and PIN; every
 * intention names which of them is acting, and the host checks that person is signed in here
 * and that their role may do it (shared/staff/permissions.ts). Two-person steps name a second
 * signed-in person as witness.
 */
import { randomBytes } from 'node:crypto';
import { hashSync, verifySync } from '@node-rs/argon2';
import type { StaffRole } from '../../../shared/ledger/reference-events.js';
import { refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import { roleWords } from '../../../shared/staff/permissions.js';
import { lockedOutWords, wrongPinsBeforeLockout, type PinLockout } from './pin-lockout.js';
import type { ReferenceData, StaffMember } from '../records/reference-data.js';

export type StaffResult = { ok: true; member: StaffMember } | { ok: false; refusal: Refusal };

// One message for a wrong badge and a wrong PIN, so a guess learns nothing about which was wrong.
const notRecognised = refusal('signInRefused', 'That badge and PIN were not recognised. Try again, or ask the clinic lead to reset your PIN.');
const lockedOut = refusal('lockedOut', lockedOutWords);

/** The screen locks after this long with no touch or key (docs/clinical-protocol.md, "Privacy and words": EasyDose's 2 minutes). */
export const idleLockSeconds = 120;

// Badges nobody holds are counted in memory only, and never written down: such a "badge" may be a
// PIN typed into the wrong field. Bounded, so a flood of made-up badges cannot fill the memory.
const unknownBadgesRemembered = 1000;

export class StaffOnDuty {
  private readonly signedIn: string[] = [];
  private readonly unknownBadgeTries = new Map<string, number>();
  private decoyHash: string | null = null;
  private screenLocked = false;

  constructor(private readonly reference: ReferenceData, private readonly lockout: PinLockout) {}

  /**
   * A wrong badge and a wrong PIN get the same answer. After five in a row a badge is locked, and
   * a badge nobody holds is answered as locked after five tries too, so even the lockout does not
   * tell a guesser which badges exist.
   */
  signIn(badgeNumber: string, pin: string, now: Date): StaffResult {
    const found = this.reference.staffByBadge(badgeNumber);
    if (!found) return this.unknownBadge(badgeNumber, pin);
    const { member } = found;
    // A locked badge is refused before its PIN is looked at: the right PIN does not open it.
    if (this.lockout.lockedNow(member, now)) return { ok: false, refusal: lockedOut };
    if (!pinMatches(found.pinHash, pin)) {
      const locked = this.lockout.wrongPin(member, 'signIn');
      if (locked) this.signOut(member.staffId);
      return { ok: false, refusal: locked ? lockedOut : notRecognised };
    }
    this.lockout.rightPin(member);
    if (!this.signedIn.includes(member.staffId)) this.signedIn.push(member.staffId);
    this.screenLocked = false;
    return { ok: true, member };
  }

  /**
   * A signed-in person's PIN again, for a step both people confirm (the dose). A wrong one counts
   * toward the lockout like one at sign-in; the one that locks the badge signs its owner out.
   */
  confirmPin(member: StaffMember, pin: string, actor: StaffMember): { ok: true } | { ok: false; lockedOut: boolean } {
    const hash = this.reference.pinHashOf(member.staffId);
    if (this.lockout.isLocked(member.staffId)) return { ok: false, lockedOut: true };
    if (hash !== null && pinMatches(hash, pin)) {
      this.lockout.rightPin(member);
      return { ok: true };
    }
    const lockedOut = this.lockout.wrongPin(member, 'administration', actor.staffId);
    if (lockedOut) this.signOut(member.staffId);
    return { ok: false, lockedOut };
  }

  unlock(staffId: string, lead: StaffMember): void {
    this.lockout.unlock(staffId, lead);
  }

  isLockedOut(staffId: string): boolean {
    return this.lockout.isLocked(staffId);
  }

  /** The screen has been idle: everyone is signed out, and the room shows no personal data until someone signs in. */
  lockScreen(): void {
    this.signedIn.splice(0, this.signedIn.length);
    this.screenLocked = true;
  }

  isScreenLocked(): boolean {
    return this.screenLocked;
  }

  private unknownBadge(badgeNumber: string, pin: string): StaffResult {
    // The same argon2 work as a real badge, so the time taken does not tell the two apart either.
    this.decoyHash ??= hashSync(randomBytes(16).toString('hex'));
    pinMatches(this.decoyHash, pin);
    const key = badgeNumber.toUpperCase();
    const tries = (this.unknownBadgeTries.get(key) ?? 0) + 1;
    if (!this.unknownBadgeTries.has(key) && this.unknownBadgeTries.size >= unknownBadgesRemembered) this.unknownBadgeTries.clear();
    this.unknownBadgeTries.set(key, tries);
    return { ok: false, refusal: tries >= wrongPinsBeforeLockout ? lockedOut : notRecognised };
  }

  signOut(staffId: string): void {
    const index = this.signedIn.indexOf(staffId);
    if (index !== -1) this.signedIn.splice(index, 1);
  }

  /** Signed-in staff who are still enrolled and active (leaving signs a person out). */
  members(): StaffMember[] {
    return this.signedIn.flatMap((id) => {
      const member = this.reference.staffMember(id);
      return member?.active ? [member] : [];
    });
  }

  isSignedIn(staffId: string): boolean {
    return this.members().some((member) => member.staffId === staffId);
  }

  /** The person acting, who must be signed in at this kiosk. */
  actor(actorId: string | null): StaffResult {
    if (actorId === null) return { ok: false, refusal: refusal('signInFirst', 'Sign in first: tap Staff, then scan your badge and enter your PIN.') };
    const member = this.members().find((staff) => staff.staffId === actorId);
    if (member) return { ok: true, member };
    return { ok: false, refusal: refusal('notSignedInHere', 'You are not signed in at this kiosk: sign in again with your badge and PIN.') };
  }

  /** A second signed-in person, of a role the site allows to witness, who is not the actor. */
  witness(witnessId: string, actor: StaffMember, witnessRoles: readonly StaffRole[]): StaffResult {
    if (witnessId === actor.staffId) {
      return { ok: false, refusal: refusal('witnessIsActor', 'The witness must be a second person, not the one recording the step.') };
    }
    const member = this.members().find((staff) => staff.staffId === witnessId);
    if (!member) {
      return { ok: false, refusal: refusal('witnessNotSignedIn', 'The witness must be signed in at this kiosk: ask them to sign in with their badge and PIN.') };
    }
    if (!witnessRoles.includes(member.role)) {
      const allowed = witnessRoles.map((role) => roleWords[role]).join(' or ');
      return { ok: false, refusal: refusal('witnessRoleNotAllowed', `${member.displayName} is ${roleWords[member.role]}: this site's witnesses are ${allowed}.`) };
    }
    return { ok: true, member };
  }

  /** Signed-in people who could witness for this actor. */
  witnessCandidates(witnessRoles: readonly StaffRole[]): StaffMember[] {
    return this.members().filter((member) => witnessRoles.includes(member.role));
  }
}

function pinMatches(hash: string, pin: string): boolean {
  try {
    return verifySync(hash, pin);
  } catch {
    // A malformed stored hash is a refusal, not a crash.
    return false;
  }
}
