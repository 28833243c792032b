/**
 * A kiosk's register read from its data folder without the kiosk running, as an inspector's copy
 * would be read: the ledger opened read-only with the `kiosk.key` beside it (ledger/database.ts
 * openLedgerFileForReading, as ledger:verify opens it), never migrated, never written. Whether the
 * register is central's (the kiosk syncs) or the kiosk's own comes from its `kiosk.json`, as the
 * running host decides it: that sets the lines' order and what counts as not yet synced.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { kioskConfigFileIn, ledgerFileName } from '../config/data-folder.js';
import { KioskConfigError, readKioskConfigFile } from '../config/kiosk-config.js';
import { LedgerKeyError, openLedgerFileForReading } from '../ledger/database.js';
import { DatabaseKeyFileError, keyFileIn, readDatabaseKeyFile } from '../ledger/database-key-file.js';
import { ReferenceData } from '../host/records/reference-data.js';
import { StockRecords } from '../host/records/stock-records.js';
import type { RegisterRecords } from '../host/reports/register.js';

/** Why the register could not be read, in words for the person at the command line. */
export class KioskRegisterError extends Error {}

export interface KioskRegister {
  db: Database;
  records: RegisterRecords;
}

// The projections the register is read from; a ledger without them is from an older kiosk.
const registerTables = ['register_lines', 'register_received', 'visit_facts'];

function databaseKey(dataDir: string): Buffer | null {
  const file = keyFileIn(dataDir);
  if (!existsSync(file)) return null;
  try {
    return readDatabaseKeyFile(file);
  } catch (error) {
    if (error instanceof DatabaseKeyFileError) throw new KioskRegisterError(error.message);
    throw error;
  }
}

function registerIsCentral(dataDir: string): boolean {
  const file = kioskConfigFileIn(dataDir);
  if (!existsSync(file)) return false;
  try {
    return readKioskConfigFile(file).central !== undefined;
  } catch (error) {
    if (error instanceof KioskConfigError) throw new KioskRegisterError(error.message);
    throw error;
  }
}

function openLedger(file: string, key: Buffer | null): Database {
  try {
    return openLedgerFileForReading(file, key);
  } catch (error) {
    if (error instanceof LedgerKeyError) throw new KioskRegisterError(error.message);
    throw new KioskRegisterError(`${file} is not a kiosk ledger: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

function refuseWithoutRegister(db: Database, file: string): void {
  let tables: string[];
  try {
    tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name);
  } catch (error) {
    throw new KioskRegisterError(`${file} cannot be read: ${error instanceof Error ? error.message : String(error)}. Is the kiosk.key beside it this ledger's?`);
  }
  const missing = registerTables.filter((table) => !tables.includes(table));
  if (!tables.includes('events')) throw new KioskRegisterError(`${file} is not a kiosk ledger: it has no events table.`);
  if (missing.length > 0) {
    throw new KioskRegisterError(`${file} was written by an older kiosk (it has no ${missing.join(', ')}): start that kiosk once to bring its ledger up to date, then print again.`);
  }
}

export function openKioskRegisterReadOnly(dataDir: string): KioskRegister {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) throw new KioskRegisterError(`There is no kiosk data folder at ${dataDir}.`);
  const file = join(dataDir, ledgerFileName);
  if (!existsSync(file)) throw new KioskRegisterError(`${dataDir} holds no kiosk ledger (${ledgerFileName}): is it the kiosk's data folder?`);
  const central = registerIsCentral(dataDir);
  const db = openLedger(file, databaseKey(dataDir));
  try {
    refuseWithoutRegister(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, records: { reference: new ReferenceData(db), stock: new StockRecords(db), registerIsCentral: () => central } };
}
