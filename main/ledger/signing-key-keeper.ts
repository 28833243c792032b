/**
 * Where a kiosk's Ed25519 signing key is kept: never in the ledger file, so a copy of that file
 * alone (a backup, a support bundle, a stolen image of it) cannot be used to sign a forged event.
 *
 * - The browser shell keeps it in `kiosk.signing-key` in the data folder, readable by the kiosk's
 *   user only, written once (a key that replaced another would let new signatures pass for old).
 * - The Electron shell seals it with the OS keystore (safeStorage) in its main process and hands
 *   it to the host (main/shells/electron/signing-key.ts).
 * Someone holding the whole data folder holds this file too: what catches them is central, which
 * holds each kiosk's public key and its chain up to the last sync (README, "Threat model").
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createFileAtomically } from '../config/atomic-files.js';

export const signingKeyFileName = 'kiosk.signing-key';

export interface SigningKeyKeeper {
  /** Where the key is kept, in words for a person ("the file /x/kiosk.signing-key"). */
  readonly where: string;
  /** The kept key as PKCS#8 PEM, or null when none is kept here. */
  read(): string | null;
  /**
   * Keeps a key where none is kept yet. True once it is durably kept; false when keeping it
   * finishes later (the Electron keystore seals in another process), so a caller must not yet
   * drop any other copy.
   */
  keep(privateKeyPem: string): boolean;
}

export class SigningKeyFileError extends Error {}

/** The key file beside the ledger: 0600, written in full to a temporary file and linked into place, so it is never half-written or replaced. */
export function signingKeyFile(dataDir: string): SigningKeyKeeper {
  const file = join(dataDir, signingKeyFileName);
  return {
    where: `the file ${file}`,
    read() {
      if (!existsSync(file)) return null;
      const mode = statSync(file).mode & 0o777;
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        throw new SigningKeyFileError(`The kiosk's signing key ${file} can be read by other users of this computer (mode ${mode.toString(8).padStart(4, '0')}, ` +
          `it must be 0600), so the kiosk will not sign with it. Someone may already have copied it: tell your clinic's IT support, then ` +
          `make it private with "chmod 600 ${file}" and start the kiosk again.`);
      }
      const pem = readFileSync(file, 'utf8');
      if (!pem.includes('BEGIN PRIVATE KEY')) throw new SigningKeyFileError(`${file} is not a kiosk signing key. Restore it from the kiosk's backup, or call support.`);
      return pem;
    },
    keep(privateKeyPem) {
      // EEXIST if a key is already there: a key is never replaced.
      createFileAtomically(file, privateKeyPem, 0o600);
      return true;
    },
  };
}

/** A key handed in by the process that holds it (the Electron main process), with the way to ask it to keep a new one. */
export function signingKeyHandedIn(where: string, pem: string | null, askToKeep: (pem: string) => void): SigningKeyKeeper {
  let held = pem;
  return {
    where,
    read: () => held,
    keep(privateKeyPem) {
      held = privateKeyPem;
      askToKeep(privateKeyPem);
      return false;
    },
  };
}
