import type { Migration } from './migration.js';

/**
 * Whether a ledger is a demo ledger or a clinic's, fixed once when it is made (from kiosk.json's
 * demoData then) and never changed: kiosk.json can be lost or rewritten, the ledger's own record
 * cannot. A demo ledger must never reach a clinic's record, and a clinic's ledger must never be
 * shown demo data (main/ledger/ledger-purpose.ts).
 *
 * A ledger from before this migration that holds events is read by what it holds: the demo
 * clinic ('demo-clinic', main/demo/demo-clinic.ts) is only ever loaded into a demo ledger. Its
 * purpose dates from when the kiosk was made. An empty one is settled at its next start.
 */
export const ledgerPurpose: Migration = {
  name: '0013-ledger-purpose',
  sql: `
    CREATE TABLE ledger_purpose (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      purpose TEXT NOT NULL CHECK (purpose IN ('demo', 'clinic')),
      decided_at TEXT NOT NULL
    ) STRICT;

    INSERT INTO ledger_purpose (singleton, purpose, decided_at)
    SELECT 1,
      CASE WHEN EXISTS (SELECT 1 FROM clinic WHERE clinic_id = 'demo-clinic') THEN 'demo' ELSE 'clinic' END,
      coalesce((SELECT created_at FROM kiosk), (SELECT min(occurred_at) FROM events))
    WHERE EXISTS (SELECT 1 FROM events);

    CREATE TRIGGER ledger_purpose_is_never_changed BEFORE UPDATE ON ledger_purpose
    BEGIN SELECT RAISE(ABORT, 'Whether a ledger is a demo or a clinic''s is decided once, when it is made, and never changed.'); END;
    CREATE TRIGGER ledger_purpose_is_never_deleted BEFORE DELETE ON ledger_purpose
    BEGIN SELECT RAISE(ABORT, 'Whether a ledger is a demo or a clinic''s is decided once, when it is made, and never changed.'); END;
  `,
};
