/**
 * The Electron kiosk's signing key, sealed by the OS keystore as its database key is
 * (database-key.ts): `kiosk.signing-key.keystore` in the data folder holds the PEM encrypted with
 * safeStorage, opened here in the main process at each start and handed to the host process in a
 * message. The host process never seals: it asks, and opens its ledger only once the main process
 * says the key is on disk, so no ledger ever names a key that a crash could lose.
 *
 * A data folder the browser shell kept moves its `kiosk.signing-key` into the keystore (sealed and
 * synced first, the plain file removed after). On Linux with only "basic_text" (no keystore at
 * all) the key stays in `kiosk.signing-key`, 0600, as the browser shell keeps it, and the host is
 * told to use that file.
 *
 * Not run here: this machine has no Electron binary (README, "Electron specs").
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createFileAtomically } from '../../config/atomic-files.js';
import { safeStorage } from 'electron';
import { signingKeyFile, signingKeyFileName } from '../../ledger/signing-key-keeper.js';
import { keystoreSigningKeyFileName, type HandedSigningKey } from './host-signing-key.js';

async function openSealed(file: string): Promise<string> {
  let opened: Electron.DecryptStringAsyncReturnValue;
  try {
    opened = await safeStorage.decryptStringAsync(readFileSync(file));
  } catch (error) {
    throw new Error(`The kiosk's signing key in ${file} could not be opened by this computer's keystore (was the data folder copied from ` +
      `another computer or user account?): ${error instanceof Error ? error.message : String(error)}. Start the kiosk as the user that set it up, or call support.`,
    { cause: error });
  }
  if (!opened.result.includes('BEGIN PRIVATE KEY')) throw new Error(`${file} does not hold a kiosk signing key. Call support.`);
  return opened.result;
}

/** Seals a key where none is sealed yet; a key already sealed is never replaced, only found to be the same one. */
export async function sealSigningKey(dataDir: string, pem: string): Promise<void> {
  const sealed = join(dataDir, keystoreSigningKeyFileName);
  if (existsSync(sealed)) {
    if ((await openSealed(sealed)) !== pem) throw new Error(`${sealed} already holds another signing key: a kiosk's key is never replaced. Call support.`);
    return;
  }
  // Whole or not at all, and never over a sealed key (EEXIST).
  createFileAtomically(sealed, await safeStorage.encryptStringAsync(pem), 0o600);
}

/** The key for the host: from the keystore, or moved into it from the browser shell's file; null when there is none yet. */
export async function signingKeyFromKeystore(dataDir: string): Promise<HandedSigningKey> {
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    console.warn(`This computer has no keystore Electron can use, so the signing key is kept in ${join(dataDir, signingKeyFileName)}, readable by the kiosk's user only.`);
    return { kind: 'signingKey', keystore: false };
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new Error('This computer\'s keystore is not available to the kiosk, so its signing key cannot be kept safe. Sign in to the kiosk\'s user account (which unlocks the keystore) and start it again.');
  }
  const sealed = join(dataDir, keystoreSigningKeyFileName);
  if (existsSync(sealed)) return { kind: 'signingKey', keystore: true, pem: await openSealed(sealed) };
  const plain = signingKeyFile(dataDir).read();
  if (plain === null) return { kind: 'signingKey', keystore: true, pem: null };
  await sealSigningKey(dataDir, plain);
  rmSync(join(dataDir, signingKeyFileName), { force: true });
  return { kind: 'signingKey', keystore: true, pem: plain };
}

/**
 * Hands the host its signing key, and seals the one it asks to keep (a new kiosk's, or one moved
 * out of a ledger from before), answering once it is on disk.
 */
export function handSigningKeyTo(host: Electron.UtilityProcess, dataDir: string, fail: (error: unknown) => void): void {
  host.on('message', (message: { kind?: unknown; pem?: unknown }) => {
    if (message.kind !== 'sealSigningKey' || typeof message.pem !== 'string') return;
    sealSigningKey(dataDir, message.pem).then(
      () => host.postMessage({ kind: 'signingKeySealed' }),
      (error: unknown) => host.postMessage({ kind: 'signingKeyNotSealed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
  signingKeyFromKeystore(dataDir).then((handed) => host.postMessage(handed), fail);
}
