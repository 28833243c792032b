/**
 * Turns each intention from the screen into a visit event: stamps the time, finds who acts and
 * who witnesses, and hands it to the registry, which applies the clinical rules. Rejections come
 * back as sentences the screen shows as they are.
 */
import { randomUUID } from 'node:crypto';
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import type { IntentionOf, IntentionType, Reply } from '../../shared/contract/index.js';
import { checkInProblems } from '../../shared/visit/check-in-rules.js';
import type { TwoPeople, VisitEvent } from '../../shared/visit/visit-events.js';
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

/** Preparation, administration and waste: recorded by the nurse, witnessed by a second person. */
function advanceWitnessed(parts: HostParts, visitId: string, event: (staff: TwoPeople) => VisitEvent): Reply {
  const visit = parts.registry.get(visitId);
  if (!visit) return refused('This visit is not open on this kiosk.');
  const pair = parts.staff.pairFor(visit.context);
  if (!pair.ok) return refused(pair.reason);
  const attribution = { actorStaffId: pair.pair.nurseId, witnessStaffId: pair.pair.witnessId };
  const result = parts.registry.advance(visitId, event(pair.pair), attribution);
  return result.ok ? { ok: true, visitId } : refused(result.reasons.join(' '));
}

export function startVisit(parts: HostParts, intention: IntentionOf<'startVisit'>): Reply {
  const person = parts.reference.serviceUser(intention.serviceUserId);
  if (!person) return refused('This person is not enrolled at this clinic.');
  if (parts.registry.openVisitFor(person.serviceUserId)) {
    return refused(`${person.preferredName} already has an open visit: tap their card on the room board.`);
  }
  const clinic = parts.reference.clinic();
  const rules = parts.reference.siteRules();
  if (!clinic || !rules) return refused('This kiosk is not set up yet: a clinic lead must enrol the clinic and its site rules first.');
  const now = parts.clock.now();
  const prescription = parts.reference.activePrescription(person.serviceUserId, clinicDayOf(now, clinic.timeZone));
  if (!prescription) return refused(`${person.preferredName} has no prescription in force today. Ask the prescriber to review it before dosing.`);
  const problems = checkInProblems({
    preferredName: person.preferredName, lastDoseAt: parts.reference.lastDoseAt(person.serviceUserId),
    now: now.toISOString(), rules, timeZone: clinic.timeZone,
  });
  if (problems.length > 0) return refused(problems.join(' '));
  const who = parts.staff.attribute('anyStaff');
  if (!who.ok) return refused(who.reason);
  const visitId = randomUUID();
  parts.registry.start({
    type: 'visitStarted',
    at: now.toISOString(),
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
    return advanceWitnessed(parts, visitId, (staff) => ({ type: 'dosePrepared', at, drug, form, strengthMgPerMl, drawnMg, staff }));
  },
  recordAdministration: (parts, { visitId, administeredMg, route, site }, at) =>
    advanceWitnessed(parts, visitId, (staff) => ({ type: 'doseAdministered', at, administeredMg, route, site, staff })),
  recordWaste: (parts, { visitId, wastedMg }, at) =>
    advanceWitnessed(parts, visitId, (staff) => ({ type: 'surplusWasted', at, wastedMg, staff })),
  withholdDose: (parts, { visitId, reason }, at) =>
    reason === null || reason.trim() === ''
      ? refused('Give a reason for withholding the dose.')
      : advance(parts, visitId, 'nurse', { type: 'doseWithheld', at, reason }),
  recordObservation: (parts, { visitId, sedation, respiratoryRate, oxygenSaturation }, at) =>
    advance(parts, visitId, 'anyStaff', { type: 'observationRecorded', at, sedation, respiratoryRate, oxygenSaturation }),
  dischargeVisit: (parts, { visitId }, at) => advance(parts, visitId, 'nurse', { type: 'visitDischarged', at }),
  endVisit: (parts, { visitId, reason, note }, at) => advance(parts, visitId, 'anyStaff', { type: 'visitEnded', at, reason, note }),
};
