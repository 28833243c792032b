/**
 * Figure 1: one visit step appended to the ledger (validated, hashed, chained, signed, projected,
 * and the visit's snapshot persisted, in one IMMEDIATE transaction, WAL, synchronous=FULL),
 * against a raw better-sqlite3 insert of one row holding as many bytes as that step wrote, in its
 * own IMMEDIATE transaction, in the same database file on the same connection with the same
 * pragmas. Samples alternate, step then raw, so both see the same disk at the same moment.
 *
 * The step is `VisitRegistry.advance` with an observation, the path every visit step takes after
 * the host has checked who is acting; it includes the pure machine transition that decides it.
 */
import type { Database } from 'better-sqlite3';
import { silentLogger } from '../../main/host/logger.js';
import { ledgerFileName, openKioskHost } from '../../main/host/open-kiosk-host.js';
import { VisitRegistry } from '../../main/host/visits/visit-registry.js';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { databaseKeyFromDataFolder } from '../../main/ledger/database-key-file.js';
import { kioskIdOf, kioskSigningKey } from '../../main/ledger/kiosk-identity.js';
import { signingKeyFile } from '../../main/ledger/signing-key-keeper.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { BenchClock } from '../support/browser-kiosk.js';
import type { Figure } from '../support/figure.js';
import { doseToObservation, signInStaff } from '../support/screen.js';
import { summarise, type Summary } from '../support/stats.js';
import { copyOfSeed } from '../seed/seed-cache.js';
import { join } from 'node:path';

const openVisits = 20;
const warmUp = 30;
const runs = 3;
const samplesPerRun = 300;

export interface LedgerAppendResult {
  figures: Figure[];
  step: Summary;
  raw: Summary;
  bytesPerStep: Summary;
}

/** A value as better-sqlite3 reads it from a column. */
type StoredValue = string | number | bigint | Buffer | null;

/** Bytes of a stored row as SQLite keeps its values: text as UTF-8, numbers as 8 bytes. */
function rowBytes(row: Record<string, StoredValue>): number {
  return Object.values(row).reduce<number>((sum, value) => {
    if (value === null) return sum;
    if (typeof value === 'number' || typeof value === 'bigint') return sum + 8;
    if (Buffer.isBuffer(value)) return sum + value.length;
    return sum + Buffer.byteLength(value);
  }, 0);
}

function bytesWrittenBy(db: Database, kioskId: string, visitId: string): number {
  const event = db.prepare<[string], Record<string, StoredValue>>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1').get(kioskId);
  const visit = db.prepare<[string], Record<string, StoredValue>>('SELECT * FROM visits WHERE visit_id = ?').get(visitId);
  if (!event || !visit) throw new Error('The step wrote no event or no visit row.');
  return rowBytes(event) + rowBytes(visit);
}

async function visitsUnderObservation(dataDir: string, clock: BenchClock): Promise<void> {
  const host = await openKioskHost({ dataDir, clock, logger: silentLogger() });
  try {
    const ids = await signInStaff(host);
    for (let index = 1; index <= openVisits; index += 1) {
      await doseToObservation(host, ids, `bench-su-${String(index).padStart(2, '0')}`, false);
    }
  } finally {
    await host.close();
  }
}

export async function measureLedgerAppend(seedDir: string): Promise<LedgerAppendResult> {
  const copy = copyOfSeed(seedDir, 'kiosk-bench-ledger-');
  const clock = new BenchClock();
  let db: Database | null = null;
  try {
    await visitsUnderObservation(copy.path, clock);
    const file = join(copy.path, ledgerFileName);
    // Encrypted, with the key the kiosk made: the raw baseline shares the connection, so it is encrypted too.
    const ledgerDb = await openLedgerDatabase(file, clock.now, { key: databaseKeyFromDataFolder(copy.path, file) });
    db = ledgerDb;
    const kioskId = kioskIdOf(db, clock.now);
    const signingKey = kioskSigningKey(db, kioskId, clock.now, signingKeyFile(copy.path));
    const ledger = new Ledger(db, kioskId, clock.now, signingKey);
    const registry = new VisitRegistry(db, ledger, silentLogger());
    registry.load();
    const visits = registry.openVisits().map((snapshot) => snapshot.context.visitId);
    if (visits.length !== openVisits) throw new Error(`Expected ${openVisits} open visits, found ${visits.length}.`);
    db.exec('CREATE TABLE bench_raw_rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insertRaw = db.prepare('INSERT INTO bench_raw_rows (body) VALUES (?)');
    const rawInsert = db.transaction((body: string) => insertRaw.run(body));
    const attribution = { actorStaffId: 'demo-staff-hca', witnessStaffId: null };

    let sample = 0;
    const one = (): { step: number; raw: number; bytes: number } => {
      const visitId = visits[sample % visits.length] as string;
      sample += 1;
      clock.advanceMinutes(0.05);
      const event = { type: 'observationRecorded' as const, at: clock.now().toISOString(), sedation: '1' as const, respiratoryRate: 14, oxygenSaturation: 97 };
      const stepStart = performance.now();
      const result = registry.advance(visitId, event, attribution);
      const step = performance.now() - stepStart;
      if (!result.ok) throw new Error(`The observation was refused: ${result.refusals.map((refused) => refused.reason).join(' ')}`);
      const bytes = bytesWrittenBy(ledgerDb, kioskId, visitId);
      const body = 'x'.repeat(bytes);
      const rawStart = performance.now();
      rawInsert.immediate(body);
      return { step, raw: performance.now() - rawStart, bytes };
    };

    for (let index = 0; index < warmUp; index += 1) one();
    const stepRuns: number[][] = [];
    const rawRuns: number[][] = [];
    const byteRuns: number[][] = [];
    for (let run = 0; run < runs; run += 1) {
      const taken = Array.from({ length: samplesPerRun }, one);
      stepRuns.push(taken.map((s) => s.step));
      rawRuns.push(taken.map((s) => s.raw));
      byteRuns.push(taken.map((s) => s.bytes));
    }
    const step = summarise(stepRuns);
    const raw = summarise(rawRuns);
    return {
      step, raw, bytesPerStep: summarise(byteRuns),
      figures: [
        { figure: 1, name: '1 ledger append, one visit step, median', value: step.median, unit: 'ms',
          baseline: { name: 'raw insert median', value: raw.median }, target: { atMost: 1.5, of: 'ratio' } },
        { figure: 1, name: '1 ledger append, one visit step, p99', value: step.p99, unit: 'ms',
          baseline: { name: 'raw insert p99', value: raw.p99 }, target: { atMost: 1.5, of: 'ratio' } },
      ],
    };
  } finally {
    db?.close();
    copy.remove();
  }
}
