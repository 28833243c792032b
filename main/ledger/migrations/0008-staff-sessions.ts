import type { Migration } from './migration.js';

/**
 * Staff sessions and the audit view (issue 6):
 * - `staff_pin_lockouts`: wrong PINs in a row per staff member and when their badge was locked,
 *   projected from the staff security events, so a lockout survives a restart and follows a badge
 *   to every kiosk of the clinic.
 * - `events_by_time`: the audit view reads the ledger newest first, a page at a time, across every
 *   kiosk's events; without it each page sorted the whole ledger.
 */
export const staffSessions: Migration = {
  name: '0008-staff-sessions',
  sql: `
    CREATE TABLE staff_pin_lockouts (
      staff_id TEXT PRIMARY KEY,
      wrong_in_a_row INTEGER NOT NULL DEFAULT 0 CHECK (wrong_in_a_row >= 0),
      locked_at TEXT
    ) STRICT;

    CREATE INDEX events_by_time ON events (occurred_at, kiosk_id, seq);
  `,
};
