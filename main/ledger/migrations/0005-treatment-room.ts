import type { Migration } from './migration.js';

/**
 * Projections for the treatment room: staff credentials, prescription changes and blocks, site
 * rule versions and their approval, each visit's clinic day and session, the doses given, the
 * controlled-drug register and the stock checks. All derived from events, in the same
 * transaction as the event.
 */
export const treatmentRoom: Migration = {
  name: '0005-treatment-room',
  sql: `
    ALTER TABLE staff ADD COLUMN badge_number TEXT NOT NULL DEFAULT '';
    ALTER TABLE staff ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE staff ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX staff_by_badge ON staff (badge_number) WHERE active = 1;

    ALTER TABLE prescriptions ADD COLUMN reduced_dose_range TEXT CHECK (reduced_dose_range IS NULL OR json_valid(reduced_dose_range));
    ALTER TABLE prescriptions ADD COLUMN issued_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE prescriptions ADD COLUMN changed_at TEXT;

    CREATE TABLE block_clearances (
      service_user_id TEXT NOT NULL,
      cleared_at TEXT NOT NULL,
      cleared_by TEXT,
      note TEXT NOT NULL
    ) STRICT;
    CREATE INDEX block_clearances_by_person ON block_clearances (service_user_id, cleared_at);

    ALTER TABLE site_rules ADD COLUMN adopted_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE site_rules ADD COLUMN adopted_by TEXT;

    CREATE TABLE visit_facts (
      visit_id TEXT PRIMARY KEY,
      service_user_id TEXT NOT NULL,
      clinic_day TEXT NOT NULL,
      session_index INTEGER NOT NULL,
      session_name TEXT NOT NULL,
      started_at TEXT NOT NULL,
      drug TEXT NOT NULL,
      form TEXT NOT NULL,
      strength_mg_per_ml REAL,
      prescriber_id TEXT NOT NULL,
      identity_checked INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX visit_facts_by_person ON visit_facts (service_user_id, clinic_day);

    CREATE TABLE doses (
      visit_id TEXT PRIMARY KEY,
      service_user_id TEXT NOT NULL,
      clinic_day TEXT NOT NULL,
      session_index INTEGER NOT NULL,
      administered_at TEXT NOT NULL,
      administered_mg REAL NOT NULL,
      wasted_mg REAL NOT NULL DEFAULT 0,
      route TEXT NOT NULL,
      site TEXT NOT NULL
    ) STRICT;
    CREATE INDEX doses_by_person_and_day ON doses (service_user_id, clinic_day);

    -- The controlled-drug register: one line per movement, never updated, with its running balance.
    CREATE TABLE register_lines (
      kiosk_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      drug TEXT NOT NULL,
      at TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('receipt', 'administration', 'waste', 'stock check')),
      visit_id TEXT,
      service_user_id TEXT,
      drawn_mg REAL,
      in_mg REAL NOT NULL,
      out_mg REAL NOT NULL,
      route TEXT,
      site TEXT,
      recorded_by TEXT,
      witnessed_by TEXT,
      detail TEXT,
      balance_mg REAL NOT NULL,
      PRIMARY KEY (kiosk_id, seq)
    ) STRICT;
    CREATE INDEX register_by_drug ON register_lines (drug, at);

    CREATE TABLE stock_checks (
      event_id TEXT PRIMARY KEY,
      at TEXT NOT NULL,
      clinic_day TEXT NOT NULL,
      drug TEXT NOT NULL,
      kind TEXT NOT NULL,
      counted_mg REAL NOT NULL,
      register_balance_mg REAL NOT NULL,
      discrepancy_mg REAL NOT NULL,
      note TEXT,
      checked_by TEXT NOT NULL,
      witnessed_by TEXT NOT NULL
    ) STRICT;
  `,
};
