/**
 * The controlled-drug register report, by section (a product of the catalogue, or a page kept by
 * drug name) with its running balance, as the Records screen and the printed register both show
 * it. Built from an open ledger and its records alone, so a tool reading a kiosk's file read-only
 * (main/register-print) builds the very same register as the running host. Nothing here writes.
 */
import type { Database } from 'better-sqlite3';
import { addClinicDays, clinicDayOf } from '../../../shared/clinic-time/clinic-day.js';
import type { RegisterLine, RegisterSection, ReportOf } from '../../../shared/contract/index.js';
import { roundToMicrograms, unitsInMg, type StockCounting } from '../../../shared/register/products.js';
import { clinicTimeZone } from '../clinic-context/clinic-context.js';
import type { ReferenceData } from '../records/reference-data.js';
import { legacyDrugOf, type StockRecords } from '../records/stock-records.js';

export interface RegisterRecords {
  reference: ReferenceData;
  stock: StockRecords;
  /** Whether the clinic's register is central's (kiosks of a clinic syncing) or this kiosk's ledger alone. */
  registerIsCentral: () => boolean;
}

interface RegisterRow {
  kiosk_id: string; seq: number; event_id: string; drug: string; at: string; kind: RegisterLine['kind']; visit_id: string | null;
  service_user_id: string | null; drawn_mg: number | null; in_mg: number; out_mg: number; route: string | null; site: string | null;
  recorded_by: string | null; witnessed_by: string | null; detail: string | null; balance_mg: number; section: string;
  in_units: number | null; out_units: number | null; batch: string | null; expires_on: string | null; corrects_event_id: string | null;
  prescriber_id: string | null; form: string | null; strength_mg_per_ml: number | null; identity_checked: number | null;
  central_seq: number | null; received_at: string | null;
}

/**
 * Every section: the catalogue's products (a new one with no lines yet too), then pages kept by
 * drug name before the catalogue. Lines in the clinic register's order (`registerOrder`).
 */
export function registerReport(db: Database, records: RegisterRecords, now: Date): ReportOf<'register'> {
  const central = records.registerIsCentral();
  const rows = db.prepare<[], RegisterRow>(`
    SELECT r.*, f.prescriber_id, f.form, f.strength_mg_per_ml, f.identity_checked, x.central_seq, x.received_at
    FROM register_lines r LEFT JOIN visit_facts f ON f.visit_id = r.visit_id
      LEFT JOIN register_received x ON x.kiosk_id = r.kiosk_id AND x.seq = r.seq
    ORDER BY ${central ? 'x.central_seq IS NULL, x.central_seq, ' : ''}r.rowid`).all();
  const products = records.stock.products();
  const productIds = new Set(products.map((product) => product.productId));
  const pages = [...new Set(rows.map((row) => row.section))].filter((section) => !productIds.has(section));
  // Reg 20: each entry shows the corrections made to it, as each correction names its entry.
  const correctionsOf = new Map<string, string[]>();
  for (const row of rows) {
    if (row.corrects_event_id === null) continue;
    const key = `${row.section} ${row.corrects_event_id}`;
    correctionsOf.set(key, [...(correctionsOf.get(key) ?? []), row.event_id]);
  }
  const lineOf = registerLineMaker(db, records.reference, central, now, correctionsOf);
  const sectionOf = (sectionId: string, productId: string | null, drug: string, counting: StockCounting | null): RegisterSection => {
    let balanceMg = 0;
    const lines = rows.filter((row) => row.section === sectionId).map((row) => {
      // The running balance in this order, not as each kiosk stored it in the order it learnt of
      // the entries: two rooms' kiosks print the same balance on the same line.
      balanceMg = roundToMicrograms(balanceMg + row.in_mg - row.out_mg);
      return lineOf(row, balanceMg);
    });
    return {
      sectionId, productId, title: records.stock.sectionTitle(sectionId), drug, counting, balanceMg,
      balanceUnits: counting === null ? null : unitsInMg(counting, balanceMg), lines,
    };
  };
  return {
    kind: 'register',
    sections: [
      ...products.map((product) => sectionOf(product.productId, product.productId, product.drug, product.counting)),
      ...pages.map((page) => sectionOf(page, null, legacyDrugOf(page) ?? page, null)),
    ],
  };
}

/**
 * One register for the clinic (registerOrder): where kiosks sync, an entry's place is when
 * central received it, and an entry not yet there is listed after the rest, marked, its balance
 * still able to move. Working alone, the kiosk's ledger is the register: an entry is in it when recorded.
 */
function registerLineMaker(
  db: Database, reference: ReferenceData, central: boolean, now: Date, correctionsOf: ReadonlyMap<string, string[]>,
): (row: RegisterRow, balanceMg: number) => RegisterLine {
  const zone = clinicTimeZone(reference);
  const today = clinicDayOf(now, zone);
  return (row, balanceMg) => {
    const receivedAt = central ? row.received_at : row.at;
    // Reg 19: an entry is made on the day, or the next day at the latest.
    const latestDay = addClinicDays(clinicDayOf(new Date(row.at), zone), 1);
    const late = (receivedAt === null ? today : clinicDayOf(new Date(receivedAt), zone)) > latestDay;
    return { ...registerLine(db, reference, row, correctionsOf), balanceMg, receivedAt, notYetSynced: receivedAt === null, late };
  };
}

/** A destruction witnessed by someone from outside the clinic: named, with role and organisation, in the witness column. */
function outsideWitness(db: Database, row: RegisterRow): string | null {
  if (row.kind !== 'destruction') return null;
  const witness = db.prepare<[string], { name: string | null; role: string | null; organisation: string | null }>(
    `SELECT json_extract(payload, '$.witness.name') AS name, json_extract(payload, '$.witness.role') AS role,
      json_extract(payload, '$.witness.organisation') AS organisation FROM events WHERE event_id = ?`).get(row.event_id);
  return witness?.name ? `${witness.name} (${witness.role ?? ''}, ${witness.organisation ?? ''}; from outside the clinic)` : null;
}

function registerLine(
  db: Database, reference: ReferenceData, row: RegisterRow, correctionsOf: ReadonlyMap<string, string[]>,
): Omit<RegisterLine, 'balanceMg' | 'receivedAt' | 'notYetSynced' | 'late'> {
  const person = row.service_user_id ? reference.serviceUser(row.service_user_id) : null;
  return {
    eventId: row.event_id, kioskId: row.kiosk_id, seq: row.seq, at: row.at, kind: row.kind,
    serviceUser: person ? `${person.legalName} (${person.preferredName})` : null,
    prescriber: row.prescriber_id ? reference.nameOf(row.prescriber_id) : null,
    form: row.form, strengthMgPerMl: row.strength_mg_per_ml, drawnMg: row.drawn_mg, inMg: row.in_mg, outMg: row.out_mg,
    inUnits: row.in_units, outUnits: row.out_units, batch: row.batch, expiresOn: row.expires_on,
    route: row.route, site: row.site,
    recordedBy: row.recorded_by ? reference.nameOf(row.recorded_by) : null,
    witnessedBy: row.witnessed_by ? reference.nameOf(row.witnessed_by) : outsideWitness(db, row),
    identityChecked: row.identity_checked === null ? null : row.identity_checked === 1,
    detail: row.detail,
    corrects: row.corrects_event_id, correctedBy: correctionsOf.get(`${row.section} ${row.event_id}`) ?? [],
  };
}
