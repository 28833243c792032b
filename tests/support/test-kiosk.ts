/**
 * An in-process kiosk for integration tests: the real composition root (config, SQLite file,
 * migrations, demo clinic, breathalyser) on a clock the test moves by hand, and the steps a nurse
 * takes, by name, as the screen would send them.
 */
import { demoProducts, demoStaff } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import type { Intention, IntentionOf, Reply, Report, ReportName } from '../../shared/contract/index.js';
import { accepted, ask } from './host-session.js';
import { decryptedLedgerBytes, rawLedgerBytes, readLedger, writeKioskConfig } from './kiosk-data.js';
import { ManualClock } from './manual-clock.js';
import { freshDir } from './temp-dir.js';

/** The demo clinic's service users (main/demo/demo-clinic.ts). */
export const people = {
  /** Flagged for alcohol monitoring; 150 mg IV or IM, reduced range 100–140 mg. */
  jay: 'demo-su-1',
  /** 200 mg IV or IM, reduced range 120–180 mg. */
  mags: 'demo-su-2',
  /** 120 mg IM only, no reduced dose. */
  dee: 'demo-su-3',
  /** 100 mg IV; prescription began when the clinic was set up, not seen since: paused for missed sessions. */
  kez: 'demo-su-4',
} as const;

export interface TestKiosk {
  host: Host;
  clock: ManualClock;
  dataDir: string;
  /** Every event in the ledger file, read as an auditor with the file would. */
  ledger(): ReturnType<typeof readLedger>;
  /** Everything the ledger stores, decrypted with its key, for searching for what must never be stored. */
  fileBytes(): Buffer;
  /** The ledger file's bytes (the WAL included) as they lie on disk, encrypted. */
  rawFileBytes(): Buffer;
  /** Closes the host and starts a new one on the same data folder (nobody is signed in to it). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestKioskOptions {
  /** What the simulated breathalyser reads; null: no breathalyser (faster, for people not flagged). */
  breathResult?: string | null;
  /** Where the clock starts; ManualClock's default is 10:00 on Monday 23 November 2026, London. */
  start?: string;
  /** kiosk.json's `printoutsFolder`; absent: the data folder's own. */
  printoutsFolder?: string;
}

export async function openTestKiosk(options: TestKioskOptions = {}): Promise<TestKiosk> {
  const dir = freshDir();
  const breathResult = options.breathResult ?? null;
  writeKioskConfig(dir.path, {
    breathalyser: breathResult === null ? { kind: 'none' } : { kind: 'simulated', resultText: breathResult },
    ...(options.printoutsFolder === undefined ? {} : { printoutsFolder: options.printoutsFolder }),
  });
  const clock = new ManualClock(options.start);
  let host = await openKioskHost({ dataDir: dir.path, clock, logger: silentLogger() });
  return {
    get host() {
      return host;
    },
    clock,
    dataDir: dir.path,
    ledger: () => readLedger(dir.path),
    fileBytes: () => decryptedLedgerBytes(dir.path),
    rawFileBytes: () => rawLedgerBytes(dir.path),
    restart: async () => {
      await host.close();
      host = await openKioskHost({ dataDir: dir.path, clock, logger: silentLogger() });
    },
    close: async () => {
      await host.close();
      dir.remove();
    },
  };
}

/** The reason a step was refused; fails the test if it was accepted. */
export function refusal(reply: Reply): string {
  if (reply.ok) throw new Error('The step was accepted but should have been refused');
  return reply.reason;
}

/** A report as the acting person sees it. */
export async function report<K extends ReportName>(host: Host, actorId: string, name: K, clinicDay: string | null = null): Promise<Extract<Report, { kind: K }>> {
  const reply = await ask(host, { type: 'showReport', report: name, clinicDay }, actorId);
  if (!reply.ok || reply.report === null) throw new Error(`Report ${name} refused: ${reply.ok ? 'no report' : reply.reason}`);
  if (reply.report.kind !== name) throw new Error(`Asked for ${name}, got ${reply.report.kind}`);
  return reply.report as Extract<Report, { kind: K }>;
}

/** A clean pre-dose check (sedation 1, nothing reported, proceed), with any field changed. */
export function preDoseCheck(visitId: string, change: Partial<IntentionOf<'recordPreDoseCheck'>> = {}): IntentionOf<'recordPreDoseCheck'> {
  return {
    type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [], breathTestRequested: false,
    decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null, ...change,
  };
}

export const safeObservation = (visitId: string): Intention =>
  ({ type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 });

type Act = (intention: Intention) => Promise<Reply>;

/** A demo staff member's PIN, by their staff id (main/demo/demo-clinic.ts). */
export function pinOf(staffId: string): string {
  const member = demoStaff.find((staff) => staff.staffId === staffId);
  if (!member) throw new Error(`No demo staff member with id ${staffId}`);
  return member.pin;
}

/** The PINs both people re-enter to sign a visit's register entry: the preparation, the dose, the waste. */
export function visitStepPins(nurseId: string, witnessId: string): { nursePin: string; witnessPin: string } {
  return { nursePin: pinOf(nurseId), witnessPin: pinOf(witnessId) };
}

/** A receipt of demo 100 mg ampoules (unless another product is said), signed with both demo PINs. */
export function demoReceipt(
  ampoules: number, reference: string, by: { actorId: string; witnessId: string }, productId: string = demoProducts.ampoule100mg.productId,
): IntentionOf<'recordStockReceipt'> {
  return {
    type: 'recordStockReceipt', productId, units: ampoules, batch: 'B-TEST-1', expiresOn: '2028-12-31', supplier: 'Hospital pharmacy',
    reference, witnessId: by.witnessId, actorPin: pinOf(by.actorId), witnessPin: pinOf(by.witnessId),
  };
}

/** A count of demo 100 mg ampoules (unless another product is said), signed with both demo PINs. */
export function demoStockCheck(
  kind: 'start of day' | 'end of day', countedUnits: number, note: string | null, by: { actorId: string; witnessId: string },
  productId: string = demoProducts.ampoule100mg.productId,
): IntentionOf<'recordStockCheck'> {
  return { type: 'recordStockCheck', productId, kind, countedUnits, note, witnessId: by.witnessId, actorPin: pinOf(by.actorId), witnessPin: pinOf(by.witnessId) };
}

export interface DoseOptions {
  witnessId: string;
  /** Who acts as the nurse, for their PIN; the demo nurse, Aisha Khan, unless said. */
  nurseId?: string;
  drawnMg: number;
  administeredMg?: number;
  route?: 'IV' | 'IM';
  site?: string;
  /** The product drawn from; the demo 100 mg ampoule unless said. */
  productId?: string;
}

/**
 * Checks a person not flagged for alcohol in, and gives a dose up to the start of observation:
 * identity, a clean pre-dose check, preparation, administration and any surplus wasted, all
 * witnessed. Returns the visit id.
 */
/** Checks a person not flagged for alcohol in, up to preparation: identity and a clean pre-dose check. Returns the visit id. */
export async function upToPreparation(act: Act, serviceUserId: string): Promise<string> {
  const visitId = accepted(await act({ type: 'startVisit', serviceUserId }));
  if (!visitId) throw new Error('no visit id');
  accepted(await act({ type: 'confirmIdentity', visitId }));
  accepted(await act(preDoseCheck(visitId)));
  return visitId;
}

export async function doseUpToObservation(act: Act, serviceUserId: string, dose: DoseOptions): Promise<string> {
  const visitId = await upToPreparation(act, serviceUserId);
  const administeredMg = dose.administeredMg ?? dose.drawnMg;
  const productId = dose.productId ?? demoProducts.ampoule100mg.productId;
  const signed = { witnessId: dose.witnessId, ...visitStepPins(dose.nurseId ?? 'demo-staff-nurse', dose.witnessId) };
  accepted(await act({ type: 'recordPreparation', productId, visitId, drawnMg: dose.drawnMg, ...signed }));
  accepted(await act({ type: 'recordAdministration', visitId, administeredMg, route: dose.route ?? 'IM', site: dose.site ?? 'left thigh', ...signed }));
  const surplus = Math.round((dose.drawnMg - administeredMg) * 1000) / 1000;
  if (surplus > 0) accepted(await act({ type: 'recordWaste', visitId, wastedMg: surplus, ...signed }));
  return visitId;
}

/** Observes for the site's minimum and discharges: two safe observations 20 minutes apart. */
export async function observeAndDischarge(act: Act, clock: ManualClock, visitId: string): Promise<void> {
  accepted(await act(safeObservation(visitId)));
  clock.advanceMinutes(20);
  accepted(await act(safeObservation(visitId)));
  accepted(await act({ type: 'dischargeVisit', visitId }));
}
