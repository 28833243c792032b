/**
 * Turns each intention from the screen into a visit event: stamps the time, finds who acts and
 * who witnesses, and hands it to the registry, which applies the clinical rules. Rejections come
 * back as sentences the screen shows as they are.
 */
import { randomUUID } from 'node:crypto';
import type { IntentionOf, IntentionType, Reply } from '../../shared/contract/index.js';
import type { VisitEvent } from '../../shared/visit/visit-events.js';
import type { Breathalyser } from '../devices/breathalyser/breathalyser.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { ReferenceData } from './reference-data.js';
import type { Responsibility, StaffOnDuty } from './staff-on-duty.js';
import type { VisitRegistry } from './visit-registry.js';

export interface HostParts {
  registry: VisitRegistry;
  staff: StaffOnDuty;
  reference: ReferenceData;
  clock: Clock;
  breathalyser: Breathalyser;
  logger: Logger;
}

type VisitIntentionType = Exclude<IntentionType, 'signIn' | 'signOut' | 'startVisit'>;

const refused = (reason: string): Reply => ({ ok: false, reason });

function advance(parts: HostParts, visitId: string, responsibility: Responsibility, event: VisitEvent): Reply {
  const who = parts.staff.attribute(responsibility);
  if (!who.ok) return refused(who.reason);
  const result = parts.registry.advance(visitId, event, who.attribution);
  return result.ok ? { ok: true, visitId } : refused(result.reasons.join(' '));
}

export function startVisit(parts: HostParts, intention: IntentionOf<'startVisit'>): Reply {
  const person = parts.reference.serviceUser(intention.serviceUserId);
  if (!person) return refused('This person is not enrolled at this clinic.');
  if (parts.registry.openVisitFor(person.serviceUserId)) {
    return refused(`${person.preferredName} already has an open visit: tap their card on the room board.`);
  }
  const prescription = parts.reference.activePrescription(person.serviceUserId);
  if (!prescription) return refused(`${person.preferredName} has no active prescription. Ask the prescriber to review it before dosing.`);
  const rules = parts.reference.siteRules();
  if (!rules) return refused('This kiosk has no site rules yet: a clinic lead must set them before the first visit.');
  const who = parts.staff.attribute('anyStaff');
  if (!who.ok) return refused(who.reason);
  const visitId = randomUUID();
  parts.registry.start({
    type: 'visitStarted',
    at: parts.clock.now().toISOString(),
    visitId,
    serviceUserId: person.serviceUserId,
    alcoholMonitoring: person.alcoholMonitoring,
    prescription,
    rules,
  }, who.attribution);
  return { ok: true, visitId };
}

function startBreathTest(parts: HostParts, visitId: string): Reply {
  const visit = parts.registry.get(visitId);
  if (!visit) return refused('This visit is not open on this kiosk.');
  const at = parts.clock.now().toISOString();
  if (!visit.can({ type: 'breathTestStarted', at })) return refused('A breath test is not due at this stage of the visit.');
  const who = parts.staff.attribute('anyStaff');
  if (!who.ok) return refused(who.reason);
  const device = parts.breathalyser.startTest(visitId);
  if (!device.ok) return refused(device.reason);
  return advance(parts, visitId, 'anyStaff', { type: 'breathTestStarted', at });
}

type VisitHandlers = { [T in VisitIntentionType]: (parts: HostParts, intention: IntentionOf<T>, at: string) => Reply };

export const visitIntentions: VisitHandlers = {
  confirmIdentity: (parts, { visitId }, at) => advance(parts, visitId, 'anyStaff', { type: 'identityConfirmed', at }),
  recordPreDoseCheck: (parts, { visitId, type: _, ...check }, at) =>
    advance(parts, visitId, 'nurse', { type: 'preDoseCheckRecorded', at, ...check }),
  startBreathTest: (parts, { visitId }) => startBreathTest(parts, visitId),
  decideBreathReview: (parts, { visitId, decision, reason }, at) =>
    advance(parts, visitId, 'nurse', { type: 'breathReviewDecided', at, decision, reason }),
  recordPreparation: (parts, { visitId, drawnMg }, at) => {
    const prescription = parts.registry.get(visitId)?.context.prescription;
    if (!prescription) return refused('This visit is not open on this kiosk.');
    const { drug, form, strengthMgPerMl } = prescription;
    return advance(parts, visitId, 'nurseWithWitness', { type: 'dosePrepared', at, drug, form, strengthMgPerMl, drawnMg });
  },
  recordAdministration: (parts, { visitId, administeredMg, route, site }, at) =>
    advance(parts, visitId, 'nurseWithWitness', { type: 'doseAdministered', at, administeredMg, route, site }),
  recordWaste: (parts, { visitId, wastedMg }, at) =>
    advance(parts, visitId, 'nurseWithWitness', { type: 'surplusWasted', at, wastedMg }),
  recordObservation: (parts, { visitId, sedation, respiratoryRate, oxygenSaturation }, at) =>
    advance(parts, visitId, 'anyStaff', { type: 'observationRecorded', at, sedation, respiratoryRate, oxygenSaturation }),
  dischargeVisit: (parts, { visitId }, at) => advance(parts, visitId, 'nurse', { type: 'visitDischarged', at }),
  endVisit: (parts, { visitId, reason, note }, at) => advance(parts, visitId, 'anyStaff', { type: 'visitEnded', at, reason, note }),
};
