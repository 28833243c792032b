import type { Migration } from './migration.js';

/**
 * Each kiosk signs its events with its own Ed25519 key (main/ledger/event-signature.ts). The key
 * pair sits beside the kiosk's id; `signed_from_seq` is the first of its events that must carry a
 * signature (1 for a kiosk made with a key, the next event for one that had events before this
 * migration). Events written before signing existed keep a null signature: the ledger is never
 * altered, so they are not signed afterwards.
 */
export const eventSignatures: Migration = {
  name: '0006-event-signatures',
  sql: `
    ALTER TABLE kiosk ADD COLUMN signing_public_key TEXT;
    ALTER TABLE kiosk ADD COLUMN signing_private_key TEXT;
    ALTER TABLE kiosk ADD COLUMN signed_from_seq INTEGER CHECK (signed_from_seq IS NULL OR signed_from_seq > 0);

    ALTER TABLE events ADD COLUMN signature TEXT;

    -- Once a kiosk signs, the database itself refuses an unsigned event from it.
    CREATE TRIGGER signing_kiosk_events_are_signed BEFORE INSERT ON events
    WHEN NEW.signature IS NULL AND EXISTS (
      SELECT 1 FROM kiosk WHERE kiosk_id = NEW.kiosk_id AND signed_from_seq IS NOT NULL AND NEW.seq >= signed_from_seq)
    BEGIN SELECT RAISE(ABORT, 'This kiosk signs every event: an unsigned event cannot be written.'); END;

    -- A kiosk's key is made once. Replacing it would let new signatures pass for old ones.
    CREATE TRIGGER kiosk_key_is_never_replaced BEFORE UPDATE ON kiosk
    WHEN OLD.signing_public_key IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'The kiosk''s identity and signing key are made once and never changed.'); END;
    CREATE TRIGGER kiosk_is_never_deleted BEFORE DELETE ON kiosk
    BEGIN SELECT RAISE(ABORT, 'The kiosk''s identity and signing key are made once and never deleted.'); END;
  `,
};
