/**
 * Drawing up the dose and wasting what is left over, both recorded by the nurse and witnessed by a
 * second signed-in person, each signing the register entry with their own PIN; the pair who
 * prepared is fixed for the rest of the procedure. The
 * preparation is a dose moment (main/host/visits/dose-moment.ts): every dose-critical rule is
 * judged again, now, and the product drawn from must hold the dose. The administration itself, which is claimed centrally, is in
 * dose-administration.ts.
 */
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { productNotPrescribed } from '../../../shared/register/prescribed-forms.js';
import { roundToMicrograms, unitsInMg, unitWords } from '../../../shared/register/products.js';
import type { PrescriptionSnapshot } from '../../../shared/visit/visit-events.js';
import type { CatalogueProduct } from '../records/stock-records.js';
import { availableMg } from '../register/stock-on-hand.js';
import { mgOpenedFor } from '../register/stock-rules.js';
import { refused, refusedFor, visitNotOpenHere, type Refused } from '../replies.js';
import { catalogueProduct } from './stock.js';
import { doseMoment } from '../visits/dose-moment.js';
import { takeSignedStep } from '../visits/take-step.js';

type DoseParts = Pick<HostParts, 'registry' | 'staff' | 'reference' | 'history' | 'stock'>;

/**
 * The product must be in the catalogue, of the drug and of a form the prescription in force now
 * allows (whatever it allowed at check-in), and its section must hold the dose: the register's
 * balance less what other open visits have drawn up. A balance the kiosk knows is never taken
 * below zero; a receipt or a correction comes first.
 */
function productProblem(parts: DoseParts, product: CatalogueProduct, drawnMg: number, prescription: PrescriptionSnapshot, at: string): Refused | null {
  const notPrescribed = productNotPrescribed(prescription, product);
  if (notPrescribed) return refused('productNotPrescribed', `${notPrescribed} Nothing was recorded.`);
  const available = availableMg(parts, product.productId, at);
  const opened = mgOpenedFor(product.counting, drawnMg);
  if (opened > available + 0.001) {
    const needs = opened === drawnMg ? `${drawnMg} mg` : `${opened} mg (${unitWords(product.counting, unitsInMg(product.counting, opened))} for ${drawnMg} mg)`;
    return refused('notEnoughStock', `The register holds ${Math.max(available, 0)} mg of ${product.title} that is not drawn up already, ` +
      `less than ${needs}. Nothing was recorded: record the receipt of the stock in the cupboard (or a correction) under Records > Stock, then prepare the dose.`);
  }
  return null;
}

/** What is left in the ampoules opened for the dose, destroyed at preparation; none from a solution. */
function ampouleRemainderOf(product: CatalogueProduct, drawnMg: number): { ampouleRemainderMg?: number } {
  if (product.counting.unit !== 'ampoule') return {};
  return { ampouleRemainderMg: roundToMicrograms(mgOpenedFor(product.counting, drawnMg) - drawnMg) };
}

const recordPreparation: Handler<'recordPreparation', DoseParts> = (parts, intention, { at, actor }) => {
  const { visitId, productId, drawnMg, witnessId } = intention;
  const visit = parts.registry.get(visitId);
  if (!visit) return visitNotOpenHere();
  const moment = doseMoment(parts, visit.context, at);
  if (!moment.ok) return refusedFor(moment.refusals);
  const { terms } = moment;
  const { drug, form, strengthMgPerMl } = terms.prescription;
  const found = catalogueProduct(parts, productId);
  if (!found.ok) return found.refused;
  const { product } = found;
  const stock = productProblem(parts, product, drawnMg, terms.prescription, at);
  if (stock) return stock;
  return takeSignedStep(parts, visitId, actor, witnessId, intention, at, { notRecorded: 'The preparation', again: 'record the preparation' },
    (staff) => ({
      type: 'dosePrepared', at, drug, form, strengthMgPerMl, drawnMg, staff, terms, productId,
      product: { drug: product.drug, form: product.form }, ...ampouleRemainderOf(product, drawnMg),
    }));
};

const recordWaste: Handler<'recordWaste', DoseParts> = (parts, intention, { at, actor }) =>
  takeSignedStep(parts, intention.visitId, actor, intention.witnessId, intention, at, { notRecorded: 'The waste', again: 'record the waste' },
    (staff) => ({ type: 'surplusWasted', at, wastedMg: intention.wastedMg, staff }));

export const doseIntentions: HandlerTable<'recordPreparation' | 'recordWaste'> = { recordPreparation, recordWaste };
