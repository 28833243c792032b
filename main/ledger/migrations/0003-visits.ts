import type { Migration } from './migration.js';

/**
 * Each visit's machine snapshot, written in the same transaction as the event that produced it.
 * A cache of the ledger: when machine_version differs from the code's, the visit is replayed.
 */
export const visits: Migration = {
  name: '0003-visits',
  sql: `
    CREATE TABLE visits (
      visit_id TEXT PRIMARY KEY,
      service_user_id TEXT NOT NULL,
      state TEXT NOT NULL,
      is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
      machine_version INTEGER NOT NULL,
      snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
      last_seq INTEGER NOT NULL,
      started_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- One open visit per person on this kiosk, whatever the code above it does.
    CREATE UNIQUE INDEX one_open_visit_per_person ON visits (service_user_id) WHERE is_open = 1;
  `,
};
