import type { Migration } from './migration.js';

/**
 * Sessions by their stable identity, not their place in the list of windows (issue: adding an
 * "Early" window renumbered every session). Each projection that filed a fact under a session
 * index now files it under the window's id and its local times as recorded that day; rows already
 * there take the id their visit's stored event is read with (the window's name as a slug, see
 * `legacyWindowId`) and the times from the rules that event carried. The events themselves are not
 * touched. Site rule versions also remember when, and by whom, they were approved: the rules in
 * force at any moment are the last approved by then.
 *
 * SQLite has no regular expressions: the slug here lowers the name and turns each space into a
 * hyphen, which is the TypeScript slug for every name without runs of spaces or tabs (the demo and
 * every name seen so far).
 */
export const sessionIdentity: Migration = {
  name: '0010-session-identity',
  sql: `
    ALTER TABLE site_rules ADD COLUMN approved_at TEXT;
    ALTER TABLE site_rules ADD COLUMN approved_by_staff_id TEXT;
    UPDATE site_rules SET
      approved_at = (SELECT min(e.occurred_at) FROM events e
        WHERE e.type = 'siteRulesApproved' AND json_extract(e.payload, '$.version') = site_rules.version),
      approved_by_staff_id = (SELECT e.actor_staff_id FROM events e
        WHERE e.type = 'siteRulesApproved' AND json_extract(e.payload, '$.version') = site_rules.version ORDER BY e.occurred_at LIMIT 1);

    ALTER TABLE visit_facts ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE visit_facts ADD COLUMN session_opens_at TEXT NOT NULL DEFAULT '00:00';
    ALTER TABLE visit_facts ADD COLUMN session_closes_at TEXT NOT NULL DEFAULT '23:59';
    UPDATE visit_facts SET
      session_id = replace(lower(trim(session_name)), ' ', '-'),
      session_opens_at = coalesce((SELECT json_extract(e.payload, '$.rules.sessions.windows[' || visit_facts.session_index || '].opensAt')
        FROM events e WHERE e.visit_id = visit_facts.visit_id AND e.type = 'visitStarted'), '00:00'),
      session_closes_at = coalesce((SELECT json_extract(e.payload, '$.rules.sessions.windows[' || visit_facts.session_index || '].closesAt')
        FROM events e WHERE e.visit_id = visit_facts.visit_id AND e.type = 'visitStarted'), '23:59');
    ALTER TABLE visit_facts DROP COLUMN session_index;

    ALTER TABLE doses ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
    UPDATE doses SET session_id = coalesce((SELECT f.session_id FROM visit_facts f WHERE f.visit_id = doses.visit_id), 'index-' || session_index);
    ALTER TABLE doses DROP COLUMN session_index;

    ALTER TABLE offline_dose_claims ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE offline_dose_claims ADD COLUMN session_opens_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE offline_dose_claims ADD COLUMN session_closes_at TEXT NOT NULL DEFAULT '';
    UPDATE offline_dose_claims SET
      session_id = coalesce((SELECT f.session_id FROM visit_facts f WHERE f.visit_id = offline_dose_claims.visit_id), 'index-' || session_index);
    ALTER TABLE offline_dose_claims DROP COLUMN session_index;

    ALTER TABLE incidents ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
    UPDATE incidents SET session_id = coalesce(
      (SELECT f.session_id FROM visit_facts f WHERE f.visit_id = json_extract(incidents.detail, '$.visitId')), 'index-' || session_index);
    ALTER TABLE incidents DROP COLUMN session_index;
  `,
};
