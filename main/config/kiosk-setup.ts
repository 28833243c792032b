/**
 * `npm run kiosk:setup`: the one way a kiosk.json is made on purpose (a first start with no
 * kiosk.json only ever makes a demo, and only in an empty folder):
 *
 *   npm run kiosk:setup -- --data-dir <dir> (--demo | --central-settings <file>)
 *     [--breathalyser none | serial:<path>:<profile> | usb:<vendorId>:<productId>:<profile>]
 *     [--breath-timeout-seconds N] [--replace]
 *
 * `--central-settings` takes the file `npm run central -- add-kiosk` (or `setup`) printed, as it
 * printed it. The config is validated by the same schema the kiosk starts with, written whole or
 * not at all (0600), and checked against a ledger already in the folder: the same kiosk id, and a
 * demo config only for a demo ledger. An existing kiosk.json is kept unless `--replace` is given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openLedgerFileForReading } from '../ledger/database.js';
import { keyFileIn, readDatabaseKeyFile } from '../ledger/database-key-file.js';
import { storedKioskKey } from '../ledger/kiosk-identity.js';
import { ledgerPurposeForReading } from '../ledger/ledger-purpose.js';
import { writeFileAtomically } from './atomic-files.js';
import { ensureDataFolderOrExplain, kioskConfigFileIn, ledgerFileName } from './data-folder.js';
import { explainStartFailure } from './disk-problem-words.js';
import { CentralConfig, KioskConfig, KioskConfigError, defaultKioskConfig, parseKioskConfig } from './kiosk-config.js';
import { refuseConfigForAnotherLedger } from './ledger-fit.js';
import { parseStrictJson } from './strict-json.js';

export interface SetupOutput { out(text: string): void; err(text: string): void }

export const setupUsage = `Usage:
  npm run kiosk:setup -- --data-dir <folder> --demo [--breathalyser ...] [--breath-timeout-seconds N] [--replace]
  npm run kiosk:setup -- --data-dir <folder> --central-settings <file> --breathalyser <device> [--breath-timeout-seconds N] [--replace]
--central-settings: the file holding what "npm run central -- add-kiosk" printed (its "central" settings).
--breathalyser: none | serial:<path>:<profile> | usb:<vendorId>:<productId>:<profile>
  (a demo kiosk has the simulated breathalyser unless told otherwise; a clinic's kiosk must say which device it has, or none).
--breath-timeout-seconds: how long a breath test waits for its reading (10 to 600; 60 unless given).
--replace: write over an existing kiosk.json (kept otherwise).`;

class UsageError extends Error {}

/** `--breathalyser` as kiosk.json holds it. */
export function breathalyserFromArgument(text: string): unknown {
  const [kind, ...rest] = text.split(':');
  if (kind === 'none' && rest.length === 0) return { kind: 'none' };
  if (kind === 'serial' && rest.length >= 2) return { kind: 'serial', path: rest.slice(0, -1).join(':'), profile: rest.at(-1) };
  if (kind === 'usb' && rest.length === 3) return { kind: 'usb', vendorId: rest[0], productId: rest[1], profile: rest[2] };
  throw new UsageError(`--breathalyser must be none, serial:<path>:<profile> or usb:<vendorId>:<productId>:<profile>, not "${text}".`);
}

const CentralSettings = z.object({ central: CentralConfig }).strict();

/**
 * The settings as add-kiosk printed them. Redirected from `npm run central`, the file may start
 * with npm's own "> package@version script" lines; those are skipped, nothing else is.
 */
export function readCentralSettings(file: string): CentralConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KioskConfigError(`The central settings file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const withoutNpmBanner = text.replace(/^(?:\s*\n|>[^\n]*\n)*/, '');
  let raw: unknown;
  try {
    raw = parseStrictJson(withoutNpmBanner, file);
  } catch (error) {
    throw new KioskConfigError(`${(error as Error).message} It should hold exactly what "npm run central -- add-kiosk" printed on its standard output.`);
  }
  const parsed = CentralSettings.safeParse(raw);
  if (!parsed.success) {
    throw new KioskConfigError(`The central settings in ${file} are not what "npm run central -- add-kiosk" prints:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.central;
}

interface SetupArgs { dataDir: string; config: KioskConfig; replace: boolean }

function readArgs(argv: readonly string[]): SetupArgs {
  let values;
  try {
    values = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: {
        'data-dir': { type: 'string' }, demo: { type: 'boolean' }, 'central-settings': { type: 'string' },
        breathalyser: { type: 'string' }, 'breath-timeout-seconds': { type: 'string' }, replace: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values['data-dir']) throw new UsageError('Give --data-dir, the kiosk\'s data folder.');
  if (Boolean(values.demo) === Boolean(values['central-settings'])) {
    throw new UsageError('Give either --demo (a demonstration kiosk) or --central-settings <file> (a clinic\'s kiosk), not both or neither.');
  }
  if (!values.demo && values.breathalyser === undefined) {
    throw new UsageError('A clinic\'s kiosk must say which breathalyser it has: --breathalyser serial:..., usb:..., or none.');
  }
  const dataDir = resolve(values['data-dir']);
  const file = kioskConfigFileIn(dataDir);
  const timeout = values['breath-timeout-seconds'];
  const raw = {
    configVersion: 1,
    demoData: Boolean(values.demo),
    breathalyser: values.breathalyser === undefined ? defaultKioskConfig.breathalyser : breathalyserFromArgument(values.breathalyser),
    breathResultTimeoutSeconds: timeout === undefined ? defaultKioskConfig.breathResultTimeoutSeconds : Number(timeout),
    ...(values['central-settings'] ? { central: readCentralSettings(values['central-settings']) } : {}),
  };
  return { dataDir, config: parseKioskConfig(raw, file), replace: Boolean(values.replace) };
}

/**
 * Checks the config against a ledger already in the folder. Returns a note when the ledger could
 * not be read (its key is not in the folder): the kiosk still checks at its next start.
 */
function checkAgainstExistingLedger(dataDir: string, config: KioskConfig): string | null {
  const ledger = join(dataDir, ledgerFileName);
  if (!existsSync(ledger)) return null;
  const keyFile = keyFileIn(dataDir);
  if (!existsSync(keyFile)) {
    return `${ledger} could not be checked against this config: its key is not in the folder (${keyFile}; an Electron kiosk keeps it in the OS keystore). ` +
      'The kiosk checks it when it starts, and refuses a config for another kiosk or of the wrong kind.';
  }
  const db = openLedgerFileForReading(ledger, readDatabaseKeyFile(keyFile));
  try {
    const stored = storedKioskKey(db);
    const registered = config.central?.kioskId;
    if (stored && registered !== undefined && stored.kioskId !== registered) {
      throw new KioskConfigError(`${ledger} belongs to kiosk ${stored.kioskId}, but the central settings register kiosk ${registered}. ` +
        `Register this kiosk with "npm run central -- add-kiosk --kiosk-id ${stored.kioskId} --kiosk-public-key <its key> ..." and use the settings it prints.`);
    }
    const purpose = ledgerPurposeForReading(db);
    if (purpose) refuseConfigForAnotherLedger(config, purpose, dataDir);
    return null;
  } finally {
    db.close();
  }
}

function describe(config: KioskConfig): string {
  const device = config.breathalyser.kind === 'serial' ? `serial breathalyser on ${config.breathalyser.path} (${config.breathalyser.profile})`
    : config.breathalyser.kind === 'usb' ? `USB breathalyser ${config.breathalyser.vendorId}:${config.breathalyser.productId} (${config.breathalyser.profile})`
      : config.breathalyser.kind === 'simulated' ? 'the simulated breathalyser' : 'no breathalyser (readings entered by hand)';
  return config.central
    ? `kiosk "${config.central.kioskName}" (${config.central.kioskId}) of clinic ${config.central.clinicId}, syncing with its central store, with ${device}`
    : `a demo kiosk (demo clinic) with ${device}`;
}

function setUp({ dataDir, config, replace }: SetupArgs, output: SetupOutput): void {
  ensureDataFolderOrExplain(dataDir);
  const file = kioskConfigFileIn(dataDir);
  if (existsSync(file) && !replace) {
    throw new KioskConfigError(`${file} already exists, so it was left as it is. To write over it, run the same command with --replace (keep a copy of the old one first).`);
  }
  const note = checkAgainstExistingLedger(dataDir, config);
  if (note) output.err(note);
  try {
    writeFileAtomically(file, `${JSON.stringify(config, null, 2)}\n`, 0o600);
  } catch (error) {
    throw explainStartFailure(error, dataDir);
  }
  output.out(`Wrote ${file}: ${describe(config)}. Start it with "npm run kiosk:browser -- --data-dir ${dataDir}" or "KIOSK_DATA_DIR=${dataDir} npm start".`);
}

/** Runs the command; returns the exit code (0 written, 1 refused, 2 wrong arguments). */
export function runKioskSetup(argv: readonly string[], output: SetupOutput): number {
  try {
    setUp(readArgs(argv), output);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`${error.message}\n\n${setupUsage}`);
      return 2;
    }
    output.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
