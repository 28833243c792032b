/**
 * Who is signed in at this kiosk, and who a step is attributed to.
 *
 * Walking-skeleton sign-in: a staff member taps their name. The treatment-room issue replaces
 * this with badge and PIN behind the same two calls, so attribution below does not change.
 */
import type { StaffRole } from '../../shared/ledger/reference-events.js';
import type { ReferenceData, StaffMember } from './reference-data.js';
import type { Attribution } from './visit-registry.js';

export type Responsibility = 'anyStaff' | 'nurse' | 'nurseWithWitness';

export type AttributionResult = { ok: true; attribution: Attribution } | { ok: false; reason: string };

export class StaffOnDuty {
  private readonly signedIn: string[] = [];

  constructor(private readonly reference: ReferenceData) {}

  signIn(staffId: string): { ok: true } | { ok: false; reason: string } {
    const member = this.reference.staff().find((staff) => staff.staffId === staffId);
    if (!member) return { ok: false, reason: 'That staff member is not enrolled at this clinic.' };
    if (!this.signedIn.includes(staffId)) this.signedIn.push(staffId);
    return { ok: true };
  }

  signOut(staffId: string): void {
    const index = this.signedIn.indexOf(staffId);
    if (index !== -1) this.signedIn.splice(index, 1);
  }

  members(): StaffMember[] {
    const roster = this.reference.staff();
    return this.signedIn.flatMap((id) => roster.filter((staff) => staff.staffId === id));
  }

  /** Picks who acts and who witnesses, or says who else must sign in. */
  attribute(responsibility: Responsibility): AttributionResult {
    const members = this.members();
    if (members.length === 0) return { ok: false, reason: 'Sign in first: tap Staff and choose your name.' };
    if (responsibility === 'anyStaff') {
      const actor = firstWithRole(members, 'hca') ?? members[0];
      return { ok: true, attribution: { actorStaffId: actor?.staffId ?? null, witnessStaffId: null } };
    }
    const nurse = firstWithRole(members, 'nurse');
    if (!nurse) return { ok: false, reason: 'A nurse must be signed in for this step.' };
    if (responsibility === 'nurse') return { ok: true, attribution: { actorStaffId: nurse.staffId, witnessStaffId: null } };
    // Two people throughout, fixed roles (clinical-protocol.md): the nurse prepares and supervises,
    // a second signed-in member of staff checks and witnesses.
    const witness = members.find((staff) => staff.staffId !== nurse.staffId);
    if (!witness) return { ok: false, reason: 'This step needs a second member of staff as witness: ask them to sign in.' };
    return { ok: true, attribution: { actorStaffId: nurse.staffId, witnessStaffId: witness.staffId } };
  }
}

function firstWithRole(members: StaffMember[], role: StaffRole): StaffMember | undefined {
  return members.find((staff) => staff.role === role);
}
