/**
 * Recording the observed self-injection: the one step that must be unique across the clinic's
 * kiosks. The step is checked here first (the rules must accept it before anything leaves the
 * kiosk), then claimed centrally (main/sync/dose-claims.ts), then written with the claim's event
 * id. Another kiosk's claim refuses it with who and when; no answer from central lets it go ahead,
 * marked as claimed offline, to be checked on reconnection.
 */
import { randomUUID } from 'node:crypto';
import type { IntentionOf, Reply } from '../../shared/contract/index.js';
import type { OtherDoseClaim } from '../../shared/ledger/sync-events.js';
import type { VisitEvent } from '../../shared/visit/visit-events.js';
import { advanceVisit } from '../../shared/visit/visit-steps.js';
import type { HostParts, IntentionContext } from './host-parts.js';
import { whereAndWho } from './incidents.js';
import { done, notOpenHere, prescriptionStoppedFor, refused } from './visit-intentions.js';

function alreadyDosedWords(parts: HostParts, preferredName: string, other: OtherDoseClaim): string {
  const timeZone = parts.reference.clinic()?.timeZone ?? 'Europe/London';
  const when = whereAndWho(parts.reference, other.claimedAt, other.kioskName, other.actorStaffId, timeZone);
  return `Do not give this dose: ${preferredName} has already been given this session's dose, at ${when}. ` +
    'Withhold this one (or waste what was drawn up, witnessed) and tell the nurse in charge.';
}

export async function recordAdministration(
  parts: HostParts, { visitId, administeredMg, route, site, witnessId }: IntentionOf<'recordAdministration'>, { at, actor }: IntentionContext,
): Promise<Reply> {
  const stopped = prescriptionStoppedFor(parts, visitId, at);
  if (stopped) return stopped;
  const visit = parts.registry.get(visitId);
  if (!visit) return refused(notOpenHere);
  const witness = parts.staff.witness(witnessId, actor, visit.context.rules.witness.roles);
  if (!witness.ok) return refused(witness.reason);
  const staff = { nurseId: actor.staffId, witnessId: witness.member.staffId };
  const event: Extract<VisitEvent, { type: 'doseAdministered' }> = { type: 'doseAdministered', at, administeredMg, route, site, staff };
  // Nothing is claimed for a dose this kiosk's own rules would refuse.
  const check = advanceVisit(visit, event);
  if (!check.accepted) return refused(check.reasons.join(' '));

  // Offline, the claim may still have reached central before the answer was lost: the dose keeps
  // the claim's id, so reconnection finds its own claim rather than a double dose.
  const eventId = randomUUID();
  const answer = await parts.sync.claimDose({
    eventId, serviceUserId: visit.context.serviceUserId, clinicDay: visit.context.clinicDay,
    sessionIndex: visit.context.session.index, actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId,
  });
  if (answer.kind === 'alreadyClaimed') {
    parts.logger.warn({ visitId, otherKiosk: answer.other.kioskId }, 'dose refused: already claimed centrally');
    return refused(alreadyDosedWords(parts, parts.reference.serviceUser(visit.context.serviceUserId)?.preferredName ?? 'This person', answer.other));
  }
  const claimed: typeof event = answer.kind === 'alone' ? event : { ...event, centralClaim: answer.kind === 'claimed' ? 'claimed' : 'offline' };
  // The claim took a moment: the registry checks the visit again as it stands now.
  const result = parts.registry.advance(visitId, claimed, { actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId },
    answer.kind === 'claimed' ? answer.eventId : eventId);
  return result.ok ? done(visitId) : refused(result.reasons.join(' '));
}
