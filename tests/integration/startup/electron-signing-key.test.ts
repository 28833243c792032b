/**
 * The Electron host process's side of the keystore-sealed signing key (main/shells/electron/
 * host-signing-key.ts). The main process's side needs safeStorage, which needs an Electron binary
 * this machine cannot have; what the host process does with what it is handed runs on Node and is
 * tried here against a real host: a key the keystore does not hold yet is sealed before the ledger
 * names it, and a ledger whose key is lost gets no new one.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/host/logger.js';
import { openKioskHost } from '../../../main/host/open-kiosk-host.js';
import { storedKioskKey, publicPemOf } from '../../../main/ledger/kiosk-identity.js';
import { signingKeyFileName, type SigningKeyKeeper } from '../../../main/ledger/signing-key-keeper.js';
import { signingKeeperFromMain } from '../../../main/shells/electron/host-signing-key.js';
import { kioskDatabaseKey, openKioskFile, writeKioskConfig } from '../../support/kiosk-data.js';
import { ManualClock } from '../../support/manual-clock.js';
import { freshDir } from '../../support/temp-dir.js';

async function startWith(dataDir: string, signingKeyKeeper?: SigningKeyKeeper): Promise<void> {
  const host = await openKioskHost({
    dataDir, clock: new ManualClock(), logger: silentLogger(), ...(signingKeyKeeper ? { signingKeyKeeper } : {}),
  });
  await host.close();
}

function namedKey(dataDir: string): string | null {
  const db = openKioskFile(dataDir);
  try {
    return storedKioskKey(db)?.publicKeyPem ?? null;
  } finally {
    db.close();
  }
}

/** A demo kiosk started once by the browser shell: a ledger and its kiosk.key, its signing key in the file. */
async function startedFolder(): Promise<string> {
  const dataDir = freshDir('electron-key-').path;
  writeKioskConfig(dataDir, { breathalyser: { kind: 'none' } });
  await startWith(dataDir);
  return dataDir;
}

describe('the Electron host process and its keystore-sealed signing key', () => {
  it('on a computer without a keystore, keeps using the data folder\'s file', async () => {
    const dataDir = await startedFolder();
    expect(await signingKeeperFromMain({ kind: 'signingKey', keystore: false }, dataDir, kioskDatabaseKey(dataDir), undefined, async () => {
      throw new Error('nothing is sealed');
    })).toBeUndefined();
  });

  it('a new kiosk: its key is sealed by the main process before the ledger names it, and the ledger names that key', async () => {
    const dataDir = await startedFolder();
    // The browser shell's ledger and key gone: a first Electron start in a folder holding only its config and database key.
    rmSync(join(dataDir, 'kiosk.db'));
    rmSync(join(dataDir, signingKeyFileName));
    const sealed: string[] = [];
    const keeper = await signingKeeperFromMain({ kind: 'signingKey', keystore: true, pem: null }, dataDir, kioskDatabaseKey(dataDir), undefined,
      async (pem) => { sealed.push(pem); });
    expect(sealed).toHaveLength(1);
    await startWith(dataDir, keeper);
    expect(namedKey(dataDir)).toBe(publicPemOf(sealed[0]!));
  });

  it('a key the keystore cannot seal: the host does not open at all', async () => {
    const dataDir = freshDir('electron-key-unsealed-').path;
    writeKioskConfig(dataDir, { breathalyser: { kind: 'none' } });
    await expect(signingKeeperFromMain({ kind: 'signingKey', keystore: true, pem: null }, dataDir, Buffer.alloc(32, 1), undefined,
      async () => { throw new Error('the keystore is locked'); })).rejects.toThrow(/the keystore is locked/);
  });

  it('a ledger whose key is lost gets no new key, and the start says so in words', async () => {
    const dataDir = await startedFolder();
    rmSync(join(dataDir, signingKeyFileName));
    const sealed: string[] = [];
    const keeper = await signingKeeperFromMain({ kind: 'signingKey', keystore: true, pem: null }, dataDir, kioskDatabaseKey(dataDir), undefined,
      async (pem) => { sealed.push(pem); });
    expect(sealed).toEqual([]);
    await expect(startWith(dataDir, keeper)).rejects.toThrow(/signing key is missing \(it was kept in the OS keystore/);
  });

  it('a key handed over from the keystore is the one the host signs with', async () => {
    const dataDir = await startedFolder();
    const pem = readFileSync(join(dataDir, signingKeyFileName), 'utf8');
    rmSync(join(dataDir, signingKeyFileName));
    const keeper = await signingKeeperFromMain({ kind: 'signingKey', keystore: true, pem }, dataDir, kioskDatabaseKey(dataDir), undefined,
      async () => { throw new Error('nothing is sealed'); });
    await startWith(dataDir, keeper);
    expect(namedKey(dataDir)).toBe(publicPemOf(pem));
  });
});
