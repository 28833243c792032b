/**
 * A kiosk.json must fit the ledger beside it. Whether a ledger is a demo's or a clinic's is fixed
 * when it is made (main/ledger/ledger-purpose.ts); a kiosk.json saying otherwise is refused, both
 * ways: demo people must never reach a real clinic's record, and a clinic's ledger must never be
 * shown demo data (demo staff sign-ins, demo people on the board).
 */
import { join } from 'node:path';
import type { LedgerPurpose } from '../ledger/ledger-purpose.js';
import { kioskConfigFileIn, ledgerFileName } from './data-folder.js';
import { KioskConfigError, type KioskConfig } from './kiosk-config.js';

export function purposeOfConfig(config: KioskConfig): LedgerPurpose {
  return config.demoData ? 'demo' : 'clinic';
}

export function refuseConfigForAnotherLedger(config: KioskConfig, ledgerPurpose: LedgerPurpose, dataDir: string): void {
  if (purposeOfConfig(config) === ledgerPurpose) return;
  const configFile = kioskConfigFileIn(dataDir);
  const ledger = join(dataDir, ledgerFileName);
  if (ledgerPurpose === 'clinic') {
    throw new KioskConfigError(`${configFile} says "demoData": true, but ${ledger} is a clinic's ledger, made for real records. ` +
      'A clinic\'s ledger is never shown demo data: restore this kiosk\'s own kiosk.json from its backup (it says "demoData": false), ' +
      'or run the demo in an empty folder of its own.');
  }
  throw new KioskConfigError(`${configFile} says "demoData": false, but ${ledger} is a demo ledger (it holds the demo clinic). ` +
    'Demo people must never reach a real clinic\'s record: set up the clinic\'s kiosk in an empty folder with ' +
    '`npm run kiosk:setup -- --data-dir <new folder> --central-settings <file>`, or set "demoData": true to go on with this demo.');
}
