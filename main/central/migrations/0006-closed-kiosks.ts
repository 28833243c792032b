import type { CentralMigration } from './migration.js';

/**
 * A kiosk whose signing key is lost cannot be trusted to write again under its id (whoever holds
 * the key could sign as it), so `replace-kiosk` closes it and registers a new one. Closing is
 * recorded on the kiosk's row (when, why, which kiosk replaced it, which clinic lead approved it,
 * and the last of its events central held then) and is final. Central then refuses anything more
 * from it: events, dose claims and marks (CK006), for every role, the owner included.
 *
 * Nothing of a closed kiosk is deleted or hidden: its visits and doses stay in the clinic's record,
 * and the double-dose guard keeps counting them. Kiosks already read central.kiosks whole (a
 * table-level SELECT grant), so they see the new columns without another grant.
 *
 * The check locks the kiosk's row FOR SHARE and `replace-kiosk` locks it FOR UPDATE, so a push in
 * flight either commits before the kiosk is closed (and counts in the mark recorded) or is refused
 * after: there is no moment where an event slips in past the recorded mark.
 */
export const closedKiosks: CentralMigration = {
  name: '0006-closed-kiosks',
  sql: `
    SET LOCAL ROLE central_owner;

    ALTER TABLE central.kiosks
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN closed_reason text CHECK (length(closed_reason) BETWEEN 1 AND 300),
      ADD COLUMN replaced_by text REFERENCES central.kiosks (kiosk_id) CHECK (replaced_by <> kiosk_id),
      ADD COLUMN closed_by_staff_id text CHECK (closed_by_staff_id <> ''),
      ADD COLUMN closed_at_seq bigint CHECK (closed_at_seq >= 0),
      -- Closed whole or not at all; only a kiosk (never the clinic's central pseudo-kiosk) closes.
      ADD CONSTRAINT kiosks_closed_whole CHECK (
        (closed_at IS NULL) = (closed_reason IS NULL) AND (closed_at IS NULL) = (closed_by_staff_id IS NULL)
        AND (closed_at IS NULL) = (closed_at_seq IS NULL) AND (replaced_by IS NULL OR closed_at IS NOT NULL)
        AND (closed_at IS NULL OR origin = 'kiosk'));

    -- The one sentence a refused write gets, in the clinic's own time.
    CREATE FUNCTION central.closed_kiosk_words(closed central.kiosks) RETURNS text LANGUAGE sql STABLE
      SET search_path = central, pg_temp AS $$
      SELECT format('Kiosk "%s" (%s) was closed on %s (replaced by %s): its events are no longer accepted; set this machine up as the new kiosk.',
        closed.name, closed.kiosk_id,
        to_char(closed.closed_at AT TIME ZONE clinic.time_zone, 'FMDD FMMonth YYYY, HH24:MI'),
        coalesce((SELECT format('"%s" (%s)', successor.name, successor.kiosk_id) FROM central.kiosks successor
          WHERE successor.kiosk_id = closed.replaced_by), 'no other kiosk'))
      FROM central.clinics clinic WHERE clinic.clinic_id = closed.clinic_id
    $$;
    REVOKE ALL ON FUNCTION central.closed_kiosk_words(central.kiosks) FROM PUBLIC;

    -- For events, dose claims and marks alike: each has the writer's kiosk_id and clinic_id.
    CREATE FUNCTION central.refuse_closed_kiosk() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    DECLARE
      writer central.kiosks;
      inserting_kiosk text := central.kiosk_of_role(session_user);
    BEGIN
      -- A kiosk writing as another kiosk or clinic is refused by row-level security, after this
      -- trigger (as check_chain does): it learns nothing here about another kiosk.
      IF inserting_kiosk IS NOT NULL AND (inserting_kiosk <> NEW.kiosk_id
          OR NEW.clinic_id IS DISTINCT FROM central.clinic_of_role(session_user)) THEN
        RETURN NEW;
      END IF;
      -- FOR SHARE waits for a replace-kiosk closing this kiosk right now, then reads its closing.
      SELECT * INTO writer FROM central.kiosks WHERE kiosk_id = NEW.kiosk_id FOR SHARE;
      IF FOUND AND writer.closed_at IS NOT NULL THEN
        RAISE EXCEPTION '%', central.closed_kiosk_words(writer) USING ERRCODE = 'CK006';
      END IF;
      RETURN NEW;
    END $$;
    REVOKE ALL ON FUNCTION central.refuse_closed_kiosk() FROM PUBLIC;

    -- Named to sort, and so fire, before each table's other BEFORE triggers (events_chain_checked,
    -- events_received, dose_claims_never_overlap, kiosk_marks_advance): a closed kiosk is told it is
    -- closed, not that its chain has a gap.
    CREATE TRIGGER events_accepted_only_from_open_kiosks BEFORE INSERT ON central.events
      FOR EACH ROW EXECUTE FUNCTION central.refuse_closed_kiosk();
    CREATE TRIGGER dose_claims_accepted_only_from_open_kiosks BEFORE INSERT ON central.dose_claims
      FOR EACH ROW EXECUTE FUNCTION central.refuse_closed_kiosk();
    CREATE TRIGGER kiosk_marks_accepted_only_for_open_kiosks BEFORE INSERT OR UPDATE ON central.kiosk_marks
      FOR EACH ROW EXECUTE FUNCTION central.refuse_closed_kiosk();

    -- Closing is final: a closed kiosk's row (its key, its closing, its name) never changes again,
    -- so it cannot be reopened, nor register a key, from any login.
    CREATE FUNCTION central.keep_kiosk_closed() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    BEGIN
      IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION '% A closed kiosk stays closed: nothing about it can be changed.', central.closed_kiosk_words(OLD)
          USING ERRCODE = 'CK006';
      END IF;
      RETURN NEW;
    END $$;
    REVOKE ALL ON FUNCTION central.keep_kiosk_closed() FROM PUBLIC;
    CREATE TRIGGER kiosks_stay_closed BEFORE UPDATE ON central.kiosks
      FOR EACH ROW EXECUTE FUNCTION central.keep_kiosk_closed();
  `,
};
