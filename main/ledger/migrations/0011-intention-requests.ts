import type { Migration } from './migration.js';

/**
 * Idempotent taps (issue 14): which request of a screen recorded which of this kiosk's events.
 * A step written but not answered before a crash or a dropped link is sent again under the same
 * request id; finding it here, the host answers with what was recorded rather than writing it twice.
 * Written in the transaction of the event it names, so an event never exists without its row, nor
 * the row without its event. Local to the kiosk: a request id means something only to the screen
 * that chose it, so the table is neither pushed nor pulled.
 */
export const intentionRequests: Migration = {
  name: '0011-intention-requests',
  sql: `
    CREATE TABLE intention_requests (
      kiosk_id TEXT NOT NULL,
      request_id TEXT NOT NULL CHECK (length(request_id) BETWEEN 1 AND 64),
      intention_type TEXT NOT NULL,
      first_seq INTEGER NOT NULL,
      last_seq INTEGER NOT NULL CHECK (last_seq >= first_seq),
      visit_id TEXT,
      recorded_at TEXT NOT NULL,
      PRIMARY KEY (kiosk_id, request_id),
      FOREIGN KEY (kiosk_id, first_seq) REFERENCES events (kiosk_id, seq),
      FOREIGN KEY (kiosk_id, last_seq) REFERENCES events (kiosk_id, seq)
    ) STRICT;
  `,
};
