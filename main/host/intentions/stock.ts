/**
 * Controlled-drug stock: receipts and the counts at the start and end of each clinic day, both
 * with two signatures. A count that differs from the register is recorded with its discrepancy
 * and a note, as an incident, never adjusted away.
 */
import { unaccountedMg } from '../../../shared/visit/visit-rules.js';
import { clinicDayAt } from '../clinic-context/clinic-context.js';
import type { Handler, HandlerTable } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import type { StaffMember } from '../records/reference-data.js';
import { done, refused, refusedFor } from '../replies.js';

type StockParts = Pick<HostParts, 'reference' | 'staff' | 'ledger' | 'stock' | 'registry'>;

function witnessFor(parts: Pick<HostParts, 'reference' | 'staff'>, witnessId: string, actor: StaffMember, at: string) {
  const roles = parts.reference.siteRulesAt(at)?.witness.roles ?? ['nurse'];
  return parts.staff.witness(witnessId, actor, roles);
}

/** What open visits have drawn up of this drug and not yet recorded as given or wasted. */
function drawnUpFor(parts: Pick<HostParts, 'registry'>, drug: string): number {
  const total = parts.registry.openVisits()
    .filter((visit) => visit.context.prescription.drug.toLowerCase() === drug)
    .reduce((sum, visit) => sum + unaccountedMg(visit.context), 0);
  return Math.round(total * 1000) / 1000;
}

const recordStockReceipt: Handler<'recordStockReceipt', StockParts> = (parts, intention, { at, actor }) => {
  const witness = witnessFor(parts, intention.witnessId, actor, at);
  if (!witness.ok) return refusedFor([witness.refusal]);
  parts.ledger.append({
    event: {
      type: 'stockReceived', drug: intention.drug, quantityMg: intention.quantityMg, supplier: intention.supplier,
      reference: intention.reference, receivedBy: actor.staffId, witnessedBy: witness.member.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: witness.member.staffId,
  });
  return done();
};

const recordStockCheck: Handler<'recordStockCheck', StockParts> = (parts, intention, { at, actor }) => {
  const witness = witnessFor(parts, intention.witnessId, actor, at);
  if (!witness.ok) return refusedFor([witness.refusal]);
  const registerBalanceMg = parts.stock.registerBalanceMg(intention.drug);
  const drawnUpMg = drawnUpFor(parts, intention.drug);
  const discrepancyMg = Math.round((intention.countedMg - (registerBalanceMg - drawnUpMg)) * 1000) / 1000;
  if (discrepancyMg !== 0 && (intention.note === null || intention.note.trim() === '')) {
    const inSyringes = drawnUpMg > 0 ? `, less ${drawnUpMg} mg drawn up for doses in progress` : '';
    return refused('stockCountDiffers', `The count differs from the register (${registerBalanceMg} mg${inSyringes}) by ${discrepancyMg} mg. ` +
      'Recount with your witness; if it still differs, describe the discrepancy: it is recorded as an incident.');
  }
  parts.ledger.append({
    event: {
      type: 'stockChecked', drug: intention.drug, clinicDay: clinicDayAt(parts.reference, at), kind: intention.kind,
      countedMg: intention.countedMg, registerBalanceMg, drawnUpMg, discrepancyMg, note: intention.note,
      checkedBy: actor.staffId, witnessedBy: witness.member.staffId,
    },
    actorStaffId: actor.staffId,
    witnessStaffId: witness.member.staffId,
  });
  return done();
};

export const stockIntentions: HandlerTable<'recordStockReceipt' | 'recordStockCheck'> = { recordStockReceipt, recordStockCheck };
