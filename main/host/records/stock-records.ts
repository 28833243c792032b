/**
 * Controlled-drug stock as the register holds it: the catalogue of products, each register
 * section's running balance, and whether its start-of-day count has been recorded. Read-only: the
 * catalogue, register lines and counts are projections.
 */
import type { Database } from 'better-sqlite3';
import { ControlledDrugProduct, productTitle } from '../../../shared/register/products.js';
import { productOfReturnsSection } from '../../../shared/register/returns.js';
import { drugNameSection, registerBalanceMg } from '../../ledger/projections.js';

const drugNamePrefix = drugNameSection('');

export interface CatalogueProduct extends ControlledDrugProduct {
  title: string;
}

/** The drug a page kept by drug name alone was kept under; null for a product's section. */
export function legacyDrugOf(section: string): string | null {
  return section.startsWith(drugNamePrefix) ? section.slice(drugNamePrefix.length) : null;
}

interface ProductRow { product_id: string; drug: string; form: string; counting: string }

function productOf(row: ProductRow): CatalogueProduct {
  const product = ControlledDrugProduct.parse({ productId: row.product_id, drug: row.drug, form: row.form, counting: JSON.parse(row.counting) as unknown });
  return { ...product, title: productTitle(product) };
}

export class StockRecords {
  constructor(private readonly db: Database) {}

  /** The catalogue, in the order a clinic lead added it. */
  products(): CatalogueProduct[] {
    return this.db.prepare<[], ProductRow>('SELECT product_id, drug, form, counting FROM cd_products ORDER BY added_at, product_id')
      .all().map(productOf);
  }

  product(productId: string): CatalogueProduct | null {
    const row = this.db.prepare<[string], ProductRow>('SELECT product_id, drug, form, counting FROM cd_products WHERE product_id = ?').get(productId);
    return row ? productOf(row) : null;
  }

  /**
   * Of these sections (`sectionsWithLines`), those with no start-of-day count recorded on this
   * clinic day. Stock handed back by service users is not stock on hand: it is not counted.
   */
  sectionsWithoutStartOfDayCheck(clinicDay: string, sections: readonly string[]): string[] {
    // Distinct sections first, then one lookup each: checking every register line against every count
    // took 500 ms a room view on a year of lines (bench figure 2's profile), on every refresh.
    const counted = this.db.prepare<[string, string], { one: number }>(
      "SELECT 1 AS one FROM stock_checks WHERE section = ? AND clinic_day = ? AND kind = 'start of day'");
    return sections.filter((section) => productOfReturnsSection(section) === null && counted.get(section, clinicDay) === undefined);
  }

  /** Every register section that has a line: the catalogue's products, pages kept by drug name, and stock handed back. */
  sectionsWithLines(): string[] {
    return this.db.prepare<[], { section: string }>('SELECT DISTINCT section FROM register_lines ORDER BY section').all().map((row) => row.section);
  }

  /** The heading of a section: the product's drug, form and strength, or the drug name it was kept under. */
  sectionTitle(section: string): string {
    const product = this.product(section);
    if (product) return product.title;
    const returned = productOfReturnsSection(section);
    if (returned !== null) return `${this.product(returned)?.title ?? returned} — returned by service users`;
    return `${legacyDrugOf(section) ?? section} (kept by drug name, before the product catalogue)`;
  }

  /** One entry of a section, by the event that wrote it: what a correction names. */
  entry(section: string, eventId: string): { at: string; kind: string; inMg: number; outMg: number } | null {
    return this.db.prepare<[string, string], { at: string; kind: string; inMg: number; outMg: number }>(
      'SELECT at, kind, in_mg AS inMg, out_mg AS outMg FROM register_lines WHERE section = ? AND event_id = ?').get(section, eventId) ?? null;
  }

  /** Whether a clinic lead has authorised this member of staff to witness destruction. */
  isDestructionWitness(staffId: string): boolean {
    return this.db.prepare<[string], { authorised: number }>('SELECT authorised FROM destruction_witnesses WHERE staff_id = ?')
      .get(staffId)?.authorised === 1;
  }

  /** The staff a clinic lead has authorised to witness destruction: shown before the form is filled in. */
  destructionWitnessIds(): string[] {
    return this.db.prepare<[], { staff_id: string }>('SELECT staff_id FROM destruction_witnesses WHERE authorised = 1 ORDER BY staff_id')
      .all().map((row) => row.staff_id);
  }

  balanceMg(section: string): number {
    return registerBalanceMg(this.db, section);
  }

  /** Doses other rooms have drawn up from this section and not yet given or wasted (sync/drawn-up-elsewhere.ts). */
  drawnUpInOtherRooms(section: string): DrawnUpInOtherRoom[] {
    return this.db.prepare<[string], DrawnUpInOtherRoom>(`SELECT d.visit_id AS visitId, d.service_user_id AS serviceUserId, d.drawn_mg AS drawnMg,
        d.prepared_at AS preparedAt, d.clinic_day AS clinicDay, d.session_closes_at AS sessionClosesAt, COALESCE(k.name, d.kiosk_id) AS room
      FROM remote_drawn_up d LEFT JOIN known_kiosks k ON k.kiosk_id = d.kiosk_id WHERE d.section = ? ORDER BY d.prepared_at, d.visit_id`).all(section);
  }
}

export interface DrawnUpInOtherRoom {
  visitId: string;
  serviceUserId: string;
  drawnMg: number;
  preparedAt: string;
  clinicDay: string;
  /** Null for a visit recorded before sessions carried their closing time: flagged as from an earlier session. */
  sessionClosesAt: string | null;
  /** The other room's kiosk name. */
  room: string;
}
