/**
 * `npm run ledger:verify -- --db <file>`, run as built (dist/, from `npm run build:main`) against
 * the SQLite file of a real kiosk data folder that a host has written to, while the host still
 * has it open: intact, then edited behind the host's back with the sqlite3 tool's powers (the
 * append-only triggers dropped, the chain re-hashed), then checked against the wrong key. It reads
 * the file and never writes it; it says plainly when it cannot check at all. The file is encrypted:
 * the command opens it with the kiosk.key beside it, or the key file given with --key-file.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { newSigningKeyPair } from '../../main/ledger/event-signature.js';
import { eventFromRow, type EventRow } from '../../main/ledger/ledger.js';
import { genesisHash } from '../../shared/ledger/ledger-event.js';
import { as, demo, signIn } from '../support/host-session.js';
import { kioskDatabaseKey, openKioskFile } from '../support/kiosk-data.js';
import { doseUpToObservation, openTestKiosk, people, type TestKiosk } from '../support/test-kiosk.js';
import { builtCommand } from '../support/built-cli.js';
import { freshDir } from '../support/temp-dir.js';

const verify = builtCommand('main/ledger/verify-cli.js');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


/** A kiosk whose host has loaded the demo clinic and dosed Dee; the host is left running. */
async function kioskAfterADose(): Promise<{ kiosk: TestKiosk; file: string; kioskId: string; administrationSeq: number }> {
  const kiosk = await openTestKiosk();
  cleanups.push(() => kiosk.close());
  const nurse = await signIn(kiosk.host, demo.nurse);
  const hca = await signIn(kiosk.host, demo.hca);
  await doseUpToObservation(as(kiosk.host, nurse), people.dee, { witnessId: hca, drawnMg: 120 });
  const administration = kiosk.ledger().find((row) => row.type === 'doseAdministered');
  if (!administration) throw new Error(`No administration in ${kiosk.ledger().map((row) => row.type).join(', ')}`);
  return { kiosk, file: join(kiosk.dataDir, ledgerFileName), kioskId: kiosk.host.kioskId, administrationSeq: administration.seq };
}

/** Behind the host's back, with its key: another connection to its file, the triggers dropped, the dose changed, every hash recomputed. */
function forgeDose(file: string, key: Buffer, seq: number): void {
  const db = new BetterSqlite3(file);
  try {
    db.key(key);
    db.pragma('busy_timeout = 5000');
    db.exec('DROP TRIGGER events_are_never_updated;');
    db.prepare("UPDATE events SET payload = json_set(payload, '$.administeredMg', 60) WHERE seq = ?").run(seq);
    let prevHash = genesisHash;
    for (const row of db.prepare<[], EventRow>('SELECT * FROM events ORDER BY seq').all()) {
      const { hash: _, ...event } = eventFromRow(row);
      const hash = hashEvent({ ...event, prevHash });
      db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, row.seq);
      prevHash = hash;
    }
  } finally {
    db.close();
  }
}

function writePublicKey(dir: string, name: string, pem: string): string {
  const path = join(dir, name);
  writeFileSync(path, pem);
  return path;
}

describe('npm run ledger:verify', () => {
  it('says every chain is intact after a host has written to it, reading the file and never writing it', async () => {
    const { kiosk, file, kioskId } = await kioskAfterADose();
    const events = kiosk.ledger().length;
    const bytes = kiosk.rawFileBytes();
    expect(await verify('--db', file)).toEqual({ code: 0, stdout: `kiosk ${kioskId}: ${events} events intact\n`, stderr: '' });
    expect(kiosk.rawFileBytes().equals(bytes)).toBe(true);

    const db = openKioskFile(kiosk.dataDir);
    const publicKeyPem = db.prepare<[], { signing_public_key: string }>('SELECT signing_public_key FROM kiosk').get()!.signing_public_key;
    db.close();
    const keyFile = writePublicKey(kiosk.dataDir, 'kiosk-public.pem', publicKeyPem);
    expect(await verify('--db', file, '--public-key', keyFile)).toMatchObject({ code: 0, stdout: `kiosk ${kioskId}: ${events} events intact\n` });
  });

  it('names the dose edited and re-hashed behind the host\'s back, and exits 1', async () => {
    const { kiosk, file, kioskId, administrationSeq } = await kioskAfterADose();
    forgeDose(file, kioskDatabaseKey(kiosk.dataDir), administrationSeq);
    expect(await verify('--db', file)).toEqual({
      code: 1,
      stdout: `kiosk ${kioskId}: broken at event ${administrationSeq}: its signature does not match its hash: it was not signed with this kiosk's key\n`,
      stderr: '',
    });
  });

  it('names the first event when checked against another kiosk\'s public key', async () => {
    const { kiosk, file, kioskId } = await kioskAfterADose();
    const keyFile = writePublicKey(kiosk.dataDir, 'other-kiosk.pem', newSigningKeyPair().publicKeyPem);
    expect(await verify('--db', file, '--public-key', keyFile)).toMatchObject({
      code: 1, stdout: `kiosk ${kioskId}: broken at event 1: it was signed with a different key from the one given for this kiosk\n`,
    });
  });

  it('opens the encrypted file with the kiosk.key beside it or the key file given, and says plainly when the key is missing, wrong or not private', async () => {
    const { kiosk, file, kioskId } = await kioskAfterADose();
    const events = kiosk.ledger().length;
    const keyFile = join(kiosk.dataDir, 'kiosk.key');
    const elsewhere = freshDir();
    cleanups.push(elsewhere.remove);
    // The file and its WAL moved away from its key, as an auditor might be handed them.
    const copy = join(elsewhere.path, 'kiosk.db');
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);

    const intact = { code: 0, stdout: `kiosk ${kioskId}: ${events} events intact\n`, stderr: '' };
    expect(await verify('--db', copy, '--key-file', keyFile)).toEqual(intact);
    const noKey = await verify('--db', copy);
    expect(noKey).toMatchObject({ code: 2, stdout: '' });
    expect(noKey.stderr).toMatch(/kiosk\.db cannot be read without a key: .*Give the ledger's key with --key-file <kiosk\.key>/);

    const otherKey = join(elsewhere.path, 'other.key');
    writeFileSync(otherKey, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const wrongKey = await verify('--db', copy, '--key-file', otherKey);
    expect(wrongKey).toMatchObject({ code: 2, stdout: '' });
    expect(wrongKey.stderr).toMatch(/could not be opened with this kiosk's database key: it was encrypted with another key, or it is damaged/);

    const missing = await verify('--db', copy, '--key-file', join(elsewhere.path, 'none.key'));
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/There is no database key file at .*none\.key\./);

    chmodSync(otherKey, 0o644);
    const shared = await verify('--db', copy, '--key-file', otherKey);
    expect(shared).toMatchObject({ code: 2, stdout: '' });
    expect(shared.stderr).toMatch(/can be read by other users of this computer \(its mode is 0644, it must be 0600\)/);
  });

  it('exits 2 with a plain reason when it cannot check at all', async () => {
    const dir = freshDir();
    cleanups.push(dir.remove);
    const notALedger = join(dir.path, 'other.db');
    new BetterSqlite3(notALedger).exec('CREATE TABLE notes (text TEXT)');
    const textFile = writePublicKey(dir.path, 'notes.txt', 'hello');

    const cases: Array<[string[], RegExp]> = [
      [[], /Say which ledger to check with --db <file> \(or the central store with --central <url>\)\./],
      [['--db', join(dir.path, 'missing.db')], /There is no file at .*missing\.db\./],
      [['--db', notALedger], /other\.db is not a kiosk ledger: it has no events and kiosk tables\./],
      [['--db', textFile], /notes\.txt cannot be read without a key: it is an encrypted kiosk ledger or not a database at all/],
      [['--db', notALedger, '--public-key', textFile], /notes\.txt is not a kiosk's public key/],
      [['--db', notALedger, '--central', 'postgres://central.example/central'], /one at a time/],
      [['--central', 'https://central.example'], /--central takes a postgres:\/\/ URL/],
      [['--db', notALedger, '--fix'], /Unknown option '--fix'/],
    ];
    for (const [args, reason] of cases) {
      const ran = await verify(...args);
      expect({ args, code: ran.code, stdout: ran.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(ran.stderr).toMatch(reason);
      expect(ran.stderr).toContain('Usage: verify-cli.js --db <kiosk.db>');
    }
  });
});
