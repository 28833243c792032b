/**
 * One year of a clinic's history, written as real events through the real host: the demo
 * clinic, 36 more service users (40 in all), and two sessions a day for a year in which each
 * person attends, is checked against the rules, dosed with a witness, observed three times and
 * discharged, with the odd dose withheld, surplus wasted, daily stock counts and deliveries.
 * Every event goes through `host.receive` (rules, permissions, hash chain, signatures,
 * projections); the only thing the seed changes is durability: each clinic day is one SQLite
 * transaction (the ledger's own transactions nest as savepoints inside it), so the year writes in
 * a minute or two instead of 250,000 fsyncs. The chain is verified at the end.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addClinicDays } from '../../shared/clinic-time/clinic-day.js';
import { mgOpenedFor } from '../../main/host/register/stock-rules.js';
import { defaultKioskConfig } from '../../main/config/kiosk-config.js';
import { demoClinicEvents, demoProducts, demoSetUpDaysBefore } from '../../main/demo/demo-clinic.js';
import { demoPortrait } from '../../main/demo/demo-portrait.js';
import { unavailableBreathalyser } from '../../main/devices/breathalyser/breathalyser.js';
import { createHost, type Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { databaseKeyFromDataFolder } from '../../main/ledger/database-key-file.js';
import { kioskIdOf, kioskSigningKey } from '../../main/ledger/kiosk-identity.js';
import { signingKeyFile } from '../../main/ledger/signing-key-keeper.js';
import { Ledger, type EventDraft } from '../../main/ledger/ledger.js';
import { verifyChain } from '../../main/ledger/verify-chain.js';
import type { Intention } from '../../shared/contract/index.js';
import { accept, cleanPreDoseCheck, manualClearReading, safeObservation, signInStaff, startedVisit, staff } from '../support/screen.js';
import { seededRandom } from '../support/stats.js';

/** Bump when the history's shape changes, so a stale cached seed is made again. */
// 2: the ledger is encrypted, with its kiosk.key beside it, as every kiosk's now is.
export const seedVersion = 3;
export const seedRandom = 20261123;
/** The clinic day after the year: Monday 23 November 2026, 10:00 UTC (10:00 in London), morning session open. */
export const benchNow = '2026-11-23T10:00:00.000Z';
const firstDay = '2025-11-23';
const lastDay = '2026-11-22';
const extraServiceUsers = 36;
const attendanceChance = 0.93;
const withholdChance = 0.02;
const wasteChance = 0.1;
const restockBelowMg = 15_000;
// The year's doses are all drawn from the demo's 100 mg ampoules.
const benchProduct = demoProducts.ampoule100mg;
const deliveryMg = 100_000;

export interface SeedSummary {
  seedVersion: number;
  seedRandom: number;
  firstDay: string;
  lastDay: string;
  serviceUsers: number;
  visits: number;
  events: number;
  chainIntact: boolean;
  seconds: number;
}

interface Person { id: string; doseMg: number; route: 'IV' | 'IM'; flagged: boolean; missedInARow: number }

const firstNames = ['Ali', 'Bea', 'Cal', 'Dot', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kit', 'Lou', 'Max', 'Nat', 'Oli', 'Pip', 'Ray', 'Sal'];
const surnames = ['Adams', 'Brook', 'Carter', 'Dunn', 'Evans', 'Frost', 'Grant', 'Hale', 'Irwin', 'Jones', 'Kemp', 'Lowe'];

function morePeople(random: () => number, startsOn: string): { drafts: EventDraft[]; people: Person[] } {
  const drafts: EventDraft[] = [];
  const people: Person[] = [];
  for (let index = 0; index < extraServiceUsers; index += 1) {
    const id = `bench-su-${String(index + 1).padStart(2, '0')}`;
    const preferredName = `${firstNames[index % firstNames.length]} ${index + 1}`;
    const legalName = `${preferredName} ${surnames[Math.floor(random() * surnames.length)]}`;
    const doseMg = 80 + 10 * Math.floor(random() * 13);
    drafts.push(
      {
        serviceUserId: id,
        event: {
          type: 'serviceUserEnrolled', serviceUserId: id, preferredName, legalName, dateOfBirth: `19${70 + (index % 25)}-0${1 + (index % 9)}-1${index % 10}`,
          photo: demoPortrait(preferredName.slice(0, 1), (index * 37) % 360), alcoholMonitoring: false, handoverNote: null,
        },
      },
      {
        serviceUserId: id,
        actorStaffId: staff.prescriber.staffId,
        event: {
          type: 'prescriptionIssued', prescriptionId: `${id}-rx-1`, serviceUserId: id, drug: 'diamorphine',
          allowedForms: ['powder for injection'], strengthMgPerMl: 100, dosePerSessionMg: doseMg, sessionsPerDay: 2,
          routes: ['IV', 'IM'], reducedDoseRange: null, startsOn, endsOn: null, prescriberId: staff.prescriber.staffId,
        },
      },
    );
    people.push({ id, doseMg, route: 'IM', flagged: false, missedInARow: 0 });
  }
  return { drafts, people };
}

const demoPeople: Person[] = [
  { id: 'demo-su-1', doseMg: 150, route: 'IM', flagged: true, missedInARow: 0 },
  { id: 'demo-su-2', doseMg: 200, route: 'IM', flagged: false, missedInARow: 0 },
  { id: 'demo-su-3', doseMg: 120, route: 'IM', flagged: false, missedInARow: 0 },
  { id: 'demo-su-4', doseMg: 100, route: 'IV', flagged: false, missedInARow: 0 },
];

class ManualClock {
  constructor(private current: number) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = Date.parse(iso);
  }
}

interface Day {
  host: Host;
  clock: ManualClock;
  random: () => number;
  ids: { nurse: string; hca: string; prescriber: string };
  stock: { balanceMg: number };
  counts: { visits: number };
}

function at(day: string, utc: string, plusMinutes = 0): string {
  return new Date(Date.parse(`${day}T${utc}:00.000Z`) + plusMinutes * 60_000).toISOString();
}

// Mornings from 08:10 UTC, afternoons from 13:00 UTC: inside both London windows in GMT and BST,
// and more than the three-hour minimum interval after the morning's last dose.
async function session(day: Day, clinicDay: string, startUtc: string, people: readonly Person[]): Promise<void> {
  const { host, clock, random, ids } = day;
  const act = (intention: Intention, actor: string) => accept(host, intention, actor);
  const attending = people.filter((person) => {
    // Never three misses in a row: the rules would (rightly) pause the person for re-titration.
    const attends = person.missedInARow >= 2 || random() < attendanceChance;
    person.missedInARow = attends ? 0 : person.missedInARow + 1;
    return attends;
  });
  const dosed: string[] = [];
  for (const [index, person] of attending.entries()) {
    clock.set(at(clinicDay, startUtc, index));
    const visitId = await startedVisit(host, person.id, ids.nurse);
    day.counts.visits += 1;
    await act({ type: 'confirmIdentity', visitId }, ids.hca);
    if (random() < withholdChance) {
      await act({ ...cleanPreDoseCheck(visitId), sedation: '3', decision: 'withhold', reason: 'Drowsy at the pre-dose check.' } as Intention, ids.nurse);
      continue;
    }
    await act(cleanPreDoseCheck(visitId), ids.nurse);
    if (person.flagged) await act(manualClearReading(visitId, ids.hca), ids.nurse);
    const administeredMg = random() < wasteChance ? person.doseMg - 10 : person.doseMg;
    await act({ type: 'recordPreparation', productId: benchProduct.productId, visitId, drawnMg: person.doseMg, witnessId: ids.hca, nursePin: staff.nurse.pin, witnessPin: staff.hca.pin }, ids.nurse);
    await act({ type: 'recordAdministration', visitId, administeredMg, route: person.route, site: person.route === 'IM' ? 'left thigh' : 'left arm', witnessId: ids.hca, nursePin: staff.nurse.pin, witnessPin: staff.hca.pin }, ids.nurse);
    if (administeredMg < person.doseMg) await act({ type: 'recordWaste', visitId, wastedMg: person.doseMg - administeredMg, witnessId: ids.hca, nursePin: staff.nurse.pin, witnessPin: staff.hca.pin }, ids.nurse);
    // Whole ampoules are opened: what is left in them is destroyed at preparation.
    day.stock.balanceMg -= mgOpenedFor(benchProduct.counting, person.doseMg);
    await act(safeObservation(visitId), ids.hca);
    dosed.push(visitId);
  }
  clock.set(at(clinicDay, startUtc, attending.length + 10));
  for (const visitId of dosed) await act(safeObservation(visitId), ids.hca);
  clock.set(at(clinicDay, startUtc, attending.length + 25));
  for (const visitId of dosed) {
    await act(safeObservation(visitId), ids.hca);
    await act({ type: 'dischargeVisit', visitId }, ids.nurse);
  }
}

async function stockCheck(day: Day, clinicDay: string): Promise<void> {
  const { host, clock, ids, stock } = day;
  clock.set(at(clinicDay, '08:05'));
  if (stock.balanceMg < restockBelowMg) {
    await accept(host, {
      type: 'recordStockReceipt', productId: benchProduct.productId, units: deliveryMg / benchProduct.counting.mgPerAmpoule, batch: `B-${clinicDay}`,
      expiresOn: '2028-12-31', supplier: 'Bench pharmacy', reference: `BENCH-${clinicDay}`, witnessId: ids.hca, actorPin: staff.nurse.pin, witnessPin: staff.hca.pin,
    }, ids.nurse);
    stock.balanceMg += deliveryMg;
  }
  await accept(host, {
    type: 'recordStockCheck', productId: benchProduct.productId, kind: 'start of day', countedUnits: stock.balanceMg / benchProduct.counting.mgPerAmpoule,
    note: null, witnessId: ids.hca, actorPin: staff.nurse.pin, witnessPin: staff.hca.pin,
  }, ids.nurse);
}

/** Writes the year into a fresh `dataDir` (kiosk.json and kiosk.db), verifies the chain, and says what it wrote. */
/** `days`: fewer than the year, for a quick look at the seed itself; the bench always uses the whole year. */
export async function generateOneYearHistory(
  dataDir: string, progress: (line: string) => void = () => undefined, days?: number,
): Promise<SeedSummary> {
  const began = performance.now();
  mkdirSync(dataDir, { recursive: true });
  if (readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty: the history is written into an empty folder only.`);
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ ...defaultKioskConfig, demoData: true, breathalyser: { kind: 'none' } }, null, 2));
  const random = seededRandom(seedRandom);
  const setUpAt = new Date(Date.parse(`${firstDay}T07:00:00.000Z`) - demoSetUpDaysBefore * 86_400_000);
  const clock = new ManualClock(setUpAt.getTime());
  const file = join(dataDir, ledgerFileName);
  const db = await openLedgerDatabase(file, clock.now, { key: databaseKeyFromDataFolder(dataDir, file) });
  const kioskId = kioskIdOf(db, clock.now);
  const signingKey = kioskSigningKey(db, kioskId, clock.now, signingKeyFile(dataDir));
  const extra = morePeople(random, firstDay);
  new Ledger(db, kioskId, clock.now, signingKey).appendAll([...demoClinicEvents(setUpAt), ...extra.drafts]);
  const people = [...demoPeople, ...extra.people];

  const host = createHost({ db, kioskId, signingKey, clock, logger: silentLogger(), breathalyser: unavailableBreathalyser('The seed kiosk has no breathalyser.') });
  clock.set(at(firstDay, '07:30'));
  const ids = await signInStaff(host);
  // Kez's prescription began when the demo clinic was set up, and she has not been seen since (the demo's story).
  clock.set(at(firstDay, '08:09'));
  await accept(host, { type: 'clearRetitrationBlock', serviceUserId: 'demo-su-4', note: 'Re-titrated before the bench year starts.' }, ids.prescriber);
  const day: Day = { host, clock, random, ids, stock: { balanceMg: 10_000 }, counts: { visits: 0 } };
  const until = days === undefined ? lastDay : addClinicDays(firstDay, days - 1);
  for (let clinicDay = firstDay; clinicDay <= until; clinicDay = addClinicDays(clinicDay, 1)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      await stockCheck(day, clinicDay);
      await session(day, clinicDay, '08:10', people);
      await session(day, clinicDay, '13:00', people);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    if (clinicDay.endsWith('-01')) progress(`seed: ${clinicDay}, ${day.counts.visits} visits so far`);
  }
  const chain = verifyChain(db, kioskId);
  const events = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM events').get()?.count ?? 0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  await host.close();
  const summary: SeedSummary = {
    seedVersion, seedRandom, firstDay, lastDay: until, serviceUsers: people.length, visits: day.counts.visits, events,
    chainIntact: chain.intact, seconds: Math.round((performance.now() - began) / 100) / 10,
  };
  if (!chain.intact) throw new Error(`The seeded ledger's chain is broken at event ${chain.seq}: ${chain.problem}`);
  writeFileSync(join(dataDir, 'seed.json'), JSON.stringify(summary, null, 2));
  return summary;
}
