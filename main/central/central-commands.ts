/**
 * The central store's setup commands, as a function the CLI and the tests both call:
 *   setup     --url <postgres-url> --clinic-name <name> --time-zone <IANA zone> --lead-name <name>
 *             --lead-badge <badge> --lead-pin <pin> --kiosk-name <name> [--kiosk-id <id>] [--kiosk-public-key <pem file>]
 *   add-kiosk --url <postgres-url> --clinic <clinic id> --kiosk-name <name> [--kiosk-id <id>] [--kiosk-public-key <pem file>]
 *   replace-kiosk --url <postgres-url> --clinic <clinic id> --kiosk <old kiosk id> --kiosk-name <new name>
 *             --lead-badge <badge> --lead-pin <pin> --reason <text>
 *   migrate   --url <postgres-url>
 * The URL's role must be a superuser, or have CREATEROLE and own the database: setup creates
 * roles. The kiosk's connection settings go to stdout as JSON (for its kiosk.json); everything
 * meant for the person running it goes to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DateTime, IANAZone } from 'luxon';
import pg from 'pg';
import { z } from 'zod';
import { Pin } from '../../shared/contract/intentions.js';
import { BadgeNumber } from '../../shared/ledger/reference-events.js';
import { publicKeyFromPem } from '../ledger/event-signature.js';
import { centralCommandConfig } from '../sync/central-connection.js';
import { CentralMigrationMismatchError, migrateCentral } from './migrator.js';
import { replaceKiosk, type ReplacedKiosk } from './kiosk-replacement.js';
import { centralMigrations } from './migrations/index.js';
import { RegistrationError, addKiosk, kioskConnectionSettings, registerClinic } from './registration.js';

export interface CommandOutput { out(text: string): void; err(text: string): void }

export const usage = `Usage:
  npm run central -- setup --url <postgres-url> --clinic-name <name> --time-zone <zone, e.g. Europe/London>
      --lead-name <name> --lead-badge <badge> --lead-pin <4-8 digits> --kiosk-name <name>
      [--kiosk-id <id> --kiosk-public-key <pem file>]
  npm run central -- add-kiosk --url <postgres-url> --clinic <clinic id> --kiosk-name <name>
      [--kiosk-id <id> --kiosk-public-key <pem file>]
  npm run central -- replace-kiosk --url <postgres-url> --clinic <clinic id> --kiosk <old kiosk id>
      --kiosk-name <new name> --lead-badge <badge> --lead-pin <PIN> --reason <why, 1-300 characters>
  npm run central -- migrate --url <postgres-url>
replace-kiosk gives a kiosk whose signing key is lost a new identity, approved by a clinic lead of
its clinic, and closes the old one: central keeps its events and refuses anything more from it.
--kiosk-id and --kiosk-public-key register a kiosk installed before it was registered: the id and
Ed25519 public key (SPKI PEM) its ledger already has.
The role in --url must be a superuser, or have CREATEROLE and own the database.
Leave the password out of --url to take it from PGPASSWORD.`;

class UsageError extends Error {}

const PostgresUrl = z.string({ error: 'Give --url, the PostgreSQL server and database, like postgres://admin@db.example:5432/central.' })
  .refine((text) => URL.canParse(text) && /^postgres(ql)?:$/.test(new URL(text).protocol),
    'The --url must be a PostgreSQL URL, like postgres://admin@db.example:5432/central.');
const KioskName = z.string({ error: 'Give --kiosk-name, the name staff know the kiosk by.' }).trim()
  .min(1, 'The kiosk name must not be empty.').max(80, 'A kiosk name is at most 80 characters.');
const KioskId = z.string().trim().regex(/^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/, 'A kiosk id is letters, digits and dashes (the id in its ledger).').optional();
/** A path on the command line; the PEM it holds after parsing. */
const KioskPublicKey = z.string().optional().transform((path, context) => {
  if (path === undefined) return undefined;
  try {
    const pem = readFileSync(path, 'utf8').trim();
    publicKeyFromPem(pem);
    return `${pem}\n`;
  } catch (error) {
    context.addIssue({ code: 'custom', message: `--kiosk-public-key must be a file holding the kiosk's Ed25519 public key as PEM (${error instanceof Error ? error.message : String(error)}).` });
    return z.NEVER;
  }
});

const SetupArgs = z.object({
  url: PostgresUrl,
  'clinic-name': z.string({ error: 'Give --clinic-name.' }).trim().min(1, 'The clinic name must not be empty.')
    .max(120, 'A clinic name is at most 120 characters.'),
  'time-zone': z.string({ error: 'Give --time-zone, the clinic\'s IANA time zone, like Europe/London.' })
    .refine((zone) => IANAZone.isValidZone(zone), 'The --time-zone must be an IANA time zone, like Europe/London.'),
  'lead-name': z.string({ error: 'Give --lead-name, the first clinic lead\'s name.' }).trim()
    .min(1, 'The clinic lead\'s name must not be empty.').max(80, 'A name is at most 80 characters.'),
  'lead-badge': BadgeNumber.optional().refine((badge) => badge !== undefined, 'Give --lead-badge, the clinic lead\'s badge number.'),
  'lead-pin': Pin.optional().refine((pin) => pin !== undefined, 'Give --lead-pin, the clinic lead\'s PIN (4 to 8 digits).'),
  'kiosk-name': KioskName,
  'kiosk-id': KioskId,
  'kiosk-public-key': KioskPublicKey,
});
const AddKioskArgs = z.object({
  url: PostgresUrl,
  clinic: z.string({ error: 'Give --clinic, the clinic id that setup printed.' }).trim().min(1, 'The clinic id must not be empty.'),
  'kiosk-name': KioskName,
  'kiosk-id': KioskId,
  'kiosk-public-key': KioskPublicKey,
});
const ReplaceKioskArgs = z.object({
  url: PostgresUrl,
  clinic: AddKioskArgs.shape.clinic,
  kiosk: z.string({ error: 'Give --kiosk, the id of the kiosk to replace (its kioskId in kiosk.json).' }).trim()
    .regex(/^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/, 'A kiosk id is letters, digits and dashes (the kioskId in its kiosk.json).'),
  'kiosk-name': KioskName,
  'lead-badge': BadgeNumber.optional().refine((badge) => badge !== undefined, 'Give --lead-badge, the badge of the clinic lead approving this.'),
  'lead-pin': Pin.optional().refine((pin) => pin !== undefined, 'Give --lead-pin, the PIN of the clinic lead approving this.'),
  reason: z.string({ error: 'Give --reason, why the kiosk is replaced (for the record).' }).trim()
    .min(1, 'The reason must not be empty.').max(300, 'A reason is at most 300 characters.'),
});
const MigrateArgs = z.object({ url: PostgresUrl });

const commandArgs = { setup: SetupArgs, 'add-kiosk': AddKioskArgs, 'replace-kiosk': ReplaceKioskArgs, migrate: MigrateArgs } as const;
type CommandName = keyof typeof commandArgs;

function parse<T extends z.ZodType>(schema: T, values: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => issue.message).join('\n'));
  return result.data;
}

function readArgs(argv: readonly string[]): { command: CommandName; values: Record<string, unknown> } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' }, 'clinic-name': { type: 'string' }, 'time-zone': { type: 'string' },
        'lead-name': { type: 'string' }, 'lead-badge': { type: 'string' }, 'lead-pin': { type: 'string' },
        'kiosk-name': { type: 'string' }, 'kiosk-id': { type: 'string' }, 'kiosk-public-key': { type: 'string' }, clinic: { type: 'string' },
        kiosk: { type: 'string' }, reason: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command, ...extra] = parsed.positionals;
  if (command === undefined || !(command in commandArgs)) {
    throw new UsageError(command === undefined ? 'Say what to do: setup, add-kiosk, replace-kiosk or migrate.' : `There is no command "${command}".`);
  }
  if (extra.length > 0) throw new UsageError(`Unexpected ${extra.join(' ')}: every value goes after its --option.`);
  return { command: command as CommandName, values: parsed.values };
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** A sentence for the person at the terminal, for the errors they can do something about. */
function explain(error: unknown, url: string): string {
  if (error instanceof RegistrationError || error instanceof CentralMigrationMismatchError) return error.message;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const where = withoutPassword(url);
  switch (code) {
    case 'ECONNREFUSED': case 'ENOTFOUND': case 'EHOSTUNREACH': case 'ETIMEDOUT':
      return `Could not reach PostgreSQL at ${where} (${message}). Check --url and that the server is running.`;
    case '28P01': case '28000':
      return `PostgreSQL refused the role or password in --url (${message}).`;
    case '3D000':
      return `The database in --url does not exist (${message}): create it first, for example with createdb.`;
    case '42501':
      return `The role in --url may not do what setup needs (${message}). Run it as a superuser, or a role with CREATEROLE that owns the database.`;
    default:
      return `Setup stopped on an error from ${where}: ${message}. Nothing was half-done: run it again once the cause is fixed.`;
  }
}

async function checkCanCreateRoles(client: pg.Client): Promise<void> {
  const result = await client.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
    'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user');
  const role = result.rows[0];
  if (!role?.rolsuper && !role?.rolcreaterole) {
    throw new RegistrationError('The role in --url cannot create roles: run setup as a superuser, or a role with CREATEROLE that owns the database.');
  }
}

async function run(command: CommandName, values: Record<string, unknown>, output: CommandOutput, now: () => Date): Promise<void> {
  const { url } = parse(MigrateArgs, values);
  const client = new pg.Client(centralCommandConfig(url, 'central setup'));
  try {
    await client.connect();
    await checkCanCreateRoles(client);
    const ran = await migrateCentral(client, centralMigrations);
    output.err(ran.length > 0 ? `Migrated the central store: ${ran.join(', ')}.` : 'The central store was already up to date.');
    if (command === 'setup') {
      const args = parse(SetupArgs, values);
      const clinic = await registerClinic(client, {
        clinicName: args['clinic-name'], timeZone: args['time-zone'], kioskName: args['kiosk-name'],
        kioskId: args['kiosk-id'], publicKeyPem: args['kiosk-public-key'],
        lead: { displayName: args['lead-name'], badgeNumber: args['lead-badge']!, pin: args['lead-pin']! },
      }, now);
      output.err(`Registered ${args['clinic-name']} (clinic id ${clinic.clinicId}) with ${args['lead-name']} as its clinic lead ` +
        `(badge ${args['lead-badge']}) and the default site rules, to be approved by a clinic lead.`);
      output.err(`Registered kiosk "${clinic.kiosk.kioskName}". Put this in its kiosk.json; the password is not shown again:`);
      output.out(JSON.stringify(kioskConnectionSettings(url, clinic.kiosk), null, 2));
    } else if (command === 'add-kiosk') {
      const args = parse(AddKioskArgs, values);
      const kiosk = await addKiosk(client, args.clinic, {
        kioskName: args['kiosk-name'], kioskId: args['kiosk-id'], publicKeyPem: args['kiosk-public-key'],
      });
      output.err(`Registered kiosk "${kiosk.kioskName}". Put this in its kiosk.json; the password is not shown again:`);
      output.out(JSON.stringify(kioskConnectionSettings(url, kiosk), null, 2));
    } else if (command === 'replace-kiosk') {
      const args = parse(ReplaceKioskArgs, values);
      const replaced = await replaceKiosk(client, {
        clinicId: args.clinic, oldKioskId: args.kiosk, newKioskName: args['kiosk-name'], reason: args.reason,
        lead: { badgeNumber: args['lead-badge']!, pin: args['lead-pin']! },
      }, now);
      for (const sentence of replacementWords(replaced, args.reason)) output.err(sentence);
      output.err(`Put this in the new kiosk's kiosk.json (npm run kiosk:setup -- --central-settings <file>); the password is not shown again:`);
      output.out(JSON.stringify(kioskConnectionSettings(url, replaced.kiosk), null, 2));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function clinicTime(instant: Date, timeZone: string): string {
  return `${DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("d LLLL yyyy 'at' HH:mm:ss")} (${timeZone})`;
}

/** What was done, and where the paper records must take over from central's. */
function replacementWords({ kiosk, closed, approvedBy, timeZone }: ReplacedKiosk, reason: string): string[] {
  const held = closed.lastRecordedAt && closed.lastReceivedAt
    ? `Central holds its events up to number ${closed.heldThroughSeq}, the last recorded at ${clinicTime(closed.lastRecordedAt, timeZone)} ` +
      `and received at ${clinicTime(closed.lastReceivedAt, timeZone)}. Any step it recorded but had not sent is not in central: ` +
      `check the paper records for anything at that kiosk after ${clinicTime(closed.lastRecordedAt, timeZone)}.`
    : 'Central holds none of its events: check the paper records for everything recorded at that kiosk.';
  return [
    `Closed kiosk "${closed.kioskName}" (${closed.kioskId}) and registered "${kiosk.kioskName}" (${kiosk.kioskId}) in its place, ` +
      `approved by ${approvedBy.displayName} (badge ${approvedBy.badgeNumber}): ${reason.replace(/[.]+$/, '')}. The old kiosk can no longer log in, and central ` +
      'refuses anything more from it; its events stay in the clinic\'s record.',
    held,
  ];
}

/** Runs one command; returns the exit code (0 done, 1 failed, 2 wrong arguments). */
export async function runCentralCommand(argv: readonly string[], output: CommandOutput, now: () => Date = () => new Date()): Promise<number> {
  let url = '';
  try {
    const { command, values } = readArgs(argv);
    parse(commandArgs[command], values);
    url = String(values.url);
    await run(command, values, output, now);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`${error.message}\n\n${usage}`);
      return 2;
    }
    output.err(explain(error, url));
    return 1;
  }
}
