import type { Migration } from './migration.js';

/**
 * The room board asks, for each person waiting, when they were last dosed and when their last
 * visit started. With a year of history those were scans of each person's rows, 40 people on
 * every room view (a profile: most of a 120 ms room view). An index answers each in one seek.
 */
export const personLookups: Migration = {
  name: '0009-person-lookups',
  sql: `
    CREATE INDEX doses_by_person_and_time ON doses (service_user_id, administered_at);
    CREATE INDEX visit_facts_by_person_and_start ON visit_facts (service_user_id, started_at);
  `,
};
