import type { Migration } from './migration.js';

/**
 * The signing key leaves the ledger file (main/ledger/signing-key-keeper.ts), and the ledger keeps
 * the point up to which its own chain was last verified, so a start checks only what came since.
 *
 * - The kiosk row may now lose its private key, once, and nothing else about it may change; a
 *   private key is never written into the file again. The move itself is code (kiosk-identity.ts):
 *   the key goes to its keeper before this column is cleared.
 * - `chain_checkpoint`: this kiosk's last verified event (seq and hash), signed with its key, so
 *   someone with the file but not the key cannot move the point past an edit, nor hide that
 *   events up to it were cut off.
 * - `sync_state.ledger_behind_central_seq`: set when central holds more of this kiosk's events
 *   than its ledger does (a truncated or rolled-back file): the kiosk then records no new step
 *   but an overdose response until it is set up again from central.
 */
export const signingKeyOutsideLedger: Migration = {
  name: '0012-signing-key-outside-ledger',
  sql: `
    DROP TRIGGER kiosk_key_is_never_replaced;
    CREATE TRIGGER kiosk_key_is_never_replaced BEFORE UPDATE ON kiosk
    WHEN OLD.signing_public_key IS NOT NULL AND NOT (
      NEW.kiosk_id IS OLD.kiosk_id AND NEW.created_at IS OLD.created_at AND NEW.signing_public_key IS OLD.signing_public_key
      AND NEW.signed_from_seq IS OLD.signed_from_seq AND NEW.signing_private_key IS NULL)
    BEGIN SELECT RAISE(ABORT, 'The kiosk''s identity and signing key are made once and never changed.'); END;
    CREATE TRIGGER kiosk_private_key_is_never_stored BEFORE UPDATE OF signing_private_key ON kiosk
    WHEN NEW.signing_private_key IS NOT NULL AND NEW.signing_private_key IS NOT OLD.signing_private_key
    BEGIN SELECT RAISE(ABORT, 'A kiosk''s private key is never kept in its ledger.'); END;
    CREATE TRIGGER kiosk_private_key_is_never_inserted BEFORE INSERT ON kiosk
    WHEN NEW.signing_private_key IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'A kiosk''s private key is never kept in its ledger.'); END;

    CREATE TABLE chain_checkpoint (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      kiosk_id TEXT NOT NULL,
      seq INTEGER NOT NULL CHECK (seq >= 0),
      hash TEXT NOT NULL,
      signature TEXT NOT NULL,
      verified_at TEXT NOT NULL
    ) STRICT;

    ALTER TABLE sync_state ADD COLUMN ledger_behind_central_seq INTEGER CHECK (ledger_behind_central_seq IS NULL OR ledger_behind_central_seq > 0);
  `,
};
