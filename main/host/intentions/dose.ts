/**
 * Drawing up the dose and wasting what is left over, both recorded by the nurse and witnessed by a
 * second signed-in person; the pair who prepared is fixed for the rest of the procedure. The
 * administration itself, which is claimed centrally, is in dose-administration.ts.
 */
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { refusedFor, visitNotOpenHere } from '../replies.js';
import { prescriptionStoppedFor } from '../visits/prescription-in-force.js';
import { takeWitnessedStep } from '../visits/take-step.js';

type DoseParts = Pick<HostParts, 'registry' | 'staff' | 'reference'>;

const recordPreparation: Handler<'recordPreparation', DoseParts> = (parts, { visitId, drawnMg, witnessId }, { at, actor }) => {
  const prescription = parts.registry.get(visitId)?.context.prescription;
  if (!prescription) return visitNotOpenHere();
  const stopped = prescriptionStoppedFor(parts, visitId, at);
  if (stopped) return refusedFor([stopped]);
  const { drug, form, strengthMgPerMl } = prescription;
  return takeWitnessedStep(parts, visitId, actor, witnessId, (staff) => ({ type: 'dosePrepared', at, drug, form, strengthMgPerMl, drawnMg, staff }));
};

const recordWaste: Handler<'recordWaste', DoseParts> = (parts, { visitId, wastedMg, witnessId }, { at, actor }) =>
  takeWitnessedStep(parts, visitId, actor, witnessId, (staff) => ({ type: 'surplusWasted', at, wastedMg, staff }));

export const doseIntentions: HandlerTable<'recordPreparation' | 'recordWaste'> = { recordPreparation, recordWaste };
