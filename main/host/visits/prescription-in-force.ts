/**
 * A prescription suspended (or ended) after check-in stops the dose: the visit keeps the terms it
 * started with, but never the right to dose against a prescription no longer in force. What was
 * drawn up is then wasted, witnessed.
 */
import { refusal, type Refusal } from '../../../shared/refusals/refusal.js';
import { clinicDayAt } from '../clinic-context/clinic-context.js';
import type { HostParts } from '../host-parts.js';

export type PrescriptionParts = Pick<HostParts, 'registry' | 'reference'>;

const stoppedSinceCheckIn = refusal('prescriptionStopped',
  'The prescription was suspended or has ended since this visit began: do not give the dose. Withhold it, or waste what was drawn up, and ask the prescriber.');

/** Null while the prescription the visit is dosing against is still in force at `at`. */
export function prescriptionStoppedFor(parts: PrescriptionParts, visitId: string, at: string): Refusal | null {
  const prescriptionId = parts.registry.get(visitId)?.context.prescription.prescriptionId;
  if (prescriptionId === undefined) return null;
  const current = parts.reference.prescription(prescriptionId);
  const today = clinicDayAt(parts.reference, at);
  const inForce = current !== null && current.status === 'active' && (current.endsOn === null || current.endsOn >= today);
  return inForce ? null : stoppedSinceCheckIn;
}
