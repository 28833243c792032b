/**
 * The kiosk's ledger file at rest: after a real visit through the host, neither the file nor its
 * WAL holds a service user's name or the drug; the key file is the kiosk user's alone; a host or a
 * reader without the right key is refused in words; Debian's own sqlite3 (plain SQLite) cannot
 * read the file; and a file written by a version from before encryption is encrypted on the next
 * start with every row of every table kept.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoClinicEvents, demoPeople } from '../../main/demo/demo-clinic.js';
import { silentLogger } from '../../main/host/logger.js';
import { ledgerFileName, openKioskHost } from '../../main/host/open-kiosk-host.js';
import { isPlaintextSqliteFile, openLedgerDatabase, openLedgerFileForReading } from '../../main/ledger/database.js';
import { keyFileIn } from '../../main/ledger/database-key-file.js';
import { kioskIdOf, kioskSigningKey } from '../../main/ledger/kiosk-identity.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { signingKeyFile } from '../../main/ledger/signing-key-keeper.js';
import { as, demo, signIn } from '../support/host-session.js';
import { dumpDatabase, verifyChains } from '../support/kill-points.js';
import { kioskDatabaseKey, rawLedgerBytes, writeKioskConfig } from '../support/kiosk-data.js';
import { ManualClock } from '../support/manual-clock.js';
import { doseUpToObservation, observeAndDischarge, openTestKiosk, people } from '../support/test-kiosk.js';
import { freshDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * What must never be readable in the file: each person's names as the ledger stores them (a
 * three-letter preferred name alone would turn up by chance in a few megabytes of ciphertext, so
 * it is searched for as its JSON field), Mags on her own, and the drug.
 */
const secrets = [
  ...demoPeople.flatMap((person) => [`"preferredName":"${person.preferredName}"`, person.legalName]),
  'Mags',
  'diamorphine',
];

function secretsIn(bytes: Buffer): string[] {
  return secrets.filter((secret) => bytes.includes(Buffer.from(secret, 'utf8')));
}

function plainDump(file: string): Record<string, unknown[]> {
  const db = openLedgerFileForReading(file, null);
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

/** A data folder as a kiosk from before encryption left it: a plain SQLite ledger, its last commits still in the WAL. */
async function plaintextKioskFolder(): Promise<string> {
  const written = freshDir();
  const folder = freshDir();
  cleanups.push(written.remove, folder.remove);
  const clock = new ManualClock();
  const db = await openLedgerDatabase(join(written.path, ledgerFileName), () => clock.now());
  try {
    const kioskId = kioskIdOf(db, () => clock.now());
    new Ledger(db, kioskId, () => clock.now(), kioskSigningKey(db, kioskId, () => clock.now(), signingKeyFile(written.path))).appendAll(demoClinicEvents(clock.now()));
    // Copied while still open, so the copy's WAL holds commits its main file does not (a power cut, or a copy of a running kiosk).
    for (const name of readdirSync(written.path)) copyFileSync(join(written.path, name), join(folder.path, name));
  } finally {
    db.close();
  }
  writeKioskConfig(folder.path, { breathalyser: { kind: 'none' } });
  return folder.path;
}

describe('the kiosk database at rest', () => {
  it('holds no service user\'s name and no drug in the file or its WAL after a visit, though the ledger holds them', async () => {
    const kiosk = await openTestKiosk();
    cleanups.push(() => kiosk.close());
    const act = as(kiosk.host, await signIn(kiosk.host, demo.nurse));
    const hca = await signIn(kiosk.host, demo.hca);
    const visitId = await doseUpToObservation(act, people.mags, { witnessId: hca, drawnMg: 200 });
    await observeAndDischarge(act, kiosk.clock, visitId);

    const read = JSON.stringify(kiosk.ledger());
    expect(read).toContain('Margaret Doyle');
    expect(read).toContain('diamorphine');
    expect(existsSync(join(kiosk.dataDir, `${ledgerFileName}-wal`))).toBe(true);
    expect(secretsIn(kiosk.rawFileBytes())).toEqual([]);
    expect(secretsIn(kiosk.fileBytes())).toEqual(secrets);
    expect(isPlaintextSqliteFile(join(kiosk.dataDir, ledgerFileName))).toBe(false);
  });

  it('keeps its key in a file only the kiosk\'s user can read, and refuses to start when others can read it', async () => {
    const kiosk = await openTestKiosk();
    const keyFile = keyFileIn(kiosk.dataDir);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    await kiosk.host.close();
    cleanups.push(() => rmSync(kiosk.dataDir, { recursive: true, force: true }));

    chmodSync(keyFile, 0o644);
    await expect(openKioskHost({ dataDir: kiosk.dataDir, clock: kiosk.clock, logger: silentLogger() })).rejects.toThrow(
      /The database key file .*kiosk\.key can be read by other users of this computer \(its mode is 0644, it must be 0600\), so the kiosk will not use it\..*chmod 600/,
    );
    chmodSync(keyFile, 0o600);
    const again = await openKioskHost({ dataDir: kiosk.dataDir, clock: kiosk.clock, logger: silentLogger() });
    await again.close();
  });

  it('is refused in words without its key or with another, and changes nothing', async () => {
    const kiosk = await openTestKiosk();
    await kiosk.host.close();
    cleanups.push(() => rmSync(kiosk.dataDir, { recursive: true, force: true }));
    const file = join(kiosk.dataDir, ledgerFileName);
    const before = rawLedgerBytes(kiosk.dataDir);
    const open = (databaseKey?: Buffer) => openKioskHost({ dataDir: kiosk.dataDir, clock: kiosk.clock, logger: silentLogger(), ...(databaseKey ? { databaseKey } : {}) });

    await expect(open(Buffer.alloc(32, 7))).rejects.toThrow(
      /kiosk\.db could not be opened with this kiosk's database key: it was encrypted with another key, or it is damaged\. Nothing was changed\./,
    );
    await expect(openLedgerDatabase(file, () => kiosk.clock.now())).rejects.toThrow(/kiosk\.db is encrypted and no database key was given, so it cannot be read\./);
    const key = kioskDatabaseKey(kiosk.dataDir);
    rmSync(keyFileIn(kiosk.dataDir));
    await expect(open()).rejects.toThrow(/kiosk\.db is encrypted, but its key \(its key file .*kiosk\.key, or the OS keystore of the Electron kiosk\) is missing\. Restore it from the kiosk's backup/);
    expect(existsSync(keyFileIn(kiosk.dataDir))).toBe(false);
    expect(rawLedgerBytes(kiosk.dataDir).equals(before)).toBe(true);

    const withKey = await open(key);
    await withKey.close();
  });

  it('cannot be read by the sqlite3 command line, which reads a plain ledger', async () => {
    const kiosk = await openTestKiosk();
    cleanups.push(() => kiosk.close());
    const sqlite3 = (file: string) => spawnSync('sqlite3', ['-readonly', file, 'SELECT count(*) FROM events;'], { encoding: 'utf8' });

    const encrypted = sqlite3(join(kiosk.dataDir, ledgerFileName));
    expect(encrypted.error).toBeUndefined();
    expect(encrypted.status).not.toBe(0);
    expect(encrypted.stderr).toMatch(/file is not a database/);

    const plain = join(await plaintextKioskFolder(), ledgerFileName);
    expect(sqlite3(plain)).toMatchObject({ status: 0, stdout: `${demoClinicEvents(new Date()).length}\n` });
  });

  it('encrypts a ledger written before encryption on the next start, WAL included, keeping every row of every table', async () => {
    const dataDir = await plaintextKioskFolder();
    const file = join(dataDir, ledgerFileName);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(secretsIn(rawLedgerBytes(dataDir))).toEqual(secrets);
    // The chain checkpoint is each start's own record (kill-points.ts): every other table must come through as it was.
    const { chain_checkpoint: _checkpoint, ...rows } = plainDump(file);
    expect(rows['events']?.length).toBe(demoClinicEvents(new Date()).length);
    // What a start that crashed mid-encryption leaves behind: a half-written copy, never the original.
    writeFileSync(`${file}.encrypting`, 'half a copy');

    const clock = new ManualClock();
    const host = await openKioskHost({ dataDir, clock, logger: silentLogger() });
    cleanups.push(() => host.close());
    expect(isPlaintextSqliteFile(file)).toBe(false);
    expect(existsSync(`${file}.encrypting`)).toBe(false);
    expect(secretsIn(rawLedgerBytes(dataDir))).toEqual([]);
    expect(dumpDatabase(dataDir)).toEqual(rows);
    expect(verifyChains(dataDir).every((check) => check.intact)).toBe(true);
  });
});
