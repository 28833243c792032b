/**
 * `npm run kiosk:rebuild -- --data-dir <folder>`: a kiosk's ledger back from the central store
 * (restore-from-central.ts says what it checks). The folder keeps its kiosk.json and the kiosk's
 * signing key, restored from backup; the kiosk must be stopped.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { explainStartFailure } from '../config/disk-problem-words.js';
import { restoreKioskFromCentral, type RestoredKiosk } from './restore-from-central.js';

export const rebuildUsage = `Usage:
  npm run kiosk:rebuild -- --data-dir <folder>
The folder holds the kiosk's kiosk.json (with its "central" settings) and its kiosk.signing-key,
restored from the kiosk's backup. The kiosk must be stopped. The ledger now in the folder, if any,
is kept beside the new one under a dated name, never deleted.`;

export function restoredWords(restored: RestoredKiosk, dataDir: string): string {
  const last = restored.lastOwnAt === null ? 'central held none of its steps' : `its last step central holds was recorded at ${restored.lastOwnAt}`;
  return [
    `Kiosk "${restored.kioskName}" rebuilt from the central store in ${dataDir}: ${restored.ownEvents} of its own events ` +
      `and ${restored.clinicEvents - restored.ownEvents} of the rest of the clinic; ${restored.openVisits} visit(s) still open carry on.`,
    restored.keptOldLedgerAs === null ? 'There was no ledger in the folder before.' : `The ledger that was here is kept as ${restored.keptOldLedgerAs}.`,
    `Anything recorded on this kiosk after that moment (${last}) never reached central: check the room's paper records and record it again.`,
    'Start the kiosk as usual.',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let dataDir: string;
  try {
    const { values } = parseArgs({ args: [...argv], options: { 'data-dir': { type: 'string' } }, strict: true, allowPositionals: false });
    if (!values['data-dir']) throw new Error('Give --data-dir, the kiosk\'s data folder.');
    dataDir = resolve(values['data-dir']);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${rebuildUsage}`);
    return 2;
  }
  try {
    console.log(restoredWords(await restoreKioskFromCentral(dataDir, () => new Date()), dataDir));
    return 0;
  } catch (error) {
    const explained = explainStartFailure(error, dataDir);
    console.error(`The kiosk was not rebuilt: ${explained instanceof Error ? explained.message : String(explained)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
