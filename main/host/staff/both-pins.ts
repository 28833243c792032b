/**
 * Both people re-enter their PINs at a step whose record says two named people saw it (the dose,
 * and every controlled-drug register entry: its two signatures), so each must be at the screen,
 * not only signed in earlier. A wrong PIN refuses the step, writes nothing, and counts toward that
 * person's lockout (pin-lockout.ts). Neither PIN is kept.
 */
import type { HostParts } from '../host-parts.js';
import type { StaffMember } from '../records/reference-data.js';
import { refused, type Refused } from '../replies.js';

export interface BothPins { actor: StaffMember; actorPin: string; witness: StaffMember; witnessPin: string }

/** `notRecorded`: what was not recorded, for the refusal ("The dose", "The receipt"); `again`: the step to take again. */
export function bothPinsProblem(parts: Pick<HostParts, 'staff'>, pins: BothPins, notRecorded: string, again: string): Refused | null {
  const wrong: string[] = [];
  const lockedOut: string[] = [];
  for (const [member, pin] of [[pins.actor, pins.actorPin], [pins.witness, pins.witnessPin]] as const) {
    const confirmed = parts.staff.confirmPin(member, pin, pins.actor);
    if (confirmed.ok) continue;
    (confirmed.lockedOut ? lockedOut : wrong).push(member.displayName);
  }
  const problems = [
    ...wrong.map((name) => `${name}'s PIN was not right.`),
    ...lockedOut.map((name) => `${name}'s badge is now locked after too many wrong PINs, and they are signed out: a clinic lead can unlock it under Records, Staff.`),
  ];
  if (problems.length === 0) return null;
  // A badge locked by this PIN has its own code: the screen must know that person is now signed out.
  return refused(lockedOut.length > 0 ? 'lockedOut' : 'wrongPin',
    `${notRecorded} was not recorded: ${problems.join(' ')} Each person enters their own PIN, then ${again} again.`);
}
