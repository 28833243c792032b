/**
 * The kiosk's own configuration file (`kiosk.json` in its data folder), validated with zod and
 * read as strict JSON (no duplicate keys, no unknown keys at any depth). A file that fails stops
 * the start with a message naming the file and the problem: a kiosk never runs on a
 * half-understood config.
 *
 * Only an empty data folder with no kiosk.json becomes a demo kiosk (the embedded defaults: demo
 * data and the simulated breathalyser), so a fresh machine runs out of the box. Next to a ledger,
 * a missing kiosk.json stops the start: the defaults would turn a clinic's kiosk into a demo one
 * (demo people beside real records, no central store) without a word. A real kiosk is set up with
 * `npm run kiosk:setup` (kiosk-setup.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-files.js';
import { folderHoldsLedger, kioskConfigFileIn } from './data-folder.js';
import { parseStrictJson } from './strict-json.js';

// Windows reports USB ids upper-case and Linux lower-case: stored lower-case so matching is a plain compare.
const usbId = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, 'A USB vendor or product id is four hexadecimal digits, e.g. "1a86".')
  .transform((id) => id.toLowerCase());

export const CentralConfig = z.object({
  url: z.string().refine((url) => /^postgres(ql)?:\/\//.test(url), 'The central URL is a postgres:// (or postgresql://) URL.'),
  clinicId: z.string().min(1),
  kioskId: z.uuid(),
  kioskName: z.string().min(1).max(80),
  // Pull at least this often when no notification arrives (LISTEN/NOTIFY wakes it sooner).
  pollSeconds: z.number().int().min(1).max(600).default(15),
  // How long a nurse waits for central to accept a dose before it goes ahead as claimed offline.
  claimWaitSeconds: z.number().min(0.5).max(15).default(3),
}).strict();
export type CentralConfig = z.infer<typeof CentralConfig>;

export const KioskConfig = z.object({
  configVersion: z.literal(1),
  demoData: z.boolean(),
  breathalyser: z.discriminatedUnion('kind', [
    // Each variant is strict too: a misspelt "profle" must not leave the device on a default.
    z.object({ kind: z.literal('none') }).strict(),
    // The emulator on a pty, for demos and for rooms waiting for their device.
    z.object({ kind: z.literal('simulated'), resultText: z.string().regex(/^\d+(\.\d+)? (ug\/100ml|mg\/l|ug\/l|g\/210l|%bac)$/) }).strict(),
    // `profile` names a built-in profile or one in <dataDir>/breathalyser-profiles/ (docs/breathalyser-capture.md).
    z.object({ kind: z.literal('serial'), path: z.string().min(1), profile: z.string().min(1) }).strict(),
    // Found by its USB ids wherever the OS puts it (/dev/ttyUSB0 today, /dev/ttyUSB1 after a replug).
    z.object({ kind: z.literal('usb'), vendorId: usbId, productId: usbId, profile: z.string().min(1) }).strict(),
  ]),
  breathResultTimeoutSeconds: z.number().int().min(10).max(600),
  // Demo and training kiosks only: run the clinic's clock this many minutes ahead of (or behind)
  // the real one, so a morning session can be shown in the evening. Constant, so time still runs
  // forward across a restart.
  demoClockShiftMinutes: z.number().int().min(-60 * 24 * 366).max(60 * 24 * 366).optional(),
  // Where "Save the register as a PDF" writes, for the clinic's print queue or a shared folder the
  // kiosk's user can write; an absolute path, so it never depends on where the kiosk was started.
  // Absent: the data folder's `printouts`.
  printoutsFolder: z.string().min(1).refine(isAbsolute, 'Give the printouts folder as an absolute path, for example /srv/kiosk/printouts.').optional(),
  // The clinic's central store, as `npm run central -- setup` or `add-kiosk` printed it. Absent:
  // the kiosk works alone (and says so on screen).
  central: CentralConfig.optional(),
}).strict().refine((config) => config.breathalyser.kind !== 'simulated' || config.demoData, {
  // A simulated reading is not a measurement: a kiosk that doses real people must never use one.
  message: 'The simulated breathalyser is for demonstrations only: set "demoData": true, or configure the real device ("kind": "serial" or "usb") or none.',
  path: ['breathalyser'],
}).refine((config) => config.central === undefined || !config.demoData, {
  // Demo people and doses must never reach a real clinic's record.
  message: 'A kiosk that syncs with a clinic\'s central store cannot hold demo data: set "demoData": false, or remove "central".',
  path: ['central'],
}).refine((config) => config.demoClockShiftMinutes === undefined || config.demoData, {
  message: 'A shifted clock is for demonstrations only: a kiosk that doses real people runs on the real time. Set "demoData": true or remove "demoClockShiftMinutes".',
  path: ['demoClockShiftMinutes'],
});
export type KioskConfig = z.infer<typeof KioskConfig>;

export const defaultKioskConfig: KioskConfig = {
  configVersion: 1,
  demoData: true,
  breathalyser: { kind: 'simulated', resultText: '0 ug/100ml' },
  breathResultTimeoutSeconds: 60,
};

export class KioskConfigError extends Error {}

const setupCommand = 'npm run kiosk:setup -- --data-dir <folder> (--demo | --central-settings <file printed by "npm run central -- add-kiosk">)';

export function firstStartWords(dataDir: string): string {
  return `First start: ${dataDir} is set up as a demo kiosk (demo clinic, simulated breathalyser; ${kioskConfigFileIn(dataDir)}). ` +
    `A kiosk for a clinic is set up with ${setupCommand} in an empty folder.`;
}

export function missingConfigWords(dataDir: string): string {
  return `${kioskConfigFileIn(dataDir)} is missing, but ${dataDir} holds this kiosk's ledger. ` +
    'A kiosk never starts on demo defaults next to real records: restore kiosk.json from the kiosk\'s backup, ' +
    `or write it with \`${setupCommand.replace('<folder>', dataDir)}\`.`;
}

/** Validates a config already read as JSON; `file` names it in the refusal. */
export function parseKioskConfig(raw: unknown, file: string): KioskConfig {
  const parsed = KioskConfig.safeParse(raw);
  if (!parsed.success) {
    throw new KioskConfigError(`The kiosk configuration ${file} has problems:\n${z.prettifyError(parsed.error)}\nFix them, then start the kiosk again.`);
  }
  return parsed.data;
}

/** Reads and validates a kiosk.json; every refusal names the file. */
export function readKioskConfigFile(file: string): KioskConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new KioskConfigError(`The kiosk configuration ${file} could not be read (${code}): the kiosk's user must be able to read it ` +
      '(it is private to that user, mode 0600). Fix its owner, or restore it from the kiosk\'s backup, then start the kiosk again.');
  }
  let raw: unknown;
  try {
    raw = parseStrictJson(text, file);
  } catch (error) {
    throw new KioskConfigError(`The kiosk configuration ${(error as Error).message} Fix it (or restore it from the kiosk's backup), then start the kiosk again.`);
  }
  return parseKioskConfig(raw, file);
}

/**
 * The kiosk's config. An empty folder with none gets the demo defaults (as `firstStart` adjusts
 * them), written whole or not at all, and `announce` is told; a folder holding a ledger without one is refused.
 */
export function loadKioskConfig(
  dataDir: string, announce: (words: string) => void = () => undefined, firstStart: (defaults: KioskConfig) => KioskConfig = (defaults) => defaults,
): KioskConfig {
  const file = kioskConfigFileIn(dataDir);
  if (statSync(file, { throwIfNoEntry: false }) !== undefined) return readKioskConfigFile(file);
  if (folderHoldsLedger(dataDir)) throw new KioskConfigError(missingConfigWords(dataDir));
  const config = parseKioskConfig(firstStart(defaultKioskConfig), file);
  writeFileAtomically(file, `${JSON.stringify(config, null, 2)}\n`, 0o600);
  announce(firstStartWords(dataDir));
  return config;
}
