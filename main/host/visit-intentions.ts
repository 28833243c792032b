/**
 * Turns each visit intention from the screen into a visit event: stamps the time, attributes it
 * to the acting staff member (and the witness, for two-person steps), and hands it to the
 * registry, which applies the clinical rules. Rejections come back as sentences the screen shows
 * as they are.
 */
import { randomUUID } from 'node:crypto';
import { roundReading, toMicrogramsPer100mlBreath, ukBloodBreathRatio, type BreathReading } from '../../shared/breath/units.js';
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import type { IntentionOf, Reply } from '../../shared/contract/index.js';
import type { TwoPeople, VisitEvent } from '../../shared/visit/visit-events.js';
import { openOverdoseResponse } from '../../shared/visit/visit-rules.js';
import type { VisitSnapshot } from '../../shared/visit/visit-steps.js';
import type { DeviceState } from '../devices/breathalyser/breathalyser.js';
import { breathTestRequired, checkInFor } from './check-in.js';
import type { HandlerTable, HostParts, IntentionContext } from './host-parts.js';
import { recordAdministration } from './dose-administration.js';
import { snapshotOf, type StaffMember } from './reference-data.js';

const minute = 60_000;

export const refused = (reason: string): Reply => ({ ok: false, reason });
export const done = (visitId: string | null = null): Reply => ({ ok: true, visitId, staffId: null, report: null });

export const notOpenHere = 'This visit is not open on this kiosk.';

/** The profile name a reading entered by hand carries instead of a device's. */
export const manualEntryProfile = 'manual entry';

function advance(parts: HostParts, visitId: string, actor: StaffMember | null, event: VisitEvent): Reply {
  const result = parts.registry.advance(visitId, event, { actorStaffId: actor?.staffId ?? null, witnessStaffId: null });
  return result.ok ? done(visitId) : refused(result.reasons.join(' '));
}

/** Preparation, administration and waste: recorded by the nurse, witnessed by a second signed-in person. */
function advanceWitnessed(
  parts: HostParts, visitId: string, actor: StaffMember, witnessId: string, event: (staff: TwoPeople) => VisitEvent,
): Reply {
  const visit = parts.registry.get(visitId);
  if (!visit) return refused(notOpenHere);
  const witness = parts.staff.witness(witnessId, actor, visit.context.rules.witness.roles);
  if (!witness.ok) return refused(witness.reason);
  const staff = { nurseId: actor.staffId, witnessId: witness.member.staffId };
  const result = parts.registry.advance(visitId, event(staff), { actorStaffId: staff.nurseId, witnessStaffId: staff.witnessId });
  return result.ok ? done(visitId) : refused(result.reasons.join(' '));
}

/**
 * A prescription suspended (or ended) after check-in stops the dose: the visit keeps the terms it
 * started with, but never the right to dose against a prescription no longer in force. What was
 * drawn up is then wasted, witnessed.
 */
function prescriptionStopped(parts: HostParts, prescriptionId: string, at: string): string | null {
  const current = parts.reference.prescription(prescriptionId);
  const timeZone = parts.reference.clinic()?.timeZone ?? 'Europe/London';
  const today = clinicDayOf(new Date(at), timeZone);
  if (current && current.status === 'active' && (current.endsOn === null || current.endsOn >= today)) return null;
  return 'The prescription was suspended or has ended since this visit began: do not give the dose. Withhold it, or waste what was drawn up, and ask the prescriber.';
}

export function prescriptionStoppedFor(parts: HostParts, visitId: string, at: string): Reply | null {
  const prescription = parts.registry.get(visitId)?.context.prescription;
  const stopped = prescription ? prescriptionStopped(parts, prescription.prescriptionId, at) : null;
  return stopped ? refused(stopped) : null;
}

function minutesBefore(at: string, minutes: number): string {
  return new Date(Date.parse(at) - minutes * minute).toISOString();
}

export function startVisit(parts: HostParts, intention: IntentionOf<'startVisit'>, { at, actor }: IntentionContext): Reply {
  const person = parts.reference.serviceUser(intention.serviceUserId);
  if (!person) return refused('This person is not enrolled at this clinic.');
  if (parts.registry.openVisitFor(person.serviceUserId)) {
    return refused(`${person.preferredName} already has an open visit: tap their card on the room board.`);
  }
  const clinic = parts.reference.clinic();
  const rules = parts.reference.siteRules();
  if (!clinic || !rules) return refused('This kiosk is not set up yet: a clinic lead must enrol the clinic and its site rules first.');
  const now = new Date(at);
  const context = { reference: parts.reference, clinic, rules, now };
  const prescription = parts.reference.activePrescription(person.serviceUserId, clinicDayOf(now, clinic.timeZone));
  if (!prescription) return refused(`${person.preferredName} has no prescription in force today. Ask the prescriber to review it before dosing.`);
  const decision = checkInFor(context, person, prescription);
  if (!decision.ok) return refused(decision.problems.join(' '));
  const visitId = randomUUID();
  parts.registry.start({
    type: 'visitStarted',
    at,
    visitId,
    serviceUserId: person.serviceUserId,
    breathTestRequired: breathTestRequired(context, person),
    clinicDay: decision.session.clinicDay,
    session: { index: decision.session.index, name: decision.session.name },
    givenTodayMg: decision.givenTodayMg,
    prescription: snapshotOf(prescription),
    rules,
  }, { actorStaffId: actor.staffId, witnessStaffId: null });
  return done(visitId);
}

function startBreathTest(parts: HostParts, visitId: string, { at, actor }: IntentionContext): Reply {
  const visit = parts.registry.get(visitId);
  if (!visit) return refused(notOpenHere);
  if (!visit.can({ type: 'breathTestStarted', at })) return refused('A breath test is not due at this stage of the visit.');
  const device = parts.breathalyser.startTest(visitId);
  if (!device.ok) return refused(device.reason);
  // The device is bound before the step is written; if the write fails, free it again.
  try {
    const reply = advance(parts, visitId, actor, { type: 'breathTestStarted', at });
    if (!reply.ok) parts.breathalyser.cancelTest(visitId);
    return reply;
  } catch (error) {
    parts.breathalyser.cancelTest(visitId);
    throw error;
  }
}

/**
 * A breath reading entered by hand is for a broken device only: one that is not working now, or
 * that failed this visit's test. While the device works, the reading must come from it.
 */
export function manualReadingAllowed(visit: VisitSnapshot, device: DeviceState): boolean {
  if (!visit.can({ type: 'breathTestStarted', at: visit.context.stageSince })) return false;
  if (device.busyWithVisitId === visit.context.visitId && device.status !== 'stalled') return false;
  return !['ready', 'awaitingResult'].includes(device.status) || visit.context.breath.lastError !== null;
}

function recordManualBreathReading(
  parts: HostParts, intention: IntentionOf<'recordManualBreathReading'>, { at, actor }: IntentionContext,
): Reply {
  const visit = parts.registry.get(intention.visitId);
  if (!visit) return refused(notOpenHere);
  if (!manualReadingAllowed(visit, parts.breathalyser.state())) {
    return refused('The breathalyser is working: take the test with it. A reading entered by hand is for when the device is broken or has failed this test.');
  }
  // A stalled test still holds the device: free it (its CANCELLED outcome is recorded first).
  parts.breathalyser.cancelTest(intention.visitId);
  const { value, unit, device, reason, witnessId } = intention;
  const reading: BreathReading = {
    microgramsPer100mlBreath: roundReading(toMicrogramsPer100mlBreath(value, unit, ukBloodBreathRatio)),
    rawText: `${value} ${unit}, entered by hand from ${device}`,
    rawValue: value,
    rawUnit: unit,
    bloodBreathRatio: ukBloodBreathRatio,
    deviceProfile: manualEntryProfile,
    simulated: false,
  };
  return advanceWitnessed(parts, intention.visitId, actor, witnessId, (staff) => ({ type: 'manualBreathReadingRecorded', at, reading, reason, staff }));
}

/**
 * One touch starts the response; touching it again while it is open just shows it. It is the one
 * step that needs nobody signed in (`actor` null): in an emergency the time it started must not
 * wait for a badge and a PIN. Everything given afterwards is attributed to whoever gives it.
 */
export function startOverdoseResponse(
  parts: HostParts, intention: IntentionOf<'startOverdoseResponse'>, { at, actor }: { at: string; actor: StaffMember | null },
): Reply {
  const visit = parts.registry.get(intention.visitId);
  if (!visit) return refused(notOpenHere);
  if (openOverdoseResponse(visit.context)) return done(intention.visitId);
  return advance(parts, intention.visitId, actor, {
    type: 'overdoseResponseStarted', at, noticedAt: minutesBefore(at, intention.noticedMinutesAgo),
  });
}

type VisitHandled =
  | 'startVisit' | 'confirmIdentity' | 'recordPreDoseCheck' | 'startBreathTest' | 'cancelBreathTest' | 'recordManualBreathReading'
  | 'decideBreathReview'
  | 'recordPreparation'
  | 'recordAdministration' | 'recordWaste' | 'withholdDose' | 'recordObservation' | 'dischargeVisit' | 'endVisit'
  | 'startOverdoseResponse' | 'recordNaloxone' | 'recordOxygen' | 'recordRescueBreathing' | 'recordEmergencyCall'
  | 'recordOverdoseOutcome';

export const visitIntentions: HandlerTable<VisitHandled> = {
  startVisit,
  confirmIdentity: (parts, { visitId }, { at, actor }) => advance(parts, visitId, actor, { type: 'identityConfirmed', at }),
  recordPreDoseCheck: (parts, { visitId, type: _, ...check }, { at, actor }) =>
    advance(parts, visitId, actor, { type: 'preDoseCheckRecorded', at, ...check }),
  startBreathTest: (parts, { visitId }, context) => startBreathTest(parts, visitId, context),
  recordManualBreathReading,
  cancelBreathTest: (parts, { visitId }) =>
    parts.breathalyser.cancelTest(visitId) ? done(visitId) : refused('No breath test is running for this visit.'),
  decideBreathReview: (parts, { visitId, decision, reason }, { at, actor }) =>
    advance(parts, visitId, actor, { type: 'breathReviewDecided', at, decision, reason }),
  recordPreparation: (parts, { visitId, drawnMg, witnessId }, { at, actor }) => {
    const prescription = parts.registry.get(visitId)?.context.prescription;
    if (!prescription) return refused(notOpenHere);
    const stopped = prescriptionStopped(parts, prescription.prescriptionId, at);
    if (stopped) return refused(stopped);
    const { drug, form, strengthMgPerMl } = prescription;
    return advanceWitnessed(parts, visitId, actor, witnessId, (staff) => ({ type: 'dosePrepared', at, drug, form, strengthMgPerMl, drawnMg, staff }));
  },
  recordAdministration,
  recordWaste: (parts, { visitId, wastedMg, witnessId }, { at, actor }) =>
    advanceWitnessed(parts, visitId, actor, witnessId, (staff) => ({ type: 'surplusWasted', at, wastedMg, staff })),
  withholdDose: (parts, { visitId, reason }, { at, actor }) =>
    reason === null || reason.trim() === ''
      ? refused('Give a reason for withholding the dose.')
      : advance(parts, visitId, actor, { type: 'doseWithheld', at, reason }),
  recordObservation: (parts, { visitId, sedation, respiratoryRate, oxygenSaturation }, { at, actor }) =>
    advance(parts, visitId, actor, { type: 'observationRecorded', at, sedation, respiratoryRate, oxygenSaturation }),
  dischargeVisit: (parts, { visitId }, { at, actor }) => advance(parts, visitId, actor, { type: 'visitDischarged', at }),
  endVisit: (parts, { visitId, reason, note }, { at, actor }) => advance(parts, visitId, actor, { type: 'visitEnded', at, reason, note }),
  startOverdoseResponse,
  recordNaloxone: (parts, { visitId, doseMg, route, minutesAgo }, { at, actor }) =>
    advance(parts, visitId, actor, { type: 'naloxoneGiven', at, givenAt: minutesBefore(at, minutesAgo), doseMg, route, givenBy: actor.staffId }),
  recordOxygen: (parts, { visitId }, { at, actor }) => advance(parts, visitId, actor, { type: 'oxygenGiven', at }),
  recordRescueBreathing: (parts, { visitId }, { at, actor }) => advance(parts, visitId, actor, { type: 'rescueBreathingGiven', at }),
  recordEmergencyCall: (parts, { visitId, minutesAgo }, { at, actor }) =>
    advance(parts, visitId, actor, { type: 'emergencyServicesCalled', at, calledAt: minutesBefore(at, minutesAgo) }),
  recordOverdoseOutcome: (parts, { visitId, outcome, note }, { at, actor }) =>
    advance(parts, visitId, actor, { type: 'overdoseOutcomeRecorded', at, outcome, note }),
};
