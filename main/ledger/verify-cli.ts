/**
 * `npm run ledger:verify -- --db <file> [--key-file <kiosk.key>] [--public-key <pem file>]`: checks
 * every kiosk chain in a kiosk's SQLite file, as an auditor with a copy of it would, and prints one
 * line per kiosk. Exits 0 when every chain is intact, 1 when one is broken, 2 when it cannot check
 * (no such file, not a kiosk ledger, an unreadable key, a wrong option, a file SQLite cannot read).
 *
 * The file is encrypted (database.ts): `--key-file` names its key, and without it the `kiosk.key`
 * beside the file is used when there is one. A file from before encryption needs no key.
 *
 * The file is opened read-only and never migrated: checking a ledger must not change it.
 * `--public-key` is this kiosk's public key from outside the file; without it the file's own copy
 * is used, which a forger holding the file could have replaced (event-signature.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { LedgerKeyError, openLedgerFileForReading } from './database.js';
import { DatabaseKeyFileError, keyFileIn, readDatabaseKeyFile } from './database-key-file.js';
import { publicKeyFromPem } from './event-signature.js';
import { storedKioskKey } from './kiosk-identity.js';
import { verifyCentral } from '../sync/verify-central.js';
import { verifyChain, type ChainCheck } from './verify-chain.js';

const usage = 'Usage: verify-cli.js --db <kiosk.db> [--key-file <kiosk.key>] [--public-key <kiosk public key .pem>] | --central <postgres url>';

class UsageError extends Error {}

type Args =
  | { db: string; keyFile: string | undefined; publicKeyFile: string | undefined; central?: undefined }
  | { central: string; db?: undefined; keyFile?: undefined; publicKeyFile?: undefined };

function parse(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, 'key-file': { type: 'string' }, 'public-key': { type: 'string' }, central: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.central !== undefined) {
    if (values.db !== undefined || values['public-key'] !== undefined || values['key-file'] !== undefined) throw new UsageError('Check either a kiosk\'s file (--db) or the central store (--central), one at a time.');
    if (!/^postgres(ql)?:\/\//.test(values.central)) throw new UsageError('--central takes a postgres:// URL.');
    return { central: values.central };
  }
  if (!values.db) throw new UsageError('Say which ledger to check with --db <file> (or the central store with --central <url>).');
  return { db: values.db, keyFile: values['key-file'], publicKeyFile: values['public-key'] };
}

function readPublicKey(file: string): KeyObject {
  if (!existsSync(file)) throw new UsageError(`There is no public key file at ${file}.`);
  try {
    return publicKeyFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not a kiosk's public key (an Ed25519 public key in PEM form): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The key named by --key-file, else the kiosk.key beside the file, else none (a file from before encryption). */
function readDatabaseKey(dbFile: string, keyFile: string | undefined): Buffer | null {
  const file = keyFile ?? keyFileIn(dirname(dbFile));
  if (keyFile === undefined && !existsSync(file)) return null;
  try {
    return readDatabaseKeyFile(file);
  } catch (error) {
    if (error instanceof DatabaseKeyFileError) throw new UsageError(error.message);
    throw error;
  }
}

function openLedgerFile(file: string, key: Buffer | null): Database {
  if (!existsSync(file)) throw new UsageError(`There is no file at ${file}.`);
  let db: Database;
  try {
    db = openLedgerFileForReading(file, key);
  } catch (error) {
    if (!(error instanceof LedgerKeyError)) throw new UsageError(`${file} is not a kiosk ledger: ${error instanceof Error ? error.message : String(error)}.`);
    // Without a key, an encrypted ledger and a file that is no database at all look the same.
    throw new UsageError(key ? error.message : `${file} cannot be read without a key: it is an encrypted kiosk ledger or not a database at all. ` +
      'Give the ledger\'s key with --key-file <kiosk.key> (without it, the kiosk.key beside the file is used, and there is none).');
  }
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name);
    if (!tables.includes('events') || !tables.includes('kiosk')) throw new UsageError(`${file} is not a kiosk ledger: it has no events and kiosk tables.`);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file} is not a kiosk ledger: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

function lineFor(kioskId: string, check: ChainCheck): string {
  if (!check.intact) return `kiosk ${kioskId}: broken at event ${check.seq}: ${check.problem}`;
  const notes = [
    ...(check.unsignedEvents ? [`the first ${check.unsignedEvents} were written before events were signed`] : []),
    ...(check.signaturesUnchecked ? ['hash chain only: no public key is known for this kiosk'] : []),
  ];
  return `kiosk ${kioskId}: ${check.events} events intact${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** Every kiosk with a chain in the file; the file's own kiosk first, even with no events yet. */
function kiosksIn(db: Database, own: string | null): string[] {
  const withEvents = db.prepare<[], { kiosk_id: string }>('SELECT DISTINCT kiosk_id FROM events ORDER BY kiosk_id').all().map((row) => row.kiosk_id);
  return own === null ? withEvents : [own, ...withEvents.filter((id) => id !== own)];
}

async function runCentral(url: string): Promise<number> {
  const { kiosks, orphanClaims } = await verifyCentral(url);
  let allIntact = true;
  for (const kiosk of kiosks) {
    allIntact &&= kiosk.check.intact && kiosk.markProblem === null;
    const line = kiosk.origin === 'central' && kiosk.check.intact
      ? `clinic ${kiosk.clinicId} setup events: ${kiosk.check.events} intact (written by central setup, which signs nothing)`
      : lineFor(kiosk.kioskId, kiosk.check).replace(`kiosk ${kiosk.kioskId}`, `kiosk ${kiosk.kioskId} ("${kiosk.name}")`);
    process.stdout.write(`${line}${kiosk.markProblem ? `; ${kiosk.markProblem}` : ''}\n`);
  }
  // A claim without its dose is not a broken record: the dose was refused or failed after the claim.
  for (const eventId of orphanClaims) process.stdout.write(`dose claim ${eventId}: no dose event with this id reached central (the step failed after claiming)\n`);
  return allIntact ? 0 : 1;
}

async function run(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.central !== undefined) return runCentral(args.central);
  const publicKey = args.publicKeyFile === undefined ? undefined : readPublicKey(args.publicKeyFile);
  const db = openLedgerFile(args.db, readDatabaseKey(args.db, args.keyFile));
  try {
    const own = storedKioskKey(db)?.kioskId ?? null;
    if (publicKey && own === null) throw new UsageError(`${args.db} does not say which kiosk wrote it, so --public-key cannot be matched to a chain.`);
    let allIntact = true;
    for (const kioskId of kiosksIn(db, own)) {
      const check = verifyChain(db, kioskId, kioskId === own && publicKey ? { publicKey } : {});
      allIntact &&= check.intact;
      process.stdout.write(`${lineFor(kioskId, check)}\n`);
    }
    return allIntact ? 0 : 1;
  } finally {
    db.close();
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(error instanceof UsageError
    ? `${error.message}\n${usage}\n`
    : `The ledger could not be checked: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
