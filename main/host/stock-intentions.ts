/**
 * Controlled-drug stock: receipts and the counts at the start and end of each clinic day, both
 * with two signatures. A count that differs from the register is recorded with its discrepancy
 * and a note, as an incident, never adjusted away.
 */
import { clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import type { HandlerTable, HostParts, IntentionContext } from './host-parts.js';
import type { StaffMember } from './reference-data.js';
import { done, refused } from './visit-intentions.js';

function witnessFor(parts: HostParts, witnessId: string, actor: StaffMember) {
  const roles = parts.reference.siteRules()?.witness.roles ?? ['nurse'];
  return parts.staff.witness(witnessId, actor, roles);
}

function timeZone(parts: HostParts): string {
  return parts.reference.clinic()?.timeZone ?? 'Europe/London';
}

export const stockIntentions: HandlerTable<'recordStockReceipt' | 'recordStockCheck'> = {
  recordStockReceipt(parts, intention, { actor }: IntentionContext) {
    const witness = witnessFor(parts, intention.witnessId, actor);
    if (!witness.ok) return refused(witness.reason);
    parts.ledger.append({
      event: {
        type: 'stockReceived', drug: intention.drug, quantityMg: intention.quantityMg, supplier: intention.supplier,
        reference: intention.reference, receivedBy: actor.staffId, witnessedBy: witness.member.staffId,
      },
      actorStaffId: actor.staffId,
      witnessStaffId: witness.member.staffId,
    });
    return done();
  },
  recordStockCheck(parts, intention, { at, actor }) {
    const witness = witnessFor(parts, intention.witnessId, actor);
    if (!witness.ok) return refused(witness.reason);
    const registerBalanceMg = parts.reference.registerBalanceMg(intention.drug);
    const discrepancyMg = Math.round((intention.countedMg - registerBalanceMg) * 1000) / 1000;
    if (discrepancyMg !== 0 && (intention.note === null || intention.note.trim() === '')) {
      return refused(`The count differs from the register (${registerBalanceMg} mg) by ${discrepancyMg} mg. ` +
        'Recount with your witness; if it still differs, describe the discrepancy: it is recorded as an incident.');
    }
    parts.ledger.append({
      event: {
        type: 'stockChecked', drug: intention.drug, clinicDay: clinicDayOf(new Date(at), timeZone(parts)), kind: intention.kind,
        countedMg: intention.countedMg, registerBalanceMg, discrepancyMg, note: intention.note,
        checkedBy: actor.staffId, witnessedBy: witness.member.staffId,
      },
      actorStaffId: actor.staffId,
      witnessStaffId: witness.member.staffId,
    });
    return done();
  },
};
