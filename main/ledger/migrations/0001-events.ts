import type { Migration } from './migration.js';

/** The append-only event ledger and the kiosk's identity. */
export const events: Migration = {
  name: '0001-events',
  sql: `
    CREATE TABLE kiosk (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      kiosk_id TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE events (
      kiosk_id TEXT NOT NULL,
      seq INTEGER NOT NULL CHECK (seq > 0),
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      payload_version INTEGER NOT NULL,
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      visit_id TEXT,
      service_user_id TEXT,
      actor_staff_id TEXT,
      witness_staff_id TEXT,
      occurred_at TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      PRIMARY KEY (kiosk_id, seq)
    ) STRICT;

    CREATE INDEX events_by_visit ON events (visit_id, kiosk_id, seq) WHERE visit_id IS NOT NULL;

    -- The controlled-drug register may not be altered (Misuse of Drugs Regulations 2001 reg 20):
    -- a mistake is corrected by a new event, so the database itself refuses edits.
    CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: an event cannot be changed. Record a correction instead.'); END;
    CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: an event cannot be deleted. Record a correction instead.'); END;
  `,
};
