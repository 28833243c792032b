import type { Migration } from './migration.js';

/**
 * Doses drawn up in another room's open visits: two rooms share one cupboard, so a stock count in
 * either must allow for what the other has in syringes, name it, and flag one left from a session
 * that has closed. Not part of the ledger's chain: sync keeps it from the other kiosks' visit
 * events as they arrive (sync/import-events.ts), and it can always be worked out again from them.
 *
 * Filled here from the events already pulled, so a ledger synced before this change knows the
 * doses drawn up elsewhere at once, not only when their visit next moves. A visit recorded before
 * sessions had a closing time in the event is given none: it is from an earlier session whatever
 * it was, so it is flagged.
 */
export const drawnUpInOtherRooms: Migration = {
  name: '0017-drawn-up-in-other-rooms',
  sql: `
    CREATE TABLE remote_drawn_up (
      visit_id TEXT PRIMARY KEY,
      kiosk_id TEXT NOT NULL,
      service_user_id TEXT NOT NULL,
      section TEXT NOT NULL,
      drawn_mg REAL NOT NULL CHECK (drawn_mg > 0),
      prepared_at TEXT NOT NULL,
      clinic_day TEXT NOT NULL,
      session_closes_at TEXT
    ) STRICT;
    CREATE INDEX remote_drawn_up_by_section ON remote_drawn_up (section);

    INSERT INTO remote_drawn_up
    SELECT visit_id, kiosk_id, service_user_id, section, left_mg, prepared_at, clinic_day, closes_at FROM (
      SELECT p.visit_id, p.kiosk_id, json_extract(s.payload, '$.serviceUserId') AS service_user_id,
        COALESCE(json_extract(p.payload, '$.productId'), 'drug:' || lower(json_extract(p.payload, '$.drug'))) AS section,
        round(json_extract(p.payload, '$.drawnMg')
          - COALESCE((SELECT sum(json_extract(u.payload, '$.administeredMg')) FROM events u
              WHERE u.visit_id = p.visit_id AND u.kiosk_id = p.kiosk_id AND u.type = 'doseAdministered'), 0)
          - COALESCE((SELECT sum(json_extract(u.payload, '$.wastedMg')) FROM events u
              WHERE u.visit_id = p.visit_id AND u.kiosk_id = p.kiosk_id AND u.type = 'surplusWasted'), 0), 3) AS left_mg,
        json_extract(p.payload, '$.at') AS prepared_at,
        json_extract(s.payload, '$.clinicDay') AS clinic_day,
        json_extract(s.payload, '$.session.closesAt') AS closes_at
      FROM events p
      JOIN events s ON s.visit_id = p.visit_id AND s.kiosk_id = p.kiosk_id AND s.type = 'visitStarted'
      WHERE p.type = 'dosePrepared' AND p.kiosk_id NOT IN (SELECT kiosk_id FROM kiosk)
    ) WHERE left_mg > 0;
  `,
};
