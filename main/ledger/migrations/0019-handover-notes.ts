import type { Migration } from './migration.js';

/**
 * Handover notes, each dated and signed by the member of staff who wrote it, newest read first at
 * check-in. The single note kept on the service user's record before (service_users.handover_note)
 * stays where it is, read as the note from the record, undated.
 */
export const handoverNotes: Migration = {
  name: '0019-handover-notes',
  sql: `
    CREATE TABLE handover_notes (
      event_id TEXT PRIMARY KEY,
      service_user_id TEXT NOT NULL,
      note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
      written_at TEXT NOT NULL,
      written_by TEXT NOT NULL
    );
    CREATE INDEX handover_notes_by_person ON handover_notes (service_user_id, written_at);
  `,
};
