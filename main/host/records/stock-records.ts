/**
 * Controlled-drug stock as the register holds it: each drug's running balance and whether its
 * start-of-day count has been recorded. Read-only: the register lines and counts are projections.
 */
import type { Database } from 'better-sqlite3';
import { registerBalanceMg } from '../../ledger/projections.js';

export class StockRecords {
  constructor(private readonly db: Database) {}

  /** Drugs held in stock with no start-of-day count recorded on this clinic day. */
  drugsWithoutStartOfDayCheck(clinicDay: string): string[] {
    // Distinct drugs first, then one lookup each: checking every register line against every count
    // took 500 ms a room view on a year of lines (bench figure 2's profile), on every refresh.
    return this.db.prepare<[string], { drug: string }>(`
      SELECT drug FROM (SELECT DISTINCT drug FROM register_lines) r
      WHERE NOT EXISTS (SELECT 1 FROM stock_checks c WHERE c.drug = r.drug AND c.clinic_day = ? AND c.kind = 'start of day')
      ORDER BY drug`).all(clinicDay).map((row) => row.drug);
  }

  registerBalanceMg(drug: string): number {
    return registerBalanceMg(this.db, drug);
  }
}
