import type { Migration } from './migration.js';

/** Check-in asks "when was this person last dosed?" of the ledger itself, on every visit. */
export const eventsByPerson: Migration = {
  name: '0004-events-by-person',
  sql: `
    CREATE INDEX events_by_person ON events (service_user_id, type) WHERE service_user_id IS NOT NULL;
  `,
};
