/**
 * Destruction of controlled-drug stock (expired, damaged), witnessed by a person authorised to
 * witness it, and stock handed back by service users, kept in a returns section of its own that
 * never changes the product's balance and is destroyed from there.
 */
import type { IntentionOf } from '../../../shared/contract/index.js';
import { mgInUnits, roundToMicrograms as round } from '../../../shared/register/products.js';
import { destructionSection } from '../../../shared/register/returns.js';
import type { Handler, HandlerTable } from '../handler.js';
import type { StaffMember } from '../records/reference-data.js';
import type { CatalogueProduct } from '../records/stock-records.js';
import { wholeUnitsProblem } from '../register/stock-rules.js';
import { done, refused, refusedFor, type Refused } from '../replies.js';
import { bothPinsProblem } from '../staff/both-pins.js';
import { catalogueProduct, signedByBoth, type StockParts } from './stock.js';

type Destruction = IntentionOf<'recordStockDestruction'>;
type WitnessOfEvent = { staffId: string } | { name: string; role: string; organisation: string };
type Witnessed = { ok: true; witness: WitnessOfEvent; witnessStaffId: string | null } | { ok: false; refused: Refused };

/** Any enrolled role may witness a destruction, if a clinic lead has authorised that person. */
const anyRole = ['nurse', 'hca', 'prescriber', 'clinicLead'] as const;

function amountProblem(parts: StockParts, product: CatalogueProduct, intention: Destruction, quantityMg: number): Refused | null {
  const part = wholeUnitsProblem(product.counting, intention.units);
  if (part) return refused('partAmpoule', part);
  const section = destructionSection(product.productId, intention.from);
  const balanceMg = parts.stock.balanceMg(section);
  if (round(balanceMg - quantityMg) < 0) {
    return refused('notEnoughStock', `${parts.stock.sectionTitle(section)} holds ${balanceMg} mg: ${quantityMg} mg cannot be destroyed from it. ` +
      'Count the stock to destroy again, and record any receipt or return missing first.');
  }
  return null;
}

/** The recorder's PIN alone, for a witness from outside who has no PIN here. */
function recorderPinProblem(parts: StockParts, actor: StaffMember, actorPin: string): Refused | null {
  const confirmed = parts.staff.confirmPin(actor, actorPin, actor);
  if (confirmed.ok) return null;
  return confirmed.lockedOut
    ? refused('lockedOut', `The destruction was not recorded: ${actor.displayName}'s badge is now locked after too many wrong PINs, and they are signed out.`)
    : refused('wrongPin', `The destruction was not recorded: ${actor.displayName}'s PIN was not right. Enter your own PIN, then record the destruction again.`);
}

function witnessedBy(parts: StockParts, intention: Destruction, actor: StaffMember): Witnessed {
  const { witness } = intention;
  if (witness.kind === 'outside') {
    const pin = recorderPinProblem(parts, actor, intention.actorPin);
    if (pin) return { ok: false, refused: pin };
    return { ok: true, witness: { name: witness.name, role: witness.role, organisation: witness.organisation }, witnessStaffId: null };
  }
  const member = parts.staff.witness(witness.witnessId, actor, anyRole);
  if (!member.ok) return { ok: false, refused: refusedFor([member.refusal]) };
  if (!parts.stock.isDestructionWitness(member.member.staffId)) {
    return { ok: false, refused: refused('witnessNotAuthorised', `${member.member.displayName} is not authorised to witness destruction: ` +
      'choose a witness a clinic lead has authorised (listed on this form), or record a witness from outside by name, role and organisation.') };
  }
  const pins = bothPinsProblem(parts, { actor, actorPin: intention.actorPin, witness: member.member, witnessPin: witness.witnessPin },
    'The destruction', 'record the destruction');
  if (pins) return { ok: false, refused: pins };
  return { ok: true, witness: { staffId: member.member.staffId }, witnessStaffId: member.member.staffId };
}

const recordStockDestruction: Handler<'recordStockDestruction', StockParts> = (parts, intention, { actor }) => {
  const found = catalogueProduct(parts, intention.productId);
  if (!found.ok) return found.refused;
  const quantityMg = mgInUnits(found.product.counting, intention.units);
  const problem = amountProblem(parts, found.product, intention, quantityMg);
  if (problem) return problem;
  const witnessed = witnessedBy(parts, intention, actor);
  if (!witnessed.ok) return witnessed.refused;
  parts.ledger.append({
    event: {
      type: 'stockDestroyed', productId: found.product.productId, from: intention.from, units: intention.units, quantityMg,
      reason: intention.reason, note: intention.note, destroyedBy: actor.staffId, witness: witnessed.witness,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: witnessed.witnessStaffId,
  });
  return done();
};

const recordPatientReturn: Handler<'recordPatientReturn', StockParts> = (parts, intention, { at, actor }) => {
  // The return names who handed it back: a mistyped id would leave stock no one can account for.
  if (!parts.reference.serviceUser(intention.serviceUserId)) return refused('notEnrolled', 'That service user is not enrolled here: choose the person who handed the stock back.');
  const found = catalogueProduct(parts, intention.productId);
  if (!found.ok) return found.refused;
  const part = wholeUnitsProblem(found.product.counting, intention.units);
  if (part) return refused('partAmpoule', part);
  const signed = signedByBoth(parts, intention, actor, at, 'The return', 'record the return');
  if (!signed.ok) return signed.refused;
  parts.ledger.append({
    event: {
      type: 'patientReturnReceived', productId: found.product.productId, serviceUserId: intention.serviceUserId, units: intention.units,
      quantityMg: mgInUnits(found.product.counting, intention.units), note: intention.note, receivedBy: actor.staffId, witnessedBy: signed.witness.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: signed.witness.staffId,
    serviceUserId: intention.serviceUserId,
  });
  return done();
};

const authoriseDestructionWitness: Handler<'authoriseDestructionWitness', StockParts> = (parts, intention, { actor }) => {
  if (!parts.reference.staffMember(intention.staffId)) {
    return refused('witnessNotAuthorised', 'That person is not enrolled at this clinic: enrol them first, or record an outside witness at the destruction.');
  }
  parts.ledger.append({
    event: { type: 'destructionWitnessAuthorised', staffId: intention.staffId, authorised: intention.authorised, decidedBy: actor.staffId },
    actorStaffId: actor.staffId,
  });
  return done();
};

export const stockDestructionIntentions: HandlerTable<'recordStockDestruction' | 'recordPatientReturn' | 'authoriseDestructionWitness'> = {
  recordStockDestruction, recordPatientReturn, authoriseDestructionWitness,
};
