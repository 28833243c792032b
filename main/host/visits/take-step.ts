/**
 * A visit step as every handler takes it: attributed to the acting staff member (and, for a
 * two-person step, the witness the screen named, checked here), decided by the registry's rules,
 * and answered done or refused with the rules' own codes and words.
 */
import type { Reply } from '../../../shared/contract/index.js';
import type { TwoPeople, VisitEvent } from '../../../shared/visit/visit-events.js';
import { advanceVisit } from '../../../shared/visit/visit-steps.js';
import type { HostParts } from '../host-parts.js';
import type { StaffMember } from '../records/reference-data.js';
import { done, refusedFor, visitNotOpenHere, type Refused } from '../replies.js';
import { bothPinsProblem } from '../staff/both-pins.js';

export type StepParts = Pick<HostParts, 'registry'>;
export type WitnessedStepParts = Pick<HostParts, 'registry' | 'staff' | 'reference'>;

export function takeStep(parts: StepParts, visitId: string, actor: StaffMember | null, event: VisitEvent): Reply {
  const result = parts.registry.advance(visitId, event, { actorStaffId: actor?.staffId ?? null, witnessStaffId: null });
  return result.ok ? done(visitId) : refusedFor(result.refusals);
}

export type WitnessedPair = { ok: true; staff: TwoPeople; witness: StaffMember } | { ok: false; refused: Refused };

/**
 * The two people for a witnessed step: the acting nurse and a second signed-in person of a role
 * the site rules in force at `at` allow (a rule changed since preparation applies to the rest).
 */
export function witnessedPair(parts: WitnessedStepParts, visitId: string, actor: StaffMember, witnessId: string, at: string): WitnessedPair {
  const visit = parts.registry.get(visitId);
  if (!visit) return { ok: false, refused: visitNotOpenHere() };
  const roles = parts.reference.siteRulesAt(at)?.witness.roles ?? visit.context.rules.witness.roles;
  const witness = parts.staff.witness(witnessId, actor, roles);
  if (!witness.ok) return { ok: false, refused: refusedFor([witness.refusal]) };
  return { ok: true, staff: { nurseId: actor.staffId, witnessId: witness.member.staffId }, witness: witness.member };
}

/** A reading by hand: recorded by the nurse, witnessed by a second signed-in person (not a register entry, so no PINs). */
export function takeWitnessedStep(
  parts: WitnessedStepParts, visitId: string, actor: StaffMember, witnessId: string, at: string, event: (staff: TwoPeople) => VisitEvent,
): Reply {
  const pair = witnessedPair(parts, visitId, actor, witnessId, at);
  if (!pair.ok) return pair.refused;
  const { staff } = pair;
  const result = parts.registry.advance(visitId, event(staff), { actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId });
  return result.ok ? done(visitId) : refusedFor(result.refusals);
}

export interface StepSignatures { nursePin: string; witnessPin: string }

/** What a refused signature says was not recorded ("The preparation") and the step to take again. */
export interface SignedEntryWords { notRecorded: string; again: string }

/**
 * A witnessed step that makes a register entry (preparation, waste): both people sign it with their
 * own PINs, as at the dose. The PINs are checked after the rules accept the step, so a step refused
 * anyway never counts toward anyone's lockout; a wrong PIN writes nothing.
 */
export function takeSignedStep(
  parts: WitnessedStepParts, visitId: string, actor: StaffMember, witnessId: string, signatures: StepSignatures, at: string,
  words: SignedEntryWords, event: (staff: TwoPeople) => VisitEvent,
): Reply {
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  const pair = witnessedPair(parts, visitId, actor, witnessId, at);
  if (!pair.ok) return pair.refused;
  const { staff, witness } = pair;
  const step = event(staff);
  const check = advanceVisit(visit, step);
  if (!check.accepted) return refusedFor(check.refusals);
  const pins = bothPinsProblem(parts, { actor, actorPin: signatures.nursePin, witness, witnessPin: signatures.witnessPin }, words.notRecorded, words.again);
  if (pins) return pins;
  const result = parts.registry.advance(visitId, step, { actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId });
  return result.ok ? done(visitId) : refusedFor(result.refusals);
}
