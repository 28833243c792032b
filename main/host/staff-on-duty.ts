/**
 * Who is signed in at this kiosk, and who acts and witnesses each step.
 *
 * Several staff work at one wall screen at once, each signed in with their badge and PIN; every
 * intention names which of them is acting, and the host checks that person is signed in here
 * and that their role may do it (shared/staff/permissions.ts). Two-person steps name a second
 * signed-in person as witness.
 */
import { verifySync } from '@node-rs/argon2';
import type { StaffRole } from '../../shared/ledger/reference-events.js';
import { roleWords } from '../../shared/staff/permissions.js';
import type { ReferenceData, StaffMember } from './reference-data.js';

export type StaffResult = { ok: true; member: StaffMember } | { ok: false; reason: string };

// One message for a wrong badge and a wrong PIN, so a guess learns nothing about which was wrong.
const notRecognised = 'That badge and PIN were not recognised. Try again, or ask the clinic lead to reset your PIN.';

export class StaffOnDuty {
  private readonly signedIn: string[] = [];

  constructor(private readonly reference: ReferenceData) {}

  signIn(badgeNumber: string, pin: string): StaffResult {
    const found = this.reference.staffByBadge(badgeNumber);
    if (!found || !pinMatches(found.pinHash, pin)) return { ok: false, reason: notRecognised };
    if (!this.signedIn.includes(found.member.staffId)) this.signedIn.push(found.member.staffId);
    return { ok: true, member: found.member };
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
    if (actorId === null) return { ok: false, reason: 'Sign in first: tap Staff, then scan your badge and enter your PIN.' };
    const member = this.members().find((staff) => staff.staffId === actorId);
    return member ? { ok: true, member } : { ok: false, reason: 'You are not signed in at this kiosk: sign in again with your badge and PIN.' };
  }

  /** A second signed-in person, of a role the site allows to witness, who is not the actor. */
  witness(witnessId: string, actor: StaffMember, witnessRoles: readonly StaffRole[]): StaffResult {
    if (witnessId === actor.staffId) return { ok: false, reason: 'The witness must be a second person, not the one recording the step.' };
    const member = this.members().find((staff) => staff.staffId === witnessId);
    if (!member) return { ok: false, reason: 'The witness must be signed in at this kiosk: ask them to sign in with their badge and PIN.' };
    if (!witnessRoles.includes(member.role)) {
      return { ok: false, reason: `${member.displayName} is ${roleWords[member.role]}: this site's witnesses are ${witnessRoles.map((role) => roleWords[role]).join(' or ')}.` };
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
