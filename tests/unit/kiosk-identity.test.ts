import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { KioskIdentityError, kioskIdOf } from '../../main/ledger/kiosk-identity.js';
import { freshDir } from '../support/temp-dir.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
const now = () => new Date('2026-11-23T10:00:00.000Z');

async function freshLedger() {
  const dir = freshDir();
  cleanups.push(dir.remove);
  const db = await openLedgerDatabase(join(dir.path, 'kiosk.db'), now);
  cleanups.unshift(() => db.close());
  return db;
}

describe("a kiosk's identity", () => {
  it('takes the id central registered when its ledger is new, and keeps it', async () => {
    const db = await freshLedger();
    const registered = '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4';
    expect(kioskIdOf(db, now, registered)).toBe(registered);
    expect(kioskIdOf(db, now)).toBe(registered);
  });

  it('refuses a registered id that is not its ledger\'s, naming the command that registers the ledger\'s own', async () => {
    const db = await freshLedger();
    const own = kioskIdOf(db, now);
    expect(() => kioskIdOf(db, now, '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4')).toThrow(KioskIdentityError);
    expect(() => kioskIdOf(db, now, '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4')).toThrow(`add-kiosk --kiosk-id ${own}`);
  });
});
