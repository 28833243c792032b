/**
 * 0012: the signing key leaves the ledger file. The kiosk row may lose its private key once and
 * change in no other way; a private key is never written into the file again; and the file gains
 * the signed checkpoint a start verifies from and the "behind central" mark.
 */
import { describe, expect, it } from 'vitest';
import { newSigningKeyPair } from '../../../../main/ledger/event-signature.js';
import { columnsOf, ledgerBefore, runMigration } from './migrating.js';

const name = '0012-signing-key-outside-ledger';

describe(`ledger migration ${name}`, () => {
  it('lets a kiosk from before drop its stored private key, and refuses every other change to the kiosk row', async () => {
    const db = await ledgerBefore(name);
    const keys = newSigningKeyPair();
    db.prepare(`INSERT INTO kiosk (singleton, kiosk_id, created_at, signing_public_key, signing_private_key, signed_from_seq)
      VALUES (1, 'k1', '2026-11-01T08:00:00.000Z', ?, ?, 1)`).run(keys.publicKeyPem, keys.privateKeyPem);
    await runMigration(db, name);
    expect(() => db.prepare("UPDATE kiosk SET signing_public_key = 'other', signing_private_key = NULL").run()).toThrow(/never changed/);
    expect(() => db.prepare("UPDATE kiosk SET kiosk_id = 'k2', signing_private_key = NULL").run()).toThrow(/never changed/);
    db.prepare('UPDATE kiosk SET signing_private_key = NULL').run();
    expect(db.prepare('SELECT signing_private_key, signing_public_key FROM kiosk').get()).toEqual({ signing_private_key: null, signing_public_key: keys.publicKeyPem });
    expect(() => db.prepare('UPDATE kiosk SET signing_private_key = ?').run(keys.privateKeyPem)).toThrow(/never (changed|kept)/);
    expect(() => db.prepare('DELETE FROM kiosk').run()).toThrow(/never deleted/);
  });

  it('never lets a new kiosk row carry a private key, and adds the checkpoint and the behind-central mark', async () => {
    const db = await ledgerBefore(name);
    await runMigration(db, name);
    const keys = newSigningKeyPair();
    expect(() => db.prepare(`INSERT INTO kiosk (singleton, kiosk_id, created_at, signing_public_key, signing_private_key, signed_from_seq)
      VALUES (1, 'k1', '2026-11-01T08:00:00.000Z', ?, ?, 1)`).run(keys.publicKeyPem, keys.privateKeyPem)).toThrow(/never kept in its ledger/);
    expect(columnsOf(db, 'chain_checkpoint')).toEqual(['singleton', 'kiosk_id', 'seq', 'hash', 'signature', 'verified_at']);
    expect(columnsOf(db, 'sync_state')).toContain('ledger_behind_central_seq');
    expect(() => db.prepare('UPDATE sync_state SET ledger_behind_central_seq = 0').run()).toThrow(/CHECK/);
  });
});
