import type { Migration } from './migration.js';

/**
 * One register per clinic: two rooms share one cupboard, so every kiosk lists the register in the
 * order the clinic's register (central) received the entries, which every kiosk reads the same way.
 * Not part of the ledger's chain: central numbers an event when it receives it, after the kiosk
 * signed it; sync fills this in for each register entry central holds, and it can be filled again
 * from central at any time (a rebuilt ledger starts with none and gets them at its next sync).
 */
export const registerClinicOrder: Migration = {
  name: '0016-register-clinic-order',
  sql: `
    CREATE TABLE register_received (
      kiosk_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      central_seq INTEGER NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (kiosk_id, seq)
    ) STRICT;
  `,
};
