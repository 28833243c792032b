import type { Migration } from './migration.js';

/** Projections of reference events: clinic, staff, service users, prescriptions, site rules. */
export const referenceData: Migration = {
  name: '0002-reference-data',
  sql: `
    CREATE TABLE clinic (
      clinic_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      time_zone TEXT NOT NULL
    ) STRICT;

    CREATE TABLE staff (
      staff_id TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL
    ) STRICT;

    CREATE TABLE service_users (
      service_user_id TEXT PRIMARY KEY,
      preferred_name TEXT NOT NULL,
      legal_name TEXT NOT NULL,
      date_of_birth TEXT NOT NULL,
      photo TEXT NOT NULL,
      alcohol_monitoring INTEGER NOT NULL,
      handover_note TEXT
    ) STRICT;

    CREATE TABLE prescriptions (
      prescription_id TEXT PRIMARY KEY,
      service_user_id TEXT NOT NULL,
      drug TEXT NOT NULL,
      form TEXT NOT NULL,
      strength_mg_per_ml REAL,
      dose_per_session_mg REAL NOT NULL,
      sessions_per_day INTEGER NOT NULL,
      routes TEXT NOT NULL CHECK (json_valid(routes)),
      starts_on TEXT NOT NULL,
      ends_on TEXT,
      prescriber_id TEXT NOT NULL,
      status TEXT NOT NULL
    ) STRICT;
    CREATE INDEX prescriptions_by_person ON prescriptions (service_user_id, status);

    CREATE TABLE site_rules (
      version INTEGER PRIMARY KEY,
      rules TEXT NOT NULL CHECK (json_valid(rules))
    ) STRICT;
  `,
};
