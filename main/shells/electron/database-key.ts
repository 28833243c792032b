/**
 * The Electron kiosk's database key, held by the OS keystore: a random key, encrypted with
 * Electron's safeStorage (DPAPI on Windows, the Keychain on macOS, the Secret Service or KWallet on
 * Linux) and kept in the data folder as `kiosk.key.keystore`; decrypted at each start and handed to
 * the host process in a message, never on its command line or in its environment, which the
 * processes it starts (socat) would inherit. Runs in the main process: safeStorage is not
 * available in a utility process.
 *
 * On Linux without a keystore safeStorage falls back to "basic_text", a password compiled into
 * Chromium, which protects nothing. There the key is kept as the browser shell keeps it, in the
 * data folder's kiosk.key readable by the kiosk's user only, and the start says so.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import { ledgerFileName } from '../../host/open-kiosk-host.js';
import { databaseKeyBytes, databaseKeyFromDataFolder, keyFileIn, newDatabaseKey, readDatabaseKeyFile } from '../../ledger/database-key-file.js';

export const keystoreKeyFileName = 'kiosk.key.keystore';

function writePrivately(file: string, bytes: Buffer): void {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const fd = openSync(partial, 'wx', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
}

async function sealInKeystore(file: string, key: Buffer): Promise<void> {
  writePrivately(file, await safeStorage.encryptStringAsync(key.toString('hex')));
}

async function openFromKeystore(file: string): Promise<Buffer> {
  let opened: Electron.DecryptStringAsyncReturnValue;
  try {
    opened = await safeStorage.decryptStringAsync(readFileSync(file));
  } catch (error) {
    throw new Error(
      `The kiosk database key in ${file} could not be opened by this computer's keystore (was the data folder copied from another ` +
      `computer or user account?): ${error instanceof Error ? error.message : String(error)}. Start the kiosk as the user that set it up, or call support.`,
      { cause: error },
    );
  }
  if (!new RegExp(`^[0-9a-f]{${databaseKeyBytes * 2}}$`).test(opened.result)) throw new Error(`${file} does not hold a kiosk database key. Call support.`);
  const key = Buffer.from(opened.result, 'hex');
  if (opened.shouldReEncrypt) await sealInKeystore(file, key);
  return key;
}

/** The key the kiosk's ledger is encrypted with; made and sealed in the keystore on the first start. */
export async function databaseKeyFromKeystore(dataDir: string): Promise<Buffer> {
  const ledger = join(dataDir, ledgerFileName);
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    console.warn(`This computer has no keystore Electron can use, so the database key is kept in ${keyFileIn(dataDir)}, readable by the kiosk's user only.`);
    return databaseKeyFromDataFolder(dataDir, ledger);
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new Error('This computer\'s keystore is not available to the kiosk, so its database key cannot be kept safe. Sign in to the kiosk\'s user account (which unlocks the keystore) and start it again.');
  }
  const sealed = join(dataDir, keystoreKeyFileName);
  if (existsSync(sealed)) return openFromKeystore(sealed);
  // A data folder the browser shell kept: its key moves into the keystore, and the file goes.
  const keyFile = keyFileIn(dataDir);
  const key = existsSync(keyFile) ? readDatabaseKeyFile(keyFile) : newDatabaseKey(ledger, `the OS keystore's ${sealed}`);
  await sealInKeystore(sealed, key);
  rmSync(keyFile, { force: true });
  return key;
}

/** Sends the host process its database key, first of all its messages; a kiosk without its key does not start. */
export function handDatabaseKeyTo(host: Electron.UtilityProcess, dataDir: string): void {
  databaseKeyFromKeystore(dataDir).then(
    (key) => host.postMessage({ kind: 'databaseKey', key: key.toString('hex') }),
    (error: unknown) => {
      console.error(`The kiosk could not start: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    },
  );
}
