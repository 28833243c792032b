import type { CentralMigration } from './migration.js';

/**
 * Central keeps each kiosk's chain whole as it arrives:
 * - an event must follow the kiosk's previous one (no gaps), so a kiosk's events are numbered
 *   clinic-wide in their own order and every kiosk pulling them can check each link as it comes;
 * - it must link to that event's hash;
 * - a re-sent event must be the same event. `ON CONFLICT DO NOTHING` would otherwise drop a
 *   different event under a number central already holds (a kiosk restored from an old copy of
 *   its ledger), and the fork would go unseen.
 * Signatures are checked by the kiosks that pull and by `ledger:verify --central` (PostgreSQL has
 * no Ed25519), against the public key a kiosk registers once, here, at its first sync.
 */
export const chainsAndKioskKeys: CentralMigration = {
  name: '0004-chains-and-kiosk-keys',
  sql: `
    SET LOCAL ROLE central_owner;

    CREATE FUNCTION central.check_chain() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    DECLARE
      held_hash text;
      previous_hash text;
      inserting_kiosk text := central.kiosk_of_role(session_user);
    BEGIN
      -- A kiosk writing as another kiosk or clinic is refused by row-level security, which runs
      -- after this trigger: let it, rather than tell it anything about another kiosk's chain.
      IF inserting_kiosk IS NOT NULL AND (inserting_kiosk <> NEW.kiosk_id
          OR NEW.clinic_id IS DISTINCT FROM central.clinic_of_role(session_user)) THEN
        RETURN NEW;
      END IF;
      -- The same lock receive_event takes: two pushes of one clinic are checked one after the other.
      PERFORM pg_advisory_xact_lock(hashtextextended('central.events ' || NEW.clinic_id, 0));
      SELECT hash INTO held_hash FROM central.events WHERE kiosk_id = NEW.kiosk_id AND seq = NEW.seq;
      IF FOUND THEN
        IF held_hash <> NEW.hash THEN
          RAISE EXCEPTION 'Kiosk % sent an event % that differs from the event % central already holds: its ledger has forked (restored from an old copy?). Central keeps the first; nothing was stored.',
            NEW.kiosk_id, NEW.seq, NEW.seq USING ERRCODE = 'CK001';
        END IF;
        RETURN NEW;  -- the same event again: ON CONFLICT skips it
      END IF;
      IF NEW.seq = 1 THEN
        previous_hash := repeat('0', 64);
      ELSE
        SELECT hash INTO previous_hash FROM central.events WHERE kiosk_id = NEW.kiosk_id AND seq = NEW.seq - 1;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'Kiosk % sent event % before event %: events are stored in order, nothing was stored.',
            NEW.kiosk_id, NEW.seq, NEW.seq - 1 USING ERRCODE = 'CK002';
        END IF;
      END IF;
      IF NEW.prev_hash <> previous_hash THEN
        RAISE EXCEPTION 'Event % of kiosk % does not link to the event before it: nothing was stored.',
          NEW.seq, NEW.kiosk_id USING ERRCODE = 'CK003';
      END IF;
      RETURN NEW;
    END $$;
    REVOKE ALL ON FUNCTION central.check_chain() FROM PUBLIC;
    -- Named to sort before events_received: PostgreSQL fires triggers of one kind in name order.
    CREATE TRIGGER events_chain_checked BEFORE INSERT ON central.events
      FOR EACH ROW EXECUTE FUNCTION central.check_chain();

    -- One notification per clinic per statement, not one call per row: a pushed batch of 500 made
    -- 500 pg_notify calls for PostgreSQL to fold into one.
    DROP TRIGGER events_announced ON central.events;
    CREATE FUNCTION central.announce_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('central_events', clinics.clinic_id) FROM (SELECT DISTINCT clinic_id FROM arrived) AS clinics;
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_announced AFTER INSERT ON central.events
      REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION central.announce_events();

    -- A kiosk registers its public key once (trust on first use, for a kiosk set up before its
    -- ledger existed); setup may register it instead (--kiosk-public-key). Never replaced.
    CREATE FUNCTION central.register_kiosk_key(public_key_pem text) RETURNS void LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = central, pg_temp AS $$
    DECLARE
      held text;
      kiosk text := central.kiosk_of_role(session_user);
    BEGIN
      IF kiosk IS NULL THEN
        RAISE EXCEPTION 'Only a kiosk registers its key.' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF register_kiosk_key.public_key_pem NOT LIKE '-----BEGIN PUBLIC KEY-----%' THEN
        RAISE EXCEPTION 'A kiosk key is an SPKI PEM public key.' USING ERRCODE = 'check_violation';
      END IF;
      SELECT kiosks.public_key_pem INTO held FROM central.kiosks WHERE kiosk_id = kiosk FOR UPDATE;
      IF held IS NULL THEN
        UPDATE central.kiosks SET public_key_pem = register_kiosk_key.public_key_pem WHERE kiosk_id = kiosk;
      ELSIF held <> register_kiosk_key.public_key_pem THEN
        RAISE EXCEPTION 'Kiosk % already registered a different signing key: a kiosk key is never replaced.', kiosk
          USING ERRCODE = 'CK004';
      END IF;
    END $$;
    REVOKE ALL ON FUNCTION central.register_kiosk_key(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION central.register_kiosk_key(text) TO kiosk;
  `,
};
