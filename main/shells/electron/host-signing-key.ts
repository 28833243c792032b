/**
 * In the host process: the signing keeper the host opens with, from what the main process handed
 * over (signing-key.ts, which alone can reach the keystore). A key the keystore does not hold yet,
 * a new kiosk's or one still inside a ledger from before, is sealed by the main process before the
 * host opens, so a crash can never leave a ledger naming a key that is lost.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerFileName } from '../../config/data-folder.js';
import { openLedgerFileForReading } from '../../ledger/database.js';
import { newSigningKeyPair } from '../../ledger/event-signature.js';
import { signingKeyHandedIn, type SigningKeyKeeper } from '../../ledger/signing-key-keeper.js';

export const keystoreSigningKeyFileName = 'kiosk.signing-key.keystore';

/** What the host process is told about its signing key. */
export type HandedSigningKey = { kind: 'signingKey'; keystore: false } | { kind: 'signingKey'; keystore: true; pem: string | null };

interface KeyInLedger { publicKeyPem: string | null; privateKeyPem: string | null }

/** The key the ledger names, and its private half if a ledger from before still holds it. */
function keyInLedger(dataDir: string, databaseKey: Buffer, sqliteBinding: string | undefined): KeyInLedger {
  const file = join(dataDir, ledgerFileName);
  if (!existsSync(file)) return { publicKeyPem: null, privateKeyPem: null };
  const db = openLedgerFileForReading(file, databaseKey, sqliteBinding);
  try {
    const row = db.prepare<[], { signing_public_key: string | null; signing_private_key: string | null }>(
      'SELECT signing_public_key, signing_private_key FROM kiosk').get();
    return { publicKeyPem: row?.signing_public_key ?? null, privateKeyPem: row?.signing_private_key ?? null };
  } catch {
    // A ledger from before kiosks signed has no such columns: it names no key.
    return { publicKeyPem: null, privateKeyPem: null };
  } finally {
    db.close();
  }
}

/** undefined: the host keeps the key in the data folder's file, as the browser shell does. */
export async function signingKeeperFromMain(
  handed: HandedSigningKey, dataDir: string, databaseKey: Buffer, sqliteBinding: string | undefined, seal: (pem: string) => Promise<void>,
): Promise<SigningKeyKeeper | undefined> {
  if (!handed.keystore) return undefined;
  let pem = handed.pem;
  if (pem === null) {
    const named = keyInLedger(dataDir, databaseKey, sqliteBinding);
    // A ledger that names a key it no longer holds has lost it: no new key here; the start refuses in words.
    if (named.publicKeyPem === null || named.privateKeyPem !== null) {
      pem = named.privateKeyPem ?? newSigningKeyPair().privateKeyPem;
      await seal(pem);
    }
  }
  return signingKeyHandedIn(`the OS keystore (${join(dataDir, keystoreSigningKeyFileName)})`, pem, (asked) => {
    seal(asked).catch(() => undefined);
  });
}
