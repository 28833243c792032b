/**
 * Who is signed in at this kiosk, and who a step is attributed to.
 *
 * Walking-skeleton sign-in: a staff member taps their name. The treatment-room issue replaces
 * this with badge and PIN behind the same calls, so attribution below does not change.
 */
import type { StaffRole } from '../../shared/ledger/reference-events.js';
import type { VisitContext } from '../../shared/visit/visit-context.js';
import type { TwoPeople } from '../../shared/visit/visit-events.js';
import type { ReferenceData, StaffMember } from './reference-data.js';
import type { Attribution } from './visit-registry.js';

export type Responsibility = 'anyStaff' | 'nurse';

export type AttributionResult = { ok: true; attribution: Attribution } | { ok: false; reason: string };
export type PairResult = { ok: true; pair: TwoPeople } | { ok: false; reason: string };

// Who may check and witness a controlled-drug step; a site rule may widen this later.
const witnessRoles: readonly StaffRole[] = ['nurse', 'hca'];

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

  /** Picks who records a one-person step, or says who must sign in. */
  attribute(responsibility: Responsibility): AttributionResult {
    const members = this.members();
    if (members.length === 0) return { ok: false, reason: 'Sign in first: tap Staff and choose your name.' };
    const actor = responsibility === 'nurse' ? firstWithRole(members, 'nurse') : firstWithRole(members, 'hca') ?? members[0];
    if (!actor) return { ok: false, reason: 'A nurse must be signed in for this step.' };
    return { ok: true, attribution: { actorStaffId: actor.staffId, witnessStaffId: null } };
  }

  /**
   * The nurse and witness for preparation, administration and waste. Once a dose is prepared its
   * pair is fixed for the rest of the procedure (roles are not swapped mid-procedure), and both
   * must still be signed in.
   */
  pairFor(visit: VisitContext): PairResult {
    const members = this.members();
    const locked = visit.preparation?.staff;
    if (locked) {
      const here = [locked.nurseId, locked.witnessId].every((id) => members.some((staff) => staff.staffId === id));
      return here ? { ok: true, pair: locked } : {
        ok: false,
        reason: `${this.namesOf(locked)} prepared this dose: both must be signed in to record and witness the rest of it.`,
      };
    }
    const nurse = firstWithRole(members, 'nurse');
    if (!nurse) return { ok: false, reason: 'A nurse must be signed in to prepare and supervise the dose.' };
    const witness = members.find((staff) => staff.staffId !== nurse.staffId && witnessRoles.includes(staff.role));
    if (!witness) return { ok: false, reason: 'This step needs a second nurse or HCA as witness: ask them to sign in.' };
    return { ok: true, pair: { nurseId: nurse.staffId, witnessId: witness.staffId } };
  }

  namesOf(pair: TwoPeople): string {
    const roster = this.reference.staff();
    const name = (id: string) => roster.find((staff) => staff.staffId === id)?.displayName ?? 'A staff member no longer enrolled';
    return `${name(pair.nurseId)} and ${name(pair.witnessId)}`;
  }
}

function firstWithRole(members: StaffMember[], role: StaffRole): StaffMember | undefined {
  return members.find((staff) => staff.role === role);
}
