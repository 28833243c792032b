/**
 * The composition root: reads the kiosk's config, opens (and migrates) its ledger, checks the
 * config fits it (a demo config never on a clinic's ledger, nor the other way round), loads demo
 * data into an empty demo ledger, connects the breathalyser, and returns a running host. Both
 * shells start the host through this one function.
 *
 * A start that fails on the data folder's disk (full, read-only, not permitted, missing parent)
 * is refused in words naming the folder and what to do (main/config/disk-problem-words.ts).
 */
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ensureDataFolder, ledgerFileName } from '../config/data-folder.js';
import { explainStartFailure } from '../config/disk-problem-words.js';
import { loadKioskConfig, type KioskConfig } from '../config/kiosk-config.js';
import { purposeOfConfig, refuseConfigForAnotherLedger } from '../config/ledger-fit.js';
import { demoClinicEvents, demoSetUpDaysBefore, demoSignIns } from '../demo/demo-clinic.js';
import { demoClockWords, demoDefaultsAt } from '../demo/demo-clock.js';
import { noBreathalyserConfiguredWords } from '../devices/breathalyser/breath-test-words.js';
import { unavailableBreathalyser, type Breathalyser } from '../devices/breathalyser/breathalyser.js';
import type { DeviceProfile } from '../devices/breathalyser/device-profile.js';
import { startSimulatedBreathalyser } from '../devices/breathalyser/emulator/simulated-breathalyser.js';
import { findProfile } from '../devices/breathalyser/profiles/clinic-profiles.js';
import { openSerialBreathalyser } from '../devices/breathalyser/serial-breathalyser.js';
import { openLedgerDatabase } from '../ledger/database.js';
import { printoutsFolderName } from '../register-print/register-printouts.js';
import { databaseKeyFromDataFolder } from '../ledger/database-key-file.js';
import { checkOwnChainAtStart } from '../ledger/chain-checkpoint.js';
import { kioskIdOf, kioskSigningKey } from '../ledger/kiosk-identity.js';
import { Ledger } from '../ledger/ledger.js';
import { settleLedgerPurpose } from '../ledger/ledger-purpose.js';
import { signingKeyFile, type SigningKeyKeeper } from '../ledger/signing-key-keeper.js';
import { startSync } from '../sync/sync-engine.js';
import { shiftedClock, type Clock } from './clock.js';
import { lockDataFolder } from './data-folder-lock.js';
import { createHost, type Host } from './host.js';
import type { LogHealth, Logger } from './logger.js';

export interface KioskHostOptions {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** better-sqlite3 built for Electron, when the host runs in Electron's utility process. */
  sqliteBinding?: string;
  /**
   * The key the ledger file is encrypted with, from the OS keystore (the Electron shell). Without
   * it the data folder's own key file is used, `kiosk.key`, readable by the kiosk's user only and
   * created on the first start (the browser shell; main/ledger/database-key-file.ts).
   */
  databaseKey?: Buffer;
  /** Where the kiosk's signing key is kept (the Electron shell's keystore); without it, `kiosk.signing-key` in the data folder. */
  signingKeyKeeper?: SigningKeyKeeper;
  /** Whether the kiosk's log is being written (logger.ts logHealthOf), for the screen. */
  logHealth?: () => LogHealth | null;
}

export { ledgerFileName };

function loadDemoDataIntoEmptyLedger(db: Database, kioskId: string, signingKey: KeyObject, clock: Clock): void {
  const { count } = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM events').get() ?? { count: 0 };
  if (count > 0) return;
  const setUpAt = new Date(clock.now().getTime() - demoSetUpDaysBefore * 86_400_000);
  new Ledger(db, kioskId, () => setUpAt, signingKey).appendAll(demoClinicEvents(setUpAt));
}

async function connectBreathalyser(config: KioskConfig, dataDir: string, logger: Logger): Promise<Breathalyser> {
  const resultTimeoutMs = config.breathResultTimeoutSeconds * 1000;
  const device = config.breathalyser;
  switch (device.kind) {
    case 'none':
      return unavailableBreathalyser(noBreathalyserConfiguredWords);
    case 'simulated':
      return startSimulatedBreathalyser({ resultText: device.resultText, resultTimeoutMs, logger });
    case 'serial':
    case 'usb': {
      let profile: DeviceProfile;
      try {
        profile = findProfile(dataDir, device.profile);
      } catch (error) {
        // The kiosk still runs, so staff can enter readings by hand; the words name the file and the problem.
        const words = error instanceof Error ? error.message : String(error);
        logger.error({ err: words }, 'Breathalyser profile could not be loaded');
        return unavailableBreathalyser(words);
      }
      const where = device.kind === 'serial' ? { path: device.path } : { usb: { vendorId: device.vendorId, productId: device.productId } };
      return openSerialBreathalyser({ ...where, profile, simulated: false, resultTimeoutMs, logger });
    }
  }
}

interface OpenedDataFolder { config: KioskConfig; clock: Clock; db: Database; kioskId: string; signingKey: KeyObject; unlock: () => void }

/** Said to the person starting the kiosk (stdout) and kept in the log. */
function announce(words: string, logger: Logger): void {
  logger.info(words);
  console.log(words);
}

/** The folder locked, its config read and its ledger open, fitting each other; or a refusal in words. */
async function openDataFolder(options: KioskHostOptions): Promise<OpenedDataFolder> {
  const { dataDir, logger } = options;
  let unlock: () => void = () => undefined;
  let db: Database | null = null;
  try {
    ensureDataFolder(dataDir);
    unlock = lockDataFolder(dataDir);
    const config = loadKioskConfig(dataDir, (words) => announce(words, logger), (defaults) => {
      const shifted = demoDefaultsAt(options.clock.now())(defaults);
      if (shifted.demoClockShiftMinutes !== undefined) announce(demoClockWords(shifted.demoClockShiftMinutes), logger);
      return shifted;
    });
    const clock = config.demoClockShiftMinutes === undefined ? options.clock : shiftedClock(options.clock, config.demoClockShiftMinutes);
    const file = join(dataDir, ledgerFileName);
    const key = options.databaseKey ?? databaseKeyFromDataFolder(dataDir, file);
    db = await openLedgerDatabase(file, () => clock.now(), { key, ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}) });
    refuseConfigForAnotherLedger(config, settleLedgerPurpose(db, purposeOfConfig(config), () => clock.now()), dataDir);
    const kioskId = kioskIdOf(db, () => clock.now(), config.central?.kioskId);
    const signingKey = kioskSigningKey(db, kioskId, () => clock.now(), options.signingKeyKeeper ?? signingKeyFile(dataDir));
    // Before anything is recorded on it: a kiosk never carries on from an edited or cut-off chain.
    checkOwnChainAtStart(db, kioskId, signingKey, () => clock.now());
    if (config.demoData) loadDemoDataIntoEmptyLedger(db, kioskId, signingKey, clock);
    return { config, clock, db, kioskId, signingKey, unlock };
  } catch (error) {
    db?.close();
    unlock();
    throw explainStartFailure(error, dataDir);
  }
}

export async function openKioskHost(options: KioskHostOptions): Promise<Host> {
  const { dataDir, logger } = options;
  const { config, clock, db, kioskId, signingKey, unlock } = await openDataFolder(options);
  try {
    const breathalyser = await connectBreathalyser(config, dataDir, logger);
    const central = config.central;
    return createHost({
      db, kioskId, signingKey, clock, logger, breathalyser, ...(options.logHealth ? { logHealth: options.logHealth } : {}), demoSignIns: config.demoData ? demoSignIns : [], onClose: unlock,
      demoClock: config.demoClockShiftMinutes !== undefined,
      printoutsFolder: config.printoutsFolder ?? join(dataDir, printoutsFolderName),
      ...(central ? { startSync: (ledger: Ledger) => startSync({
        db, ledger, config: central, now: () => clock.now(), logger, claimTimeoutMs: central.claimWaitSeconds * 1000,
      }) } : {}),
    });
  } catch (error) {
    db.close();
    unlock();
    throw error;
  }
}
