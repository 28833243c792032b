import type { CentralMigration } from './migration.js';

/**
 * Dose claims name the session by its stable id and its window on the day, not by its place in the
 * list of windows: a clinic lead who adds an "Early" window renumbers every session, and a second
 * kiosk could then claim "session 1" for a person already dosed in the session that was 1 before.
 *
 * - One claim per person, clinic day and session id (the new primary key).
 * - No two claims of one person whose windows [opens, closes) overlap, whatever their ids: a morning
 *   split into two, or moved, cannot open a second session inside the first. Checked on insert
 *   under a per-person transaction lock (`main/sync/dose-claims.ts` takes the same lock before it
 *   looks, so its look and its insert are one step), and here as well, so no login can skip it.
 *
 * Existing claims are named from the visit they dosed: the `visitStarted` event of the dose's
 * visit in central.events gives the session's name (its legacy id is the name as a slug, as
 * `legacyWindowId` in shared/site-rules makes it) and its window from the rules the visit carried.
 * A claim whose dose never reached central (the kiosk's write failed after the claim) keeps
 * 'index-N' and no window: it still blocks its own index's id, and cannot be compared by time.
 * Filling the new columns changes nothing a claim said (reg 20 of the Misuse of Drugs Regulations
 * 2001 is about what was recorded): the append-only trigger is lifted for that statement alone,
 * inside this migration's transaction, with the table locked.
 */
export const sessionIdentity: CentralMigration = {
  name: '0005-session-identity',
  sql: `
    SET LOCAL ROLE central_owner;
    LOCK TABLE central.dose_claims IN ACCESS EXCLUSIVE MODE;

    ALTER TABLE central.dose_claims
      ADD COLUMN session_id text CHECK (session_id <> ''),
      ADD COLUMN session_opens_at timestamptz,
      ADD COLUMN session_closes_at timestamptz,
      ADD CONSTRAINT dose_claims_session_window CHECK (
        (session_opens_at IS NULL AND session_closes_at IS NULL) OR session_opens_at < session_closes_at),
      -- Only a claim made before this migration may lack its window; it has its index instead.
      ADD CONSTRAINT dose_claims_session_window_or_index CHECK (session_index IS NOT NULL OR session_opens_at IS NOT NULL);

    ALTER TABLE central.dose_claims DISABLE TRIGGER dose_claims_are_never_changed;

    WITH recorded AS (
      SELECT c.event_id, c.service_user_id, c.clinic_day, c.claimed_at, clinic.time_zone,
        coalesce(started.payload->'session'->>'id',
          lower(regexp_replace(trim(started.payload->'session'->>'name'), '\\s+', '-', 'g'))) AS session_id,
        coalesce(started.payload->'session'->>'opensAt',
          started.payload->'rules'->'sessions'->'windows'->(c.session_index::int)->>'opensAt') AS opens,
        coalesce(started.payload->'session'->>'closesAt',
          started.payload->'rules'->'sessions'->'windows'->(c.session_index::int)->>'closesAt') AS closes
      FROM central.dose_claims c
      JOIN central.clinics clinic ON clinic.clinic_id = c.clinic_id
      JOIN central.events dose ON dose.event_id = c.event_id AND dose.type = 'doseAdministered'
        AND dose.service_user_id = c.service_user_id
      JOIN LATERAL (
        SELECT payload FROM central.events
        WHERE visit_id = dose.visit_id AND type = 'visitStarted' ORDER BY central_seq LIMIT 1
      ) started ON true
    ),
    -- A double dose the index let through (a window added mid-day gave one session two numbers)
    -- is kept, not merged: the first claim takes the session's id, a later one keeps its index.
    ranked AS (
      SELECT recorded.*, row_number() OVER (
        PARTITION BY service_user_id, clinic_day, session_id ORDER BY claimed_at, event_id) AS nth
      FROM recorded WHERE session_id IS NOT NULL AND session_id <> ''
    )
    UPDATE central.dose_claims c SET
      session_id = CASE WHEN ranked.nth = 1 THEN ranked.session_id ELSE 'index-' || c.session_index END,
      session_opens_at = CASE WHEN ranked.opens IS NOT NULL AND ranked.closes IS NOT NULL
        THEN (c.clinic_day + ranked.opens::time) AT TIME ZONE ranked.time_zone END,
      session_closes_at = CASE WHEN ranked.opens IS NOT NULL AND ranked.closes IS NOT NULL
        THEN (c.clinic_day + ranked.closes::time) AT TIME ZONE ranked.time_zone END
    FROM ranked WHERE ranked.event_id = c.event_id;

    UPDATE central.dose_claims SET session_id = 'index-' || session_index WHERE session_id IS NULL;

    ALTER TABLE central.dose_claims ENABLE TRIGGER dose_claims_are_never_changed;

    ALTER TABLE central.dose_claims
      ALTER COLUMN session_id SET NOT NULL,
      DROP CONSTRAINT dose_claims_pkey,
      ALTER COLUMN session_index DROP NOT NULL,
      ADD PRIMARY KEY (service_user_id, clinic_day, session_id);

    -- SECURITY DEFINER: a kiosk sees only its own clinic's claims, and the check must see them all,
    -- as the primary key does. The lock key is the one claimDose takes.
    CREATE FUNCTION central.refuse_overlapping_claim() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('central.dose_claims ' || NEW.service_user_id, 0));
      IF NEW.session_opens_at IS NOT NULL AND EXISTS (
        SELECT FROM central.dose_claims
        WHERE service_user_id = NEW.service_user_id AND event_id <> NEW.event_id
          AND session_opens_at < NEW.session_closes_at AND session_closes_at > NEW.session_opens_at
      ) THEN
        RAISE EXCEPTION 'A dose is already claimed for this person in a session that overlaps this one (clinic day %): nothing was stored.',
          NEW.clinic_day USING ERRCODE = 'CK005';
      END IF;
      RETURN NEW;
    END $$;
    REVOKE ALL ON FUNCTION central.refuse_overlapping_claim() FROM PUBLIC;
    CREATE TRIGGER dose_claims_never_overlap BEFORE INSERT ON central.dose_claims
      FOR EACH ROW EXECUTE FUNCTION central.refuse_overlapping_claim();

    -- A kiosk names the session by id and window; the index is no longer its to write.
    REVOKE INSERT (session_index) ON central.dose_claims FROM kiosk;
    GRANT INSERT (session_id, session_opens_at, session_closes_at) ON central.dose_claims TO kiosk;
  `,
};
