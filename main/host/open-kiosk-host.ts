/**
 * The composition root: reads the kiosk's config, opens (and migrates) its ledger, loads demo
 * data into an empty one when asked, connects the breathalyser, and returns a running host.
 * Both shells start the host through this one function.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { loadKioskConfig, type KioskConfig } from '../config/kiosk-config.js';
import { demoClinicEvents, demoSetUpDaysBefore, demoSignIns } from '../demo/demo-clinic.js';
import { noBreathalyserConfiguredWords } from '../devices/breathalyser/breath-test-words.js';
import { unavailableBreathalyser, type Breathalyser } from '../devices/breathalyser/breathalyser.js';
import type { DeviceProfile } from '../devices/breathalyser/device-profile.js';
import { startSimulatedBreathalyser } from '../devices/breathalyser/emulator/simulated-breathalyser.js';
import { findProfile } from '../devices/breathalyser/profiles/clinic-profiles.js';
import { openSerialBreathalyser } from '../devices/breathalyser/serial-breathalyser.js';
import { openLedgerDatabase } from '../ledger/database.js';
import { databaseKeyFromDataFolder } from '../ledger/database-key-file.js';
import { kioskIdOf } from '../ledger/kiosk-identity.js';
import { Ledger } from '../ledger/ledger.js';
import { startSync } from '../sync/sync-engine.js';
import { shiftedClock, type Clock } from './clock.js';
import { lockDataFolder } from './data-folder-lock.js';
import { createHost, type Host } from './host.js';
import type { Logger } from './logger.js';

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
}

export const ledgerFileName = 'kiosk.db';

function loadDemoDataIntoEmptyLedger(db: Database, kioskId: string, clock: Clock): void {
  const { count } = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM events').get() ?? { count: 0 };
  if (count > 0) return;
  const setUpAt = new Date(clock.now().getTime() - demoSetUpDaysBefore * 86_400_000);
  new Ledger(db, kioskId, () => setUpAt).appendAll(demoClinicEvents(setUpAt));
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

export async function openKioskHost(options: KioskHostOptions): Promise<Host> {
  const { dataDir, logger } = options;
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataFolder(dataDir);
  let db: Database | null = null;
  try {
    const config = loadKioskConfig(dataDir);
    const clock = config.demoClockShiftMinutes === undefined ? options.clock : shiftedClock(options.clock, config.demoClockShiftMinutes);
    const file = join(dataDir, ledgerFileName);
    const key = options.databaseKey ?? databaseKeyFromDataFolder(dataDir, file);
    db = await openLedgerDatabase(file, () => clock.now(), { key, ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}) });
    const kioskId = kioskIdOf(db, () => clock.now(), config.central?.kioskId);
    if (config.demoData) loadDemoDataIntoEmptyLedger(db, kioskId, clock);
    const breathalyser = await connectBreathalyser(config, dataDir, logger);
    const opened = db;
    const central = config.central;
    return createHost({
      db, kioskId, clock, logger, breathalyser, demoSignIns: config.demoData ? demoSignIns : [], onClose: unlock,
      ...(central ? { startSync: (ledger: Ledger) => startSync({
        db: opened, ledger, config: central, now: () => clock.now(), logger, claimTimeoutMs: central.claimWaitSeconds * 1000,
      }) } : {}),
    });
  } catch (error) {
    db?.close();
    unlock();
    throw error;
  }
}
