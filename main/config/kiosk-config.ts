/**
 * The kiosk's own configuration file (`kiosk.json` in its data folder), validated with zod.
 * A first start writes the embedded defaults: demo data and the simulated breathalyser, so a
 * fresh machine runs out of the box. A file that fails validation stops the start with a
 * message naming the file and the problem: a kiosk never runs on a half-understood config.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

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
    z.object({ kind: z.literal('none') }),
    // The emulator on a pty, for demos and for rooms waiting for their device.
    z.object({ kind: z.literal('simulated'), resultText: z.string().regex(/^\d+(\.\d+)? (ug\/100ml|mg\/l|ug\/l|g\/210l|%bac)$/) }),
    // `profile` names a built-in profile or one in <dataDir>/breathalyser-profiles/ (docs/breathalyser-capture.md).
    z.object({ kind: z.literal('serial'), path: z.string().min(1), profile: z.string().min(1) }),
    // Found by its USB ids wherever the OS puts it (/dev/ttyUSB0 today, /dev/ttyUSB1 after a replug).
    z.object({ kind: z.literal('usb'), vendorId: usbId, productId: usbId, profile: z.string().min(1) }),
  ]),
  breathResultTimeoutSeconds: z.number().int().min(10).max(600),
  // Demo and training kiosks only: run the clinic's clock this many minutes ahead of (or behind)
  // the real one, so a morning session can be shown in the evening. Constant, so time still runs
  // forward across a restart.
  demoClockShiftMinutes: z.number().int().min(-60 * 24 * 366).max(60 * 24 * 366).optional(),
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

export function loadKioskConfig(dataDir: string): KioskConfig {
  const file = join(dataDir, 'kiosk.json');
  if (!existsSync(file)) {
    writeFileSync(file, `${JSON.stringify(defaultKioskConfig, null, 2)}\n`, { mode: 0o600 });
    return defaultKioskConfig;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new KioskConfigError(`The kiosk configuration ${file} is not valid JSON (${(error as Error).message}). Fix it or remove it to start with the defaults.`);
  }
  const parsed = KioskConfig.safeParse(raw);
  if (!parsed.success) {
    throw new KioskConfigError(`The kiosk configuration ${file} has problems:\n${z.prettifyError(parsed.error)}\nFix them or remove the file to start with the defaults.`);
  }
  return parsed.data;
}
