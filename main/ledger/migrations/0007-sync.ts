import type { Migration } from './migration.js';

/**
 * What a kiosk needs to sync with the central store (docs/design.md section 5):
 * - `sync_state`: how far central has acknowledged this kiosk's events and how far this kiosk has
 *   pulled the clinic's; a cache of central's own marks, asked again before every push, so a crash
 *   between central's commit and this write loses nothing and duplicates nothing.
 * - `known_kiosks`: the clinic's other kiosks, with the public keys their events are checked with.
 * - `remote_visits`: where another kiosk's visits stand, replayed from their events, so a dose
 *   withheld in one room stands for the session in every room.
 * - `offline_dose_claims` and `incidents`: projections of doses given while central was out of
 *   reach, their claims once made, and any double dose that the claims found.
 */
export const sync: Migration = {
  name: '0007-sync',
  sql: `
    CREATE TABLE sync_state (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      pushed_through_seq INTEGER NOT NULL DEFAULT 0 CHECK (pushed_through_seq >= 0),
      pulled_through_central_seq INTEGER NOT NULL DEFAULT 0 CHECK (pulled_through_central_seq >= 0),
      last_success_at TEXT,
      last_error TEXT,
      last_error_at TEXT
    ) STRICT;
    INSERT INTO sync_state (singleton) VALUES (1);

    CREATE TABLE known_kiosks (
      kiosk_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('kiosk', 'central')),
      public_key_pem TEXT
    ) STRICT;
    -- A key, once learnt, is never swapped: a changed key would let new signatures pass for old.
    CREATE TRIGGER known_kiosk_keys_are_never_replaced BEFORE UPDATE OF public_key_pem ON known_kiosks
    WHEN OLD.public_key_pem IS NOT NULL AND NEW.public_key_pem IS NOT OLD.public_key_pem
    BEGIN SELECT RAISE(ABORT, 'A kiosk''s public key is learnt once and never changed.'); END;

    CREATE TABLE remote_visits (
      visit_id TEXT PRIMARY KEY,
      kiosk_id TEXT NOT NULL,
      service_user_id TEXT NOT NULL,
      state TEXT NOT NULL,
      is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
      outcome_kind TEXT,
      outcome_at TEXT,
      outcome_reason TEXT,
      last_seq INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX remote_visits_by_person ON remote_visits (service_user_id);

    CREATE TABLE offline_dose_claims (
      event_id TEXT PRIMARY KEY,
      kiosk_id TEXT NOT NULL,
      visit_id TEXT NOT NULL,
      service_user_id TEXT NOT NULL,
      clinic_day TEXT NOT NULL,
      session_index INTEGER NOT NULL,
      actor_staff_id TEXT NOT NULL,
      witness_staff_id TEXT,
      administered_at TEXT NOT NULL,
      settled INTEGER NOT NULL DEFAULT 0 CHECK (settled IN (0, 1))
    ) STRICT;
    CREATE INDEX offline_dose_claims_unsettled ON offline_dose_claims (kiosk_id) WHERE settled = 0;

    CREATE TABLE incidents (
      event_id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      service_user_id TEXT NOT NULL,
      clinic_day TEXT NOT NULL,
      session_index INTEGER NOT NULL,
      raised_at TEXT NOT NULL,
      raised_by_kiosk TEXT NOT NULL,
      detail TEXT NOT NULL CHECK (json_valid(detail)),
      acknowledged_at TEXT,
      acknowledged_by TEXT,
      acknowledgement_note TEXT
    ) STRICT;
  `,
};
