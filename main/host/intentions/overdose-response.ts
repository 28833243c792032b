/**
 * The overdose response, reachable from every open stage: started in one touch (even with nobody
 * signed in), then naloxone, oxygen, rescue breathing, the emergency call and the outcome, each
 * attributed to whoever gave it.
 */
import type { IntentionOf, Reply } from '../../../shared/contract/index.js';
import { openOverdoseResponse } from '../../../shared/visit/visit-rules.js';
import { sameSession } from '../../../shared/visit/check-in-rules.js';
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import type { StaffMember } from '../records/reference-data.js';
import { done, refused, visitNotOpenHere } from '../replies.js';
import { sessionFactOfVisit } from '../visits/dose-moment.js';
import { takeStep, type StepParts } from '../visits/take-step.js';

const minute = 60_000;

function minutesBefore(at: string, minutes: number): string {
  return new Date(Date.parse(at) - minutes * minute).toISOString();
}

/**
 * One touch starts the response; touching it again while it is open just shows it. It is the one
 * step that needs nobody signed in (`actor` null): in an emergency the time it started must not
 * wait for a badge and a PIN. Everything given afterwards is attributed to whoever gives it.
 */
export function startOverdoseResponse(
  parts: StepParts, intention: IntentionOf<'startOverdoseResponse'>, { at, actor }: { at: string; actor: StaffMember | null },
): Reply {
  const visit = parts.registry.get(intention.visitId);
  if (!visit) return visitNotOpenHere();
  if (openOverdoseResponse(visit.context)) return done(intention.visitId);
  return takeStep(parts, intention.visitId, actor, {
    type: 'overdoseResponseStarted', at, noticedAt: minutesBefore(at, intention.noticedMinutesAgo),
  });
}

const recordNaloxone: Handler<'recordNaloxone', StepParts> = (parts, { visitId, doseMg, route, minutesAgo }, { at, actor }) =>
  takeStep(parts, visitId, actor, { type: 'naloxoneGiven', at, givenAt: minutesBefore(at, minutesAgo), doseMg, route, givenBy: actor.staffId });

const recordEmergencyCall: Handler<'recordEmergencyCall', StepParts> = (parts, { visitId, minutesAgo }, { at, actor }) =>
  takeStep(parts, visitId, actor, { type: 'emergencyServicesCalled', at, calledAt: minutesBefore(at, minutesAgo) });

type DecisionParts = Pick<HostParts, 'registry' | 'reference' | 'history'>;

/**
 * After naloxone no diamorphine is given that session unless a prescriber decides otherwise
 * (docs/clinical-protocol.md, "After naloxone"). The nurse records who decided and why, often
 * after a call; the prescriber named must be one enrolled here.
 */
const recordPrescriberDecisionAfterNaloxone: Handler<'recordPrescriberDecisionAfterNaloxone', DecisionParts> = (
  parts, { visitId, prescriberId, reason }, { at, actor },
) => {
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  const prescriber = parts.reference.staffMember(prescriberId);
  if (!prescriber || !prescriber.active || prescriber.role !== 'prescriber') {
    return refused('notAPrescriber', 'Name the prescriber who made the decision: only a prescriber enrolled here can allow a dose after naloxone.');
  }
  const session = sessionFactOfVisit(visit.context);
  const given = parts.history.naloxoneOn(visit.context.serviceUserId, visit.context.clinicDay)
    .some((dose) => dose.visitId === visitId || sameSession(dose, session));
  if (!given) return refused('noNaloxoneGiven', 'No naloxone has been given this session: there is nothing for a prescriber to decide.');
  return takeStep(parts, visitId, actor, { type: 'prescriberDecidedAfterNaloxone', at, prescriberId, reason });
};

type ResponseIntention =
  | 'startOverdoseResponse' | 'recordNaloxone' | 'recordOxygen' | 'recordRescueBreathing' | 'recordEmergencyCall' | 'recordOverdoseOutcome'
  | 'recordPrescriberDecisionAfterNaloxone';

export const overdoseResponseIntentions: HandlerTable<ResponseIntention> = {
  startOverdoseResponse,
  recordNaloxone,
  recordOxygen: (parts: StepParts, { visitId }, { at, actor }) => takeStep(parts, visitId, actor, { type: 'oxygenGiven', at }),
  recordRescueBreathing: (parts: StepParts, { visitId }, { at, actor }) =>
    takeStep(parts, visitId, actor, { type: 'rescueBreathingGiven', at }),
  recordEmergencyCall,
  recordOverdoseOutcome: (parts: StepParts, { visitId, outcome, note }, { at, actor }) =>
    takeStep(parts, visitId, actor, { type: 'overdoseOutcomeRecorded', at, outcome, note }),
  recordPrescriberDecisionAfterNaloxone,
};
