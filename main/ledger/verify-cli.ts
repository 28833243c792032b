/**
 * `npm run ledger:verify -- --db <file> [--public-key <pem file>]`: checks every kiosk chain in a
 * kiosk's SQLite file, as an auditor with a copy of it would, and prints one line per kiosk.
 * Exits 0 when every chain is intact, 1 when one is broken, 2 when it cannot check (no such file,
 * not a kiosk ledger, an unreadable key, a wrong option, a file SQLite cannot read).
 *
 * The file is opened read-only and never migrated: checking a ledger must not change it.
 * `--public-key` is this kiosk's public key from outside the file; without it the file's own copy
 * is used, which a forger holding the file could have replaced (event-signature.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { KeyObject } from 'node:crypto';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { publicKeyFromPem } from './event-signature.js';
import { storedKioskKey } from './kiosk-identity.js';
import { verifyChain, type ChainCheck } from './verify-chain.js';

const usage = 'Usage: verify-cli.js --db <kiosk.db> [--public-key <kiosk public key .pem>]';

class UsageError extends Error {}

function parse(argv: string[]): { db: string; publicKeyFile: string | undefined } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, 'public-key': { type: 'string' }, central: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.central !== undefined) {
    throw new UsageError('Central verification is not available in this version of the kiosk software. Check against a copy of the kiosk\'s public key with --public-key instead.');
  }
  if (!values.db) throw new UsageError('Say which ledger to check with --db <file>.');
  return { db: values.db, publicKeyFile: values['public-key'] };
}

function readPublicKey(file: string): KeyObject {
  if (!existsSync(file)) throw new UsageError(`There is no public key file at ${file}.`);
  try {
    return publicKeyFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not a kiosk's public key (an Ed25519 public key in PEM form): ${error instanceof Error ? error.message : String(error)}`);
  }
}

function openLedgerFile(file: string): Database {
  if (!existsSync(file)) throw new UsageError(`There is no file at ${file}.`);
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
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

function run(argv: string[]): number {
  const args = parse(argv);
  const publicKey = args.publicKeyFile === undefined ? undefined : readPublicKey(args.publicKeyFile);
  const db = openLedgerFile(args.db);
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
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(error instanceof UsageError
    ? `${error.message}\n${usage}\n`
    : `The ledger could not be checked: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
