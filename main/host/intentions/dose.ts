/**
 * Drawing up the dose and wasting what is left over, both recorded by the nurse and witnessed by a
 * second signed-in person; the pair who prepared is fixed for the rest of the procedure. The
 * preparation is a dose moment (main/host/visits/dose-moment.ts): every dose-critical rule is
 * judged again, now. The administration itself, which is claimed centrally, is in
 * dose-administration.ts.
 */
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { refusedFor, visitNotOpenHere } from '../replies.js';
import { doseMoment } from '../visits/dose-moment.js';
import { takeWitnessedStep } from '../visits/take-step.js';

type DoseParts = Pick<HostParts, 'registry' | 'staff' | 'reference' | 'history'>;

const recordPreparation: Handler<'recordPreparation', DoseParts> = (parts, { visitId, drawnMg, witnessId }, { at, actor }) => {
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  const moment = doseMoment(parts, visit.context, at);
  if (!moment.ok) return refusedFor(moment.refusals);
  const { terms } = moment;
  const { drug, form, strengthMgPerMl } = terms.prescription;
  return takeWitnessedStep(parts, visitId, actor, witnessId, at, (staff) => ({ type: 'dosePrepared', at, drug, form, strengthMgPerMl, drawnMg, staff, terms }));
};

const recordWaste: Handler<'recordWaste', DoseParts> = (parts, { visitId, wastedMg, witnessId }, { at, actor }) =>
  takeWitnessedStep(parts, visitId, actor, witnessId, at, (staff) => ({ type: 'surplusWasted', at, wastedMg, staff }));

export const doseIntentions: HandlerTable<'recordPreparation' | 'recordWaste'> = { recordPreparation, recordWaste };
