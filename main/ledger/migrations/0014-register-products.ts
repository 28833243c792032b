import type { Migration } from './migration.js';

/**
 * The register by product: a catalogue of controlled-drug products (drug, form, strength, how
 * stock is counted), each its own register section, with every line in the product's unit as
 * well as in mg. Lines and counts recorded before the catalogue keep the page of their drug name
 * (`drug:<name>`): an entry is never moved or altered, and free text never picks a product. One
 * event may write two lines (a page's balance carried to a product's section), hence the section
 * in the key. A correction is a line of its own that names the entry it corrects (reg 20).
 */
export const registerProducts: Migration = {
  name: '0014-register-products',
  sql: `
    CREATE TABLE cd_products (
      product_id TEXT PRIMARY KEY,
      drug TEXT NOT NULL,
      form TEXT NOT NULL,
      counting TEXT NOT NULL,
      added_at TEXT NOT NULL,
      added_by TEXT
    ) STRICT;

    -- Rebuilt rather than altered: SQLite cannot widen the kinds a CHECK allows in place.
    CREATE TABLE register_lines_by_section (
      kiosk_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      drug TEXT NOT NULL,
      section TEXT NOT NULL,
      at TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('receipt', 'administration', 'waste', 'stock check', 'carried forward', 'correction')),
      visit_id TEXT,
      service_user_id TEXT,
      drawn_mg REAL,
      in_mg REAL NOT NULL,
      out_mg REAL NOT NULL,
      in_units REAL,
      out_units REAL,
      route TEXT,
      site TEXT,
      recorded_by TEXT,
      witnessed_by TEXT,
      detail TEXT,
      batch TEXT,
      expires_on TEXT,
      -- A correction (reg 20) names the entry it corrects, which is never altered.
      corrects_event_id TEXT,
      balance_mg REAL NOT NULL,
      PRIMARY KEY (kiosk_id, seq, section)
    ) STRICT;
    INSERT INTO register_lines_by_section (kiosk_id, seq, event_id, drug, section, at, kind, visit_id, service_user_id, drawn_mg,
      in_mg, out_mg, route, site, recorded_by, witnessed_by, detail, balance_mg)
    SELECT kiosk_id, seq, event_id, drug, 'drug:' || drug, at, kind, visit_id, service_user_id, drawn_mg,
      in_mg, out_mg, route, site, recorded_by, witnessed_by, detail, balance_mg
    FROM register_lines ORDER BY rowid;
    DROP TABLE register_lines;
    ALTER TABLE register_lines_by_section RENAME TO register_lines;
    CREATE INDEX register_by_section ON register_lines (section, at);
    CREATE INDEX register_by_drug ON register_lines (drug, at);

    ALTER TABLE stock_checks ADD COLUMN section TEXT;
    UPDATE stock_checks SET section = 'drug:' || drug;
    ALTER TABLE stock_checks ADD COLUMN drawn_up_mg REAL NOT NULL DEFAULT 0;
    CREATE INDEX stock_checks_by_section ON stock_checks (section, clinic_day, kind);
  `,
};
