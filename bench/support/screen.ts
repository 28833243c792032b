/**
 * The bench acting as a screen on an in-process host: every step goes through `host.receive`,
 * the same door the shells use, so rules, permissions and the ledger are all real.
 */
import { randomUUID } from 'node:crypto';
import { demoProducts, demoStaff } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import type { Intention, Reply } from '../../shared/contract/index.js';

export async function ask(host: Host, intention: Intention, actorId: string | null): Promise<Reply> {
  // Awaited whether receive answers at once or with a promise.
  const answer = await host.receive({ requestId: randomUUID(), actorId, intention });
  if (!answer) throw new Error('The host gave no reply.');
  return answer.reply;
}

/** Sends the step and fails the bench with the host's own words when it is refused. */
export async function accept(host: Host, intention: Intention, actorId: string | null): Promise<Reply & { ok: true }> {
  const reply = await ask(host, intention, actorId);
  if (!reply.ok) throw new Error(`${intention.type} was refused: ${reply.reason}`);
  return reply;
}

export async function startedVisit(host: Host, serviceUserId: string, actorId: string): Promise<string> {
  const reply = await accept(host, { type: 'startVisit', serviceUserId }, actorId);
  if (reply.visitId === null) throw new Error('startVisit gave no visit id.');
  return reply.visitId;
}

function demoStaffNamed(displayName: string) {
  const member = demoStaff.find((staff) => staff.displayName === displayName);
  if (!member) throw new Error(`No demo staff member called ${displayName}.`);
  return member;
}

/** The demo clinic's staff, whom the one-year history also uses. */
export const staff = {
  nurse: demoStaffNamed('Aisha Khan'),
  nurse2: demoStaffNamed('Priya Nair'),
  hca: demoStaffNamed('Tom Reid'),
  prescriber: demoStaffNamed('Dr Okafor'),
};

/** Signs in the nurse, the HCA and the prescriber; returns their staff ids. */
export async function signInStaff(host: Host): Promise<{ nurse: string; hca: string; prescriber: string }> {
  for (const member of [staff.nurse, staff.hca, staff.prescriber]) {
    await accept(host, { type: 'signIn', badgeNumber: member.badgeNumber, pin: member.pin }, null);
  }
  return { nurse: staff.nurse.staffId, hca: staff.hca.staffId, prescriber: staff.prescriber.staffId };
}

/**
 * Checks a person in and takes them to observation: identity, a clean pre-dose check, their
 * prescribed dose given witnessed, and a first observation. Returns the visit id.
 */
export async function doseToObservation(
  host: Host, ids: { nurse: string; hca: string }, serviceUserId: string, breathReadingByHand: boolean,
): Promise<string> {
  const visitId = await startedVisit(host, serviceUserId, ids.nurse);
  const prescription = host.room().visits.find((visit) => visit.visitId === visitId)?.prescription;
  if (!prescription) throw new Error(`The new visit ${visitId} is not on the room board.`);
  const route = prescription.routes.includes('IM') ? 'IM' : prescription.routes[0] ?? 'IM';
  const doseMg = prescription.dosePerSessionMg;
  await accept(host, { type: 'confirmIdentity', visitId }, ids.hca);
  await accept(host, cleanPreDoseCheck(visitId), ids.nurse);
  if (breathReadingByHand) await accept(host, manualClearReading(visitId, ids.hca), ids.nurse);
  await accept(host, { type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: doseMg, witnessId: ids.hca, nursePin: staff.nurse.pin, witnessPin: staff.hca.pin }, ids.nurse);
  await accept(host, { type: 'recordAdministration', visitId, administeredMg: doseMg, route, site: route === 'IM' ? 'left thigh' : 'left arm', witnessId: ids.hca, nursePin: staff.nurse.pin, witnessPin: staff.hca.pin }, ids.nurse);
  await accept(host, safeObservation(visitId), ids.hca);
  return visitId;
}

export function cleanPreDoseCheck(visitId: string): Intention {
  return {
    type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [], breathTestRequested: false,
    decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null,
  };
}

/** The seed's kiosk has no breathalyser, so a flagged person's reading is taken on another device and entered by hand. */
export function manualClearReading(visitId: string, witnessId: string): Intention {
  return {
    type: 'recordManualBreathReading', visitId, value: 0, unit: 'ug/100ml', device: 'Clinic handheld breathalyser',
    reason: 'The kiosk has no breathalyser connected.', witnessId,
  };
}

export function safeObservation(visitId: string): Intention {
  return { type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 };
}
