import type { CentralMigration } from './migration.js';

/**
 * The roles, and the tables every kiosk of every clinic syncs into. Everything is owned by
 * `central_owner` (never a login role), so no person's account owns the register.
 */
export const clinicsKiosksEvents: CentralMigration = {
  name: '0001-clinics-kiosks-events',
  sql: `
    -- Roles belong to the whole server, not this database: another central database on the same
    -- server (or a setup migrating one right now) may have made them already.
    DO $$
    BEGIN
      BEGIN
        CREATE ROLE central_owner NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
      -- Each kiosk logs in with a role of its own, made a member of this group by setup.
      BEGIN
        CREATE ROLE kiosk NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
      -- A non-superuser with CREATEROLE must join the owner to create objects as it.
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT central_owner TO %I', current_user);
      END IF;
    END $$;

    CREATE SCHEMA central AUTHORIZATION central_owner;
    SET LOCAL ROLE central_owner;

    CREATE TABLE central.clinics (
      clinic_id text PRIMARY KEY CHECK (clinic_id <> ''),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      -- IANA zone: clinic days and session windows are counted in it.
      time_zone text NOT NULL CHECK (time_zone <> ''),
      registered_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE central.kiosks (
      kiosk_id text PRIMARY KEY CHECK (kiosk_id <> ''),
      clinic_id text NOT NULL REFERENCES central.clinics,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
      -- 'central' is the clinic's pseudo-kiosk: it numbers and chains the events written by setup
      -- (the clinic, its first lead, the default site rules) and never logs in.
      origin text NOT NULL CHECK (origin IN ('kiosk', 'central')),
      role_name name UNIQUE,
      -- Ed25519, SPKI PEM; filled in when kiosks sign their events.
      public_key_pem text CHECK (public_key_pem IS NULL OR public_key_pem LIKE '-----BEGIN PUBLIC KEY-----%'),
      registered_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (kiosk_id, clinic_id),
      UNIQUE (clinic_id, name),
      CHECK ((origin = 'central') = (role_name IS NULL))
    );
    CREATE UNIQUE INDEX kiosks_one_central_origin_per_clinic ON central.kiosks (clinic_id) WHERE origin = 'central';

    -- Every kiosk's ledger, as the kiosk wrote it: the same envelope and hash chain as its SQLite
    -- events table, plus where and when central received it.
    CREATE TABLE central.events (
      clinic_id text NOT NULL,
      kiosk_id text NOT NULL,
      seq bigint NOT NULL CHECK (seq > 0),
      event_id text NOT NULL UNIQUE
        CHECK (event_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
      type text NOT NULL,
      payload_version integer NOT NULL CHECK (payload_version > 0),
      payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object' AND payload->>'type' = type),
      visit_id text,
      service_user_id text,
      actor_staff_id text,
      witness_staff_id text,
      occurred_at timestamptz NOT NULL,
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      -- Ed25519 over the hash, base64; NULL until kiosks sign.
      signature text,
      -- The clinic-wide order kiosks pull in, handed out by the insert trigger (never by the kiosk).
      central_seq bigint NOT NULL UNIQUE,
      received_at timestamptz NOT NULL DEFAULT now(),
      -- Central rejects nothing for a skewed clock, but flags an event from the future.
      future_skew boolean NOT NULL DEFAULT false,
      PRIMARY KEY (kiosk_id, seq),
      FOREIGN KEY (kiosk_id, clinic_id) REFERENCES central.kiosks (kiosk_id, clinic_id)
    );
    CREATE SEQUENCE central.events_central_seq AS bigint OWNED BY central.events.central_seq;
    CREATE INDEX events_by_clinic_order ON central.events (clinic_id, central_seq);
    CREATE INDEX events_by_service_user ON central.events (service_user_id, clinic_id) WHERE service_user_id IS NOT NULL;

    -- The last sequence number of each kiosk that central has: advanced in the same transaction
    -- as the batch it acknowledges, so the kiosk can always ask where to resume.
    CREATE TABLE central.kiosk_marks (
      kiosk_id text PRIMARY KEY,
      clinic_id text NOT NULL,
      high_water_seq bigint NOT NULL DEFAULT 0 CHECK (high_water_seq >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (kiosk_id, clinic_id) REFERENCES central.kiosks (kiosk_id, clinic_id)
    );

    -- The double-dose guard: one administration per person, clinic day and session, whichever
    -- kiosk approves it first.
    CREATE TABLE central.dose_claims (
      clinic_id text NOT NULL,
      service_user_id text NOT NULL,
      clinic_day date NOT NULL,
      session_index smallint NOT NULL CHECK (session_index BETWEEN 0 AND 2),
      kiosk_id text NOT NULL,
      event_id text NOT NULL UNIQUE,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      -- Made on reconnect for a dose given while the kiosk was offline.
      claimed_offline boolean NOT NULL DEFAULT false,
      actor_staff_id text NOT NULL,
      witness_staff_id text,
      PRIMARY KEY (service_user_id, clinic_day, session_index),
      FOREIGN KEY (kiosk_id, clinic_id) REFERENCES central.kiosks (kiosk_id, clinic_id)
    );
  `,
};
