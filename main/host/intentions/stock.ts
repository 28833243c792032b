/**
 * Controlled-drug stock: the catalogue of products (a clinic lead's), receipts and the counts at
 * the start and end of each clinic day, each register entry signed by both people with their own
 * PINs. Every movement names a product the catalogue knows; its section, never a drug name typed
 * in, decides where it lands. A count that differs from the register is recorded with its
 * discrepancy and a note, never adjusted away.
 */
import { randomUUID } from 'node:crypto';
import type { IntentionOf } from '../../../shared/contract/index.js';
import { mgInUnits, productTitle, roundToMicrograms as round, unitWords } from '../../../shared/register/products.js';
import { drugNameSection } from '../../ledger/projections.js';
import { clinicDayAt } from '../clinic-context/clinic-context.js';
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import type { CatalogueProduct } from '../records/stock-records.js';
import type { StaffMember } from '../records/reference-data.js';
import { drawnUpFrom, totalDrawnUpMg } from '../register/stock-on-hand.js';
import { wholeUnitsProblem } from '../register/stock-rules.js';
import { done, refused, refusedFor, type Refused } from '../replies.js';
import { bothPinsProblem } from '../staff/both-pins.js';

export type StockParts = Pick<HostParts, 'reference' | 'staff' | 'ledger' | 'stock' | 'registry'>;

/** The product, or the refusal that names what to do when the catalogue does not know it. */
export function catalogueProduct(parts: Pick<HostParts, 'stock'>, productId: string): { ok: true; product: CatalogueProduct } | { ok: false; refused: Refused } {
  const product = parts.stock.product(productId);
  if (product) return { ok: true, product };
  return {
    ok: false,
    refused: refused('unknownProduct', 'This product is not in the clinic\'s catalogue, so the register has no section for it. ' +
      'A clinic lead adds the product (drug, form and strength) under Records > Stock first.'),
  };
}

type Signed = { ok: true; witness: StaffMember } | { ok: false; refused: Refused };

/** The witness must be signed in and of a witnessing role, and both PINs right: the entry's two signatures. */
export function signedByBoth(
  parts: StockParts, intention: { witnessId: string; actorPin: string; witnessPin: string }, actor: StaffMember, at: string, entry: string, again: string,
): Signed {
  const roles = parts.reference.siteRulesAt(at)?.witness.roles ?? ['nurse'];
  const witness = parts.staff.witness(intention.witnessId, actor, roles);
  if (!witness.ok) return { ok: false, refused: refusedFor([witness.refusal]) };
  const pins = bothPinsProblem(parts, { actor, actorPin: intention.actorPin, witness: witness.member, witnessPin: intention.witnessPin }, entry, again);
  return pins ? { ok: false, refused: pins } : { ok: true, witness: witness.member };
}

const addControlledDrugProduct: Handler<'addControlledDrugProduct', StockParts> = (parts, { drug, form, counting }, { actor }) => {
  const title = productTitle({ drug, form, counting });
  if (parts.stock.products().some((product) => product.title === title)) {
    return refused('productAlreadyInCatalogue', `${title} is already in the catalogue: its register section is open.`);
  }
  parts.ledger.append({ event: { type: 'controlledDrugProductAdded', productId: `cdp-${randomUUID()}`, drug, form, counting }, actorStaffId: actor.staffId });
  return done();
};

function receiptProblem(product: CatalogueProduct, { units, expiresOn }: IntentionOf<'recordStockReceipt'>, today: string): Refused | null {
  const part = wholeUnitsProblem(product.counting, units);
  if (part) return refused('partAmpoule', part);
  if (expiresOn < today) {
    return refused('expiredStock', `This batch expired on ${expiresOn}: do not take it into stock. Return it to the supplier, or record its destruction, witnessed.`);
  }
  return null;
}

const recordStockReceipt: Handler<'recordStockReceipt', StockParts> = (parts, intention, { at, actor }) => {
  const found = catalogueProduct(parts, intention.productId);
  if (!found.ok) return found.refused;
  const { product } = found;
  const problem = receiptProblem(product, intention, clinicDayAt(parts.reference, at));
  if (problem) return problem;
  const signed = signedByBoth(parts, intention, actor, at, 'The receipt', 'record the receipt');
  if (!signed.ok) return signed.refused;
  parts.ledger.append({
    event: {
      type: 'stockReceived', drug: product.drug, productId: product.productId, units: intention.units,
      quantityMg: mgInUnits(product.counting, intention.units), batch: intention.batch, expiresOn: intention.expiresOn,
      supplier: intention.supplier, reference: intention.reference, receivedBy: actor.staffId, witnessedBy: signed.witness.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: signed.witness.staffId,
  });
  return done();
};

const recordStockCheck: Handler<'recordStockCheck', StockParts> = (parts, intention, { at, actor }) => {
  const found = catalogueProduct(parts, intention.productId);
  if (!found.ok) return found.refused;
  const { product } = found;
  const part = wholeUnitsProblem(product.counting, intention.countedUnits);
  if (part) return refused('partAmpoule', part);
  const registerBalanceMg = parts.stock.balanceMg(product.productId);
  const drawnUp = drawnUpFrom(parts, product.productId, at);
  const drawnUpMg = totalDrawnUpMg(drawnUp);
  const countedMg = mgInUnits(product.counting, intention.countedUnits);
  const discrepancyMg = round(countedMg - (registerBalanceMg - drawnUpMg));
  const leftOver = drawnUp.filter((dose) => dose.earlierSession);
  const noNote = intention.note === null || intention.note.trim() === '';
  if (leftOver.length > 0 && noNote) {
    const named = leftOver.map((dose) => `${dose.drawnMg} mg for ${dose.preferredName}${dose.room === null ? '' : ` in ${dose.room}`}`).join(', ');
    return refused('stockCountDiffers', `A dose drawn up in a session that has closed is still in an open visit (${named}): ` +
      'that is a discrepancy to resolve. Describe it in the note (it is recorded as an incident), then record or waste the dose in its visit.');
  }
  if (discrepancyMg !== 0 && noNote) {
    const inSyringes = drawnUpMg > 0 ? `, less ${drawnUpMg} mg drawn up for doses in progress` : '';
    return refused('stockCountDiffers', `The count differs from the register (${registerBalanceMg} mg${inSyringes}) by ${discrepancyMg} mg. ` +
      'Recount with your witness; if it still differs, describe the discrepancy: it is recorded as an incident.');
  }
  const signed = signedByBoth(parts, intention, actor, at, 'The stock check', 'record the count');
  if (!signed.ok) return signed.refused;
  parts.ledger.append({
    event: {
      type: 'stockChecked', drug: product.drug, productId: product.productId, clinicDay: clinicDayAt(parts.reference, at), kind: intention.kind,
      countedUnits: intention.countedUnits, countedMg, registerBalanceMg, drawnUpMg, discrepancyMg, note: intention.note,
      drawnUpIn: drawnUp.map((dose) => ({ visitId: dose.visitId, drawnMg: dose.drawnMg, preparedAt: dose.preparedAt })),
      checkedBy: actor.staffId, witnessedBy: signed.witness.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: signed.witness.staffId,
  });
  return done();
};

const carryRegisterPageForward: Handler<'carryRegisterPageForward', StockParts> = (parts, intention, { at, actor }) => {
  const page = drugNameSection(intention.drug);
  const pageBalanceMg = parts.stock.balanceMg(page);
  if (pageBalanceMg === 0) {
    return refused('registerPageClosed', `No register page kept under "${intention.drug}" holds a balance to carry forward.`);
  }
  const found = catalogueProduct(parts, intention.productId);
  if (!found.ok) return found.refused;
  const { product } = found;
  if (product.drug !== intention.drug) {
    return refused('productNotPrescribed', `The page is for ${intention.drug}; ${product.title} is another drug.`);
  }
  const part = wholeUnitsProblem(product.counting, intention.countedUnits);
  if (part) return refused('partAmpoule', part);
  const countedMg = mgInUnits(product.counting, intention.countedUnits);
  if (countedMg !== pageBalanceMg && (intention.note === null || intention.note.trim() === '')) {
    return refused('stockCountDiffers', `${unitWords(product.counting, intention.countedUnits)} is ${countedMg} mg; the page holds ${pageBalanceMg} mg. ` +
      'Recount with your witness; if it still differs, describe the discrepancy: it is recorded with the carried balance.');
  }
  const signed = signedByBoth(parts, intention, actor, at, 'The carried balance', 'carry the page forward');
  if (!signed.ok) return signed.refused;
  parts.ledger.append({
    event: {
      type: 'registerPageCarriedForward', fromDrug: intention.drug, productId: product.productId, pageBalanceMg,
      countedUnits: intention.countedUnits, countedMg, note: intention.note, confirmedBy: actor.staffId, witnessedBy: signed.witness.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: signed.witness.staffId,
  });
  return done();
};

/** Reg 20: never an alteration; a dated note naming the entry, with the right figures, a reason and a witness. */
const correctRegisterEntry: Handler<'correctRegisterEntry', StockParts> = (parts, intention, { at, actor }) => {
  const entry = parts.stock.entry(intention.section, intention.entryEventId);
  if (!entry) return refused('noSuchRegisterEntry', 'That entry is not in this register section: choose the entry to correct from the register.');
  const right = { inMg: intention.rightInMg, outMg: intention.rightOutMg };
  const difference = round((right.inMg - entry.inMg) - (right.outMg - entry.outMg));
  const balanceMg = parts.stock.balanceMg(intention.section);
  if (balanceMg + difference < 0) {
    return refused('notEnoughStock', `The correction would take ${parts.stock.sectionTitle(intention.section)} to ${round(balanceMg + difference)} mg, ` +
      'below zero: check the figures, and record any receipt missing first.');
  }
  const signed = signedByBoth(parts, intention, actor, at, 'The correction', 'record the correction');
  if (!signed.ok) return signed.refused;
  parts.ledger.append({
    event: {
      type: 'registerEntryCorrected', section: intention.section, entryEventId: intention.entryEventId, wrong: { inMg: entry.inMg, outMg: entry.outMg },
      right, reason: intention.reason, correctedBy: actor.staffId, witnessedBy: signed.witness.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: signed.witness.staffId,
  });
  return done();
};

export const stockIntentions: HandlerTable<
  'addControlledDrugProduct' | 'recordStockReceipt' | 'recordStockCheck' | 'carryRegisterPageForward' | 'correctRegisterEntry'
> = { addControlledDrugProduct, recordStockReceipt, recordStockCheck, carryRegisterPageForward, correctRegisterEntry };
