import type { Migration } from './migration.js';

/**
 * Destruction of stock and stock handed back by service users become kinds of register line (a
 * returns section per product, `returns:<productId>`, kept apart from the product's balance), and
 * the clinic keeps who of its staff may witness a destruction.
 */
export const registerDestruction: Migration = {
  name: '0015-register-destruction',
  sql: `
    -- Rebuilt rather than altered: SQLite cannot widen the kinds a CHECK allows in place.
    CREATE TABLE register_lines_with_destruction (
      kiosk_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      drug TEXT NOT NULL,
      section TEXT NOT NULL,
      at TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('receipt', 'administration', 'waste', 'stock check', 'carried forward', 'correction',
        'destruction', 'patient return')),
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
      corrects_event_id TEXT,
      balance_mg REAL NOT NULL,
      PRIMARY KEY (kiosk_id, seq, section)
    ) STRICT;
    INSERT INTO register_lines_with_destruction SELECT kiosk_id, seq, event_id, drug, section, at, kind, visit_id, service_user_id, drawn_mg,
      in_mg, out_mg, in_units, out_units, route, site, recorded_by, witnessed_by, detail, batch, expires_on, corrects_event_id, balance_mg
    FROM register_lines ORDER BY rowid;
    DROP TABLE register_lines;
    ALTER TABLE register_lines_with_destruction RENAME TO register_lines;
    CREATE INDEX register_by_section ON register_lines (section, at);
    CREATE INDEX register_by_drug ON register_lines (drug, at);

    -- Who the clinic has authorised to witness destruction: the latest decision for each person.
    CREATE TABLE destruction_witnesses (
      staff_id TEXT PRIMARY KEY,
      authorised INTEGER NOT NULL CHECK (authorised IN (0, 1)),
      decided_by TEXT NOT NULL,
      decided_at TEXT NOT NULL
    ) STRICT;
  `,
};
