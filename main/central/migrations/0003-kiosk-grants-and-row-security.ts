import type { CentralMigration } from './migration.js';

/**
 * What a kiosk's login role may do (docs/design.md section 5): INSERT events and dose claims and
 * SELECT its own clinic's rows; never UPDATE or DELETE them. Its one writable row is its own
 * high-water mark, so a push can insert a batch and advance the mark in one transaction:
 *   INSERT INTO central.events (...) VALUES ... ON CONFLICT (kiosk_id, seq) DO NOTHING;
 *   INSERT INTO central.kiosk_marks (kiosk_id, high_water_seq) VALUES ($1, $2)
 *     ON CONFLICT (kiosk_id) DO UPDATE
 *     SET high_water_seq = greatest(central.kiosk_marks.high_water_seq, excluded.high_water_seq);
 * Row-level security maps the logged-in role to its kiosk, and so its clinic, through
 * central.kiosks: a kiosk sees only its clinic and writes only as itself.
 */
export const kioskGrantsAndRowSecurity: CentralMigration = {
  name: '0003-kiosk-grants-and-row-security',
  sql: `
    SET LOCAL ROLE central_owner;

    -- SECURITY DEFINER so the lookup is not itself filtered by kiosks' row security. The role is
    -- passed in: inside the function current_user is the owner.
    CREATE FUNCTION central.clinic_of_role(role_name name) RETURNS text LANGUAGE sql STABLE
      SECURITY DEFINER SET search_path = central, pg_temp
      AS $$ SELECT clinic_id FROM central.kiosks WHERE kiosks.role_name = clinic_of_role.role_name $$;
    CREATE FUNCTION central.kiosk_of_role(role_name name) RETURNS text LANGUAGE sql STABLE
      SECURITY DEFINER SET search_path = central, pg_temp
      AS $$ SELECT kiosk_id FROM central.kiosks WHERE kiosks.role_name = kiosk_of_role.role_name $$;
    REVOKE ALL ON FUNCTION central.clinic_of_role(name), central.kiosk_of_role(name) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION central.clinic_of_role(name), central.kiosk_of_role(name) TO kiosk;

    -- A kiosk need not say which clinic (or, for claims and marks, which kiosk) it is.
    ALTER TABLE central.events ALTER COLUMN clinic_id SET DEFAULT central.clinic_of_role(current_user);
    ALTER TABLE central.dose_claims ALTER COLUMN clinic_id SET DEFAULT central.clinic_of_role(current_user);
    ALTER TABLE central.dose_claims ALTER COLUMN kiosk_id SET DEFAULT central.kiosk_of_role(current_user);
    ALTER TABLE central.kiosk_marks ALTER COLUMN clinic_id SET DEFAULT central.clinic_of_role(current_user);
    ALTER TABLE central.kiosk_marks ALTER COLUMN kiosk_id SET DEFAULT central.kiosk_of_role(current_user);

    GRANT USAGE ON SCHEMA central TO kiosk;
    GRANT SELECT ON central.clinics, central.kiosks, central.events, central.kiosk_marks, central.dose_claims TO kiosk;
    -- Column lists: central_seq, received_at and future_skew are central's to set.
    GRANT INSERT (clinic_id, kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id,
      actor_staff_id, witness_staff_id, occurred_at, prev_hash, hash, signature) ON central.events TO kiosk;
    GRANT INSERT (clinic_id, service_user_id, clinic_day, session_index, kiosk_id, event_id, claimed_at,
      claimed_offline, actor_staff_id, witness_staff_id) ON central.dose_claims TO kiosk;
    GRANT INSERT (kiosk_id, clinic_id, high_water_seq), UPDATE (high_water_seq) ON central.kiosk_marks TO kiosk;

    ALTER TABLE central.clinics ENABLE ROW LEVEL SECURITY;
    ALTER TABLE central.kiosks ENABLE ROW LEVEL SECURITY;
    ALTER TABLE central.events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE central.kiosk_marks ENABLE ROW LEVEL SECURITY;
    ALTER TABLE central.dose_claims ENABLE ROW LEVEL SECURITY;

    -- (SELECT ...) so the lookup runs once per statement, not once per row.
    CREATE POLICY own_clinic ON central.clinics FOR SELECT TO kiosk
      USING (clinic_id = (SELECT central.clinic_of_role(current_user)));
    CREATE POLICY own_clinic ON central.kiosks FOR SELECT TO kiosk
      USING (clinic_id = (SELECT central.clinic_of_role(current_user)));

    CREATE POLICY read_own_clinic ON central.events FOR SELECT TO kiosk
      USING (clinic_id = (SELECT central.clinic_of_role(current_user)));
    CREATE POLICY write_as_itself ON central.events FOR INSERT TO kiosk
      WITH CHECK (clinic_id = (SELECT central.clinic_of_role(current_user))
        AND kiosk_id = (SELECT central.kiosk_of_role(current_user)));

    CREATE POLICY read_own_clinic ON central.dose_claims FOR SELECT TO kiosk
      USING (clinic_id = (SELECT central.clinic_of_role(current_user)));
    CREATE POLICY claim_as_itself ON central.dose_claims FOR INSERT TO kiosk
      WITH CHECK (clinic_id = (SELECT central.clinic_of_role(current_user))
        AND kiosk_id = (SELECT central.kiosk_of_role(current_user)));

    CREATE POLICY read_own_clinic ON central.kiosk_marks FOR SELECT TO kiosk
      USING (clinic_id = (SELECT central.clinic_of_role(current_user)));
    CREATE POLICY insert_own_mark ON central.kiosk_marks FOR INSERT TO kiosk
      WITH CHECK (kiosk_id = (SELECT central.kiosk_of_role(current_user))
        AND clinic_id = (SELECT central.clinic_of_role(current_user)));
    CREATE POLICY advance_own_mark ON central.kiosk_marks FOR UPDATE TO kiosk
      USING (kiosk_id = (SELECT central.kiosk_of_role(current_user)))
      WITH CHECK (kiosk_id = (SELECT central.kiosk_of_role(current_user)));
  `,
};
