/**
 * Signing keys for tests that open a ledger without a data folder's key file: kept in this test
 * process's memory, per kiosk id, so a ledger reopened in the same test signs with the same key.
 */
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { kioskSigningKey } from '../../main/ledger/kiosk-identity.js';
import type { SigningKeyKeeper } from '../../main/ledger/signing-key-keeper.js';

const keptKeys = new Map<string, string>();

export function keptInMemory(kioskId: string): SigningKeyKeeper {
  return {
    where: `this test's memory (kiosk ${kioskId})`,
    read: () => keptKeys.get(kioskId) ?? null,
    keep(pem) {
      keptKeys.set(kioskId, pem);
      return true;
    },
  };
}

export function testSigningKey(db: Database, kioskId: string, now: () => Date = () => new Date()): KeyObject {
  return kioskSigningKey(db, kioskId, now, keptInMemory(kioskId));
}
