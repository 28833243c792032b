/**
 * 0014: the register by product. Lines and counts recorded under a drug name before the catalogue
 * keep every figure and take the page of that drug name; nothing moves them to a product (a
 * clinic lead does that, counted and witnessed, with a new entry). The table takes the new kinds.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { columnsOf, ledgerBefore, ledgerThrough, runMigration } from './migrating.js';

const name = '0014-register-products';

function oldLine(db: Database, seq: number, kind: string, inMg: number, outMg: number, balanceMg: number): void {
  db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, at, kind, in_mg, out_mg, recorded_by, witnessed_by, balance_mg)
    VALUES ('k1', ?, ?, 'diamorphine', '2026-11-20T09:00:00.000Z', ?, ?, ?, 'n1', 'n2', ?)`).run(seq, `e-${seq}`, kind, inMg, outMg, balanceMg);
}

describe(`ledger migration ${name}`, () => {
  it('keeps every old register line, in order, on the page of its drug name', async () => {
    const db = await ledgerBefore(name);
    oldLine(db, 1, 'receipt', 10_000, 0, 10_000);
    oldLine(db, 2, 'administration', 0, 150, 9850);
    db.prepare(`INSERT INTO stock_checks (event_id, at, clinic_day, drug, kind, counted_mg, register_balance_mg, discrepancy_mg, note, checked_by, witnessed_by)
      VALUES ('e-3', '2026-11-20T10:00:00.000Z', '2026-11-20', 'diamorphine', 'end of day', 9850, 9850, 0, NULL, 'n1', 'n2')`).run();
    await runMigration(db, name);
    expect(db.prepare('SELECT seq, section, kind, in_mg, out_mg, balance_mg, in_units FROM register_lines ORDER BY rowid').all()).toEqual([
      { seq: 1, section: 'drug:diamorphine', kind: 'receipt', in_mg: 10_000, out_mg: 0, balance_mg: 10_000, in_units: null },
      { seq: 2, section: 'drug:diamorphine', kind: 'administration', in_mg: 0, out_mg: 150, balance_mg: 9850, in_units: null },
    ]);
    expect(db.prepare('SELECT section, drawn_up_mg FROM stock_checks').get()).toEqual({ section: 'drug:diamorphine', drawn_up_mg: 0 });
  });

  it('opens the catalogue and lets one event write a line on each of two sections', async () => {
    const db = await ledgerThrough(name);
    expect(columnsOf(db, 'cd_products')).toEqual(['product_id', 'drug', 'form', 'counting', 'added_at', 'added_by']);
    const insert = db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, balance_mg)
      VALUES ('k1', 7, 'e-7', 'diamorphine', ?, '2026-11-20T09:00:00.000Z', 'carried forward', ?, ?, ?)`);
    insert.run('drug:diamorphine', 0, 500, 0);
    insert.run('cdp-1', 500, 0, 500);
    expect(() => insert.run('cdp-1', 500, 0, 500)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, balance_mg)
      VALUES ('k1', 8, 'e-8', 'diamorphine', 'cdp-1', 'x', 'guess', 0, 0, 0)`).run()).toThrow(/CHECK/);
  });
});
