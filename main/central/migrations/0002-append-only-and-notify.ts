import type { CentralMigration } from './migration.js';

/**
 * The register may not be altered (Misuse of Drugs Regulations 2001 reg 20): events and dose
 * claims refuse UPDATE, DELETE and TRUNCATE for every role, the owner included (grants alone
 * would not stop the owner). Inserts are numbered clinic-wide and announced to listening kiosks.
 */
export const appendOnlyAndNotify: CentralMigration = {
  name: '0002-append-only-and-notify',
  sql: `
    SET LOCAL ROLE central_owner;

    CREATE FUNCTION central.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'central.% is append-only: a row cannot be %. Record a correction as a new event instead.',
        TG_TABLE_NAME, lower(TG_OP) || 'd'
        USING ERRCODE = 'restrict_violation';
    END $$;

    CREATE TRIGGER events_are_never_changed BEFORE UPDATE OR DELETE ON central.events
      FOR EACH ROW EXECUTE FUNCTION central.refuse_change();
    CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON central.events
      FOR EACH STATEMENT EXECUTE FUNCTION central.refuse_change();
    CREATE TRIGGER dose_claims_are_never_changed BEFORE UPDATE OR DELETE ON central.dose_claims
      FOR EACH ROW EXECUTE FUNCTION central.refuse_change();
    CREATE TRIGGER dose_claims_are_never_truncated BEFORE TRUNCATE ON central.dose_claims
      FOR EACH STATEMENT EXECUTE FUNCTION central.refuse_change();

    -- A kiosk pulls "everything of my clinic past central_seq N". If numbers were handed out by a
    -- plain sequence, a transaction holding number 10 could commit after one holding 11, and a
    -- kiosk that had already pulled 11 would never see 10. So a clinic's numbers are handed out
    -- one transaction at a time (a lock held to commit): numbers become visible in order. Gaps
    -- (a rolled-back batch, a re-sent row that ON CONFLICT skipped) are harmless.
    -- SECURITY DEFINER: kiosks need no privilege on the sequence, and cannot choose the values.
    CREATE FUNCTION central.receive_event() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended('central.events ' || NEW.clinic_id, 0));
      NEW.central_seq := nextval('central.events_central_seq');
      NEW.received_at := now();
      NEW.future_skew := NEW.occurred_at > now() + interval '5 minutes';
      RETURN NEW;
    END $$;
    REVOKE ALL ON FUNCTION central.receive_event() FROM PUBLIC;
    CREATE TRIGGER events_received BEFORE INSERT ON central.events
      FOR EACH ROW EXECUTE FUNCTION central.receive_event();

    -- One channel; the payload is the clinic id, so a kiosk pulls only when its clinic moved.
    -- PostgreSQL folds identical notifications of one transaction: one wake-up per batch.
    CREATE FUNCTION central.announce_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('central_events', NEW.clinic_id);
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_announced AFTER INSERT ON central.events
      FOR EACH ROW EXECUTE FUNCTION central.announce_event();

    -- The mark only moves forward, and only to an event central has.
    CREATE FUNCTION central.advance_mark() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.high_water_seq < OLD.high_water_seq THEN
        RAISE EXCEPTION 'The high-water mark of kiosk % cannot go back from % to %.',
          NEW.kiosk_id, OLD.high_water_seq, NEW.high_water_seq USING ERRCODE = 'check_violation';
      END IF;
      IF NEW.high_water_seq > 0 AND NOT EXISTS (
        SELECT FROM central.events WHERE kiosk_id = NEW.kiosk_id AND seq = NEW.high_water_seq
      ) THEN
        RAISE EXCEPTION 'Kiosk % cannot mark event % as received: central does not have it.',
          NEW.kiosk_id, NEW.high_water_seq USING ERRCODE = 'foreign_key_violation';
      END IF;
      NEW.updated_at := now();
      RETURN NEW;
    END $$;
    REVOKE ALL ON FUNCTION central.advance_mark() FROM PUBLIC;
    CREATE TRIGGER kiosk_marks_advance BEFORE INSERT OR UPDATE ON central.kiosk_marks
      FOR EACH ROW EXECUTE FUNCTION central.advance_mark();
    CREATE TRIGGER kiosk_marks_are_never_deleted BEFORE DELETE ON central.kiosk_marks
      FOR EACH ROW EXECUTE FUNCTION central.refuse_change();
  `,
};
