/**
 * A register line in the words of the printed page, under the reg 19 headings: what was obtained
 * (date, supplier, quantity), what was supplied, including by administration (date, service user,
 * prescriber or other authority, quantity, who recorded it, who witnessed it), and the balance.
 * Display only: every figure is the register's.
 */
import { dateAndTime, calendarDate } from '../../shared/clinic-time/clinic-time-text.js';
import type { RegisterLine, RegisterSection } from '../../shared/contract/index.js';
import { ledgerWords } from '../../shared/register/ledger-reference.js';
import { unitWords, unitsInMg, type StockCounting } from '../../shared/register/products.js';

export interface EntryCells {
  obtainedOn: string;
  supplier: string;
  obtained: string;
  suppliedOn: string;
  serviceUser: string;
  authority: string;
  supplied: string;
  recordedBy: string;
  witness: string;
  note: string;
  balanceMg: string;
  balanceUnits: string;
}

/** "9920 mg". */
export function mgWords(mg: number): string {
  return `${mg} mg`;
}

/** The balance in the product's unit ("99.2 ampoules", "12.5 mL"); a dash on a page kept by drug name alone. */
export function unitsWords(counting: StockCounting | null, mg: number): string {
  return counting === null ? '-' : unitWords(counting, unitsInMg(counting, mg));
}

/** "2 ampoules, 1000 mg": a movement as it was counted, and in mg. */
function quantityWords(counting: StockCounting | null, units: number | null, mg: number): string {
  if (mg === 0) return '';
  return counting === null || units === null ? mgWords(mg) : `${unitWords(counting, units)}, ${mgWords(mg)}`;
}

/** Kind, detail, batch and expiry, route and site: what the other columns do not say. */
function noteWords(line: RegisterLine, counting: StockCounting | null): string {
  const parts = [
    // A receipt's supplier column says it; a correction is named by what it corrects (register-footnotes.ts).
    line.kind === 'receipt' || line.kind === 'correction' ? null : line.kind.charAt(0).toUpperCase() + line.kind.slice(1),
    line.kind === 'receipt' ? null : line.detail,
    line.batch === null ? null : `batch ${line.batch}`,
    line.expiresOn === null ? null : `expires ${calendarDate(line.expiresOn)}`,
    line.drawnMg === null ? null : `drawn ${mgWords(line.drawnMg)}`,
    [line.route, line.site].filter(Boolean).join(', ') || null,
    counting === null && line.form !== null ? line.form : null,
  ];
  return parts.filter((part) => part !== null && part !== '').join('; ');
}

export function entryCells(line: RegisterLine, section: RegisterSection, timeZone: string): EntryCells {
  const when = dateAndTime(line.at, timeZone);
  const obtained = line.inMg > 0;
  // A line that moves nothing (a count that agreed, a correction of a name) is dated where stock leaves.
  const supplied = line.outMg > 0 || !obtained;
  return {
    obtainedOn: obtained ? when : '',
    supplier: obtained ? (line.kind === 'receipt' ? line.detail ?? '' : line.serviceUser ?? line.kind) : '',
    obtained: quantityWords(section.counting, line.inUnits, line.inMg),
    suppliedOn: supplied ? when : '',
    serviceUser: line.serviceUser ?? '',
    authority: line.prescriber ?? '',
    supplied: quantityWords(section.counting, line.outUnits, line.outMg),
    recordedBy: line.recordedBy ?? '',
    witness: line.witnessedBy ?? '',
    note: [noteWords(line, section.counting), ledgerWords(line)].filter((words) => words !== '').join('; '),
    balanceMg: mgWords(line.balanceMg),
    balanceUnits: unitsWords(section.counting, line.balanceMg),
  };
}
