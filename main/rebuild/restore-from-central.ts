/**
 * A kiosk whose ledger is lost, broken or behind central, but whose signing key survives (restored
 * from its backup into the data folder), gets its ledger back from the central store and carries
 * on its own chain: `npm run kiosk:rebuild -- --data-dir <folder>`.
 *
 * Central holds every event this kiosk acknowledged; each comes back through the same import path
 * and checks as another room's (each link and hash here, the signatures against the key central
 * registered for it, which must be the key in the folder), in the order central received them, so
 * the clinic's reference data is there before the steps that need it. This kiosk's own open visits
 * are replayed from their events so the room carries on with them.
 *
 * The new ledger is built beside the old one and only put in its place once whole: a rebuild cut
 * short leaves the folder as it was. The old ledger is never deleted: it is kept under a dated name
 * for whoever looks into what happened to it.
 *
 * A kiosk whose key is lost cannot sign as itself again: it gets a new identity with a clinic
 * lead's approval (`npm run central -- replace-kiosk`), and central closes the old chain.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import { VisitEvent, visitStarted } from '../../shared/visit/visit-events.js';
import { visitMachineVersion } from '../../shared/visit/visit-machine.js';
import { isOpen, replayVisit, stateOf, storeVisit } from '../../shared/visit/visit-steps.js';
import { ensureDataFolderOrExplain, kioskConfigFileIn, ledgerFileName } from '../config/data-folder.js';
import { readKioskConfigFile, type CentralConfig } from '../config/kiosk-config.js';
import { lockDataFolder } from '../host/data-folder-lock.js';
import { recordChainCheckpoint } from '../ledger/chain-checkpoint.js';
import { openLedgerDatabase } from '../ledger/database.js';
import { databaseKeyFromDataFolder } from '../ledger/database-key-file.js';
import { privateKeyFromPem } from '../ledger/event-signature.js';
import { kioskIdOf, publicPemOf } from '../ledger/kiosk-identity.js';
import { settleLedgerPurpose } from '../ledger/ledger-purpose.js';
import { signingKeyFile } from '../ledger/signing-key-keeper.js';
import { verifyChain } from '../ledger/verify-chain.js';
import { centralCommandConfig } from '../sync/central-connection.js';
import { CentralEventRow, CentralKioskRow, centralEventColumns } from '../sync/central-rows.js';
import { EventImporter } from '../sync/import-events.js';
import { centralMark } from '../sync/push.js';
import { refreshKiosks } from '../sync/pull.js';
import { SyncStore } from '../sync/sync-store.js';

export class RestoreRefusedError extends Error {}

export interface RestoredKiosk {
  kioskId: string;
  kioskName: string;
  /** This kiosk's own events central held, and so the ledger now holds. */
  ownEvents: number;
  /** When the last of them was recorded (null: central held none of this kiosk's). */
  lastOwnAt: string | null;
  clinicEvents: number;
  openVisits: number;
  /** Where the ledger that was in the folder was kept, if there was one. */
  keptOldLedgerAs: string | null;
}

export interface RestoreOptions { sqliteBinding?: string }

const pageSize = 1_000;
const ledgerFiles = (base: string) => [base, `${base}-wal`, `${base}-shm`];

export async function restoreKioskFromCentral(dataDir: string, now: () => Date, options: RestoreOptions = {}): Promise<RestoredKiosk> {
  ensureDataFolderOrExplain(dataDir);
  const unlock = lockDataFolder(dataDir);
  try {
    const central = centralOf(dataDir);
    const signingPem = signingKeyFile(dataDir).read();
    if (signingPem === null) throw new RestoreRefusedError(lostKeyWords(dataDir, central));
    const client = new pg.Client(centralCommandConfig(central.url, `kiosk ${central.kioskName} rebuild`));
    await client.connect().catch((error: unknown) => { throw unreachable(central, error); });
    try {
      await refuseAnotherKiosksKey(client, central, publicPemOf(signingPem));
      const building = join(dataDir, `${ledgerFileName}.rebuilding`);
      for (const file of ledgerFiles(building)) rmSync(file, { force: true });
      const restored = await buildLedger(client, dataDir, building, central, signingPem, now, options);
      const keptOldLedgerAs = putInPlace(dataDir, building, now);
      return { ...restored, keptOldLedgerAs };
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    unlock();
  }
}

function centralOf(dataDir: string): CentralConfig {
  const file = kioskConfigFileIn(dataDir);
  if (!existsSync(file)) {
    throw new RestoreRefusedError(`${file} is missing: a rebuild needs this kiosk's own settings for the central store. ` +
      'Restore kiosk.json from the kiosk\'s backup, or write it with `npm run kiosk:setup` from the settings "npm run central -- add-kiosk" printed for it.');
  }
  const config = readKioskConfigFile(file);
  if (!config.central) {
    throw new RestoreRefusedError(`${file} has no "central" settings: a kiosk that works alone has no copy of its ledger anywhere else to rebuild from.`);
  }
  return config.central;
}

function lostKeyWords(dataDir: string, central: CentralConfig): string {
  return `The signing key of kiosk "${central.kioskName}" (${central.kioskId}) is not in ${dataDir}: without it no step can be signed as this kiosk again. ` +
    'Restore kiosk.signing-key from the kiosk\'s backup and run the rebuild again; if it is lost, a clinic lead replaces the kiosk with ' +
    '`npm run central -- replace-kiosk` and this machine is set up as the new kiosk in an empty folder.';
}

function unreachable(central: CentralConfig, error: unknown): RestoreRefusedError {
  const url = new URL(central.url);
  url.password = '';
  const code = (error as { code?: unknown }).code;
  // 28000: the role may not log in (a kiosk central closed when it was replaced); 28P01: wrong password.
  if (code === '28000' || code === '28P01') {
    return new RestoreRefusedError(`The central store at ${url.host} refused the login of kiosk "${central.kioskName}": its settings in kiosk.json are not ` +
      'the ones central issued, or the kiosk was replaced (`npm run central -- replace-kiosk`) and closed. Nothing was changed here; ' +
      'a replaced kiosk\'s machine is set up as its successor in an empty folder.');
  }
  return new RestoreRefusedError(`The central store at ${url.host} could not be reached as kiosk "${central.kioskName}" ` +
    `(${error instanceof Error ? error.message : String(error)}). Nothing was changed here: run the rebuild again once the network is back.`);
}

/** The key in the folder must be the one central knows this kiosk by: another kiosk's key would sign as it. */
async function refuseAnotherKiosksKey(client: pg.Client, central: CentralConfig, publicPem: string): Promise<void> {
  const result = await client.query('SELECT kiosk_id, name, origin, public_key_pem FROM central.kiosks WHERE kiosk_id = $1', [central.kioskId]);
  const row = result.rows[0] === undefined ? null : CentralKioskRow.parse(result.rows[0]);
  if (row === null) throw new RestoreRefusedError(`The central store has no kiosk ${central.kioskId}: check "central" in kiosk.json.`);
  if (row.public_key_pem !== null && row.public_key_pem.trim() !== publicPem.trim()) {
    throw new RestoreRefusedError(`The signing key in the data folder is not the one the central store holds for kiosk "${row.name}": ` +
      'it belongs to another kiosk or another installation. Restore this kiosk\'s own kiosk.signing-key from its backup; nothing was changed.');
  }
}

async function buildLedger(
  client: pg.Client, dataDir: string, file: string, central: CentralConfig, signingPem: string, now: () => Date, options: RestoreOptions,
): Promise<Omit<RestoredKiosk, 'keptOldLedgerAs'>> {
  const db = await openLedgerDatabase(file, now, {
    key: databaseKeyFromDataFolder(dataDir, join(dataDir, ledgerFileName)), ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}),
  });
  try {
    settleLedgerPurpose(db, 'clinic', now);
    const kioskId = kioskIdOf(db, now, central.kioskId);
    db.prepare('UPDATE kiosk SET signing_public_key = ?, signed_from_seq = ?')
      .run(publicPemOf(signingPem), await firstSignedSeq(client, kioskId));
    const store = new SyncStore(db, kioskId);
    const mark = await centralMark(client, kioskId);
    await refreshKiosks(client, store);
    const clinicEvents = await importEverything(client, db, store);
    const ownEvents = store.lastOwnSeq();
    if (ownEvents !== mark) {
      throw new RestoreRefusedError(`The central store's mark for this kiosk says ${mark} events, but it gave back ${ownEvents}: ` +
        'nothing was changed here. Ask the central store\'s administrator to run `npm run ledger:verify -- --central`.');
    }
    store.acknowledgePushed(mark);
    const check = verifyChain(db, kioskId);
    if (!check.intact) throw new RestoreRefusedError(`This kiosk's chain as central holds it is broken at event ${check.seq} (${check.problem}): nothing was changed here.`);
    const openVisits = storeOwnVisits(db, kioskId);
    recordChainCheckpoint(db, kioskId, privateKeyFromPem(signingPem), now);
    const lastOwnAt = db.prepare<[string], { occurred_at: string }>('SELECT occurred_at FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1')
      .get(kioskId)?.occurred_at ?? null;
    return { kioskId, kioskName: central.kioskName, ownEvents, lastOwnAt, clinicEvents, openVisits };
  } finally {
    db.close();
  }
}

/** The first of this kiosk's events central holds signed: events before it were written before kiosks signed. */
async function firstSignedSeq(client: pg.Client, kioskId: string): Promise<number> {
  const result = await client.query<{ first: string | null; last: string | null }>(
    'SELECT min(seq) FILTER (WHERE signature IS NOT NULL) AS first, max(seq) AS last FROM central.events WHERE kiosk_id = $1', [kioskId]);
  const { first, last } = result.rows[0] ?? { first: null, last: null };
  return first !== null ? Number(first) : Number(last ?? 0) + 1;
}

/** Every event of the clinic, this kiosk's own included, in the order central received them; returns how many. */
async function importEverything(client: pg.Client, db: Database, store: SyncStore): Promise<number> {
  const importer = new EventImporter(db, store, true);
  let imported = 0;
  for (;;) {
    const cursor = store.state().pulledThroughCentralSeq;
    const result = await client.query(`SELECT ${centralEventColumns} FROM central.events WHERE central_seq > $1 ORDER BY central_seq LIMIT $2`,
      [cursor, pageSize]);
    if (result.rows.length === 0) return imported;
    const rows = result.rows.map((row) => {
      const parsed = CentralEventRow.safeParse(row);
      if (!parsed.success) throw new RestoreRefusedError(`A row from the central store is not a ledger event (after ${cursor}): nothing was changed here.`);
      return parsed.data;
    });
    imported += importer.apply(rows);
  }
}

/** This kiosk's visits, replayed from their events into the rows the room is shown from; returns how many are open. */
function storeOwnVisits(db: Database, kioskId: string): number {
  const starts = db.prepare<[string], { visit_id: string }>(
    "SELECT visit_id FROM events WHERE kiosk_id = ? AND type = 'visitStarted' ORDER BY seq").all(kioskId);
  const eventsOf = db.prepare<[string], { payload: string; seq: number; occurred_at: string }>(
    'SELECT payload, seq, occurred_at FROM events WHERE visit_id = ? ORDER BY kiosk_id, seq');
  const insert = db.prepare(`INSERT INTO visits (visit_id, service_user_id, state, is_open, machine_version, snapshot, last_seq, started_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let open = 0;
  db.transaction(() => {
    for (const { visit_id: visitId } of starts) {
      const events = eventsOf.all(visitId);
      const [first, ...rest] = events.map((event) => JSON.parse(event.payload) as unknown);
      const snapshot = replayVisit(visitStarted.parse(first), rest.map((payload) => VisitEvent.parse(payload)));
      const last = events.at(-1)!;
      insert.run(visitId, snapshot.context.serviceUserId, stateOf(snapshot), isOpen(snapshot) ? 1 : 0, visitMachineVersion,
        JSON.stringify(storeVisit(snapshot)), last.seq, events[0]!.occurred_at, last.occurred_at);
      if (isOpen(snapshot)) open += 1;
    }
  })();
  return open;
}

/** The old ledger kept under a dated name, the new one put in its place; returns where the old one went. */
function putInPlace(dataDir: string, building: string, now: () => Date): string | null {
  const ledger = join(dataDir, ledgerFileName);
  const keptAs = `${ledger}.before-rebuild-${now().toISOString().replace(/[:.]/g, '-')}`;
  const hadOne = existsSync(ledger);
  if (hadOne) ledgerFiles(ledger).forEach((file, index) => { if (existsSync(file)) renameSync(file, ledgerFiles(keptAs)[index]!); });
  for (const [index, file] of ledgerFiles(building).entries()) if (existsSync(file)) renameSync(file, ledgerFiles(ledger)[index]!);
  return hadOne ? keptAs : null;
}
