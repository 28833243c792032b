/**
 * Recording the observed self-injection: the one step that must be unique across the clinic's
 * kiosks. The step is checked here first (the rules must accept it before anything leaves the
 * kiosk), then claimed centrally (main/sync/dose-claims.ts), then written with the claim's event
 * id. Another kiosk's claim refuses it with who and when; no answer from central lets it go ahead,
 * marked as claimed offline, to be checked on reconnection.
 */
import { randomUUID } from 'node:crypto';
import type { IntentionOf, Reply } from '../../../shared/contract/index.js';
import type { OtherDoseClaim } from '../../../shared/ledger/sync-events.js';
import type { VisitEvent } from '../../../shared/visit/visit-events.js';
import { advanceVisit } from '../../../shared/visit/visit-steps.js';
import { clinicTimeZone } from '../clinic-context/clinic-context.js';
import type { IntentionContext } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { done, refused, refusedFor, visitNotOpenHere } from '../replies.js';
import { bothPinsProblem } from '../staff/both-pins.js';
import { whereAndWho } from '../views/attribution-words.js';
import { doseMoment, sessionInstants } from '../visits/dose-moment.js';
import { witnessedPair } from '../visits/take-step.js';

type AdministrationParts = Pick<HostParts, 'registry' | 'staff' | 'reference' | 'history' | 'sync' | 'logger'>;

function alreadyDosedWords(parts: Pick<HostParts, 'reference'>, preferredName: string, other: OtherDoseClaim): string {
  const when = whereAndWho(parts.reference, other.claimedAt, other.kioskName, other.actorStaffId, clinicTimeZone(parts.reference));
  return `Do not give this dose: ${preferredName} has already been given this session's dose, at ${when}. ` +
    'Withhold this one (or waste what was drawn up, witnessed) and tell the nurse in charge.';
}

function claimWindow(window: { opensAt: string; closesAt: string }): { sessionOpensAt: string; sessionClosesAt: string } {
  return { sessionOpensAt: window.opensAt, sessionClosesAt: window.closesAt };
}

export async function recordAdministration(
  parts: AdministrationParts, { visitId, administeredMg, route, site, witnessId, nursePin, witnessPin }: IntentionOf<'recordAdministration'>,
  { at, actor }: IntentionContext,
): Promise<Reply> {
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  // Judged again now, whatever was true when the dose was drawn up.
  const moment = doseMoment(parts, visit.context, at);
  if (!moment.ok) return refusedFor(moment.refusals);
  const pair = witnessedPair(parts, visitId, actor, witnessId, at);
  if (!pair.ok) return pair.refused;
  const { staff, witness } = pair;
  const event: Extract<VisitEvent, { type: 'doseAdministered' }> = {
    type: 'doseAdministered', at, administeredMg, route, site, staff, terms: moment.terms,
  };
  // Nothing is claimed for a dose this kiosk's own rules would refuse.
  const check = advanceVisit(visit, event);
  if (!check.accepted) return refusedFor(check.refusals);
  const pins = bothPinsProblem(parts, { actor, actorPin: nursePin, witness, witnessPin }, 'The dose', 'record the administration');
  if (pins) return pins;

  // Offline, the claim may still have reached central before the answer was lost: the dose keeps
  // the claim's id, so reconnection finds its own claim rather than a double dose.
  const eventId = randomUUID();
  const answer = await parts.sync.claimDose({
    eventId, serviceUserId: visit.context.serviceUserId, clinicDay: visit.context.clinicDay, sessionId: visit.context.session.id,
    ...claimWindow(sessionInstants(visit.context, clinicTimeZone(parts.reference))), actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId,
  });
  if (answer.kind === 'alreadyClaimed') {
    parts.logger.warn({ visitId, otherKiosk: answer.other.kioskId }, 'dose refused: already claimed centrally');
    const name = parts.reference.serviceUser(visit.context.serviceUserId)?.preferredName ?? 'This person';
    return refused('dosedElsewhere', alreadyDosedWords(parts, name, answer.other));
  }
  const claimed: typeof event = answer.kind === 'alone' ? event : { ...event, centralClaim: answer.kind === 'claimed' ? 'claimed' : 'offline' };
  // The claim took a moment: the registry checks the visit again as it stands now.
  const result = parts.registry.advance(visitId, claimed, { actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId },
    answer.kind === 'claimed' ? answer.eventId : eventId);
  return result.ok ? done(visitId) : refusedFor(result.refusals);
}
