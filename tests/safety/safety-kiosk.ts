/**
 * One run's kiosk: the real composition root (openKioskHost) on a fresh data folder, a clock moved
 * by hand, the demo clinic and a second clinic lead, every member of staff signed in once.
 *
 * The demo clinic costs five argon2id hashes to load and the second lead one more, so each start
 * day's folder is made once and copied for every run that starts that day; sign-in (argon2id
 * verification, as at the real screen) is done per run. The PIN hash is never weakened.
 */
import { cpSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import type { Reply } from '../../shared/contract/index.js';
import { demo } from '../support/host-session.js';
import { openKioskFile, writeKioskConfig } from '../support/kiosk-data.js';
import { ManualClock } from '../support/manual-clock.js';
import { freshDir } from '../support/temp-dir.js';
import type { LedgerRow } from './ledger-dose-check.js';

export const clinicZone = 'Europe/London';

/** A second clinic lead, so an approval can come from a lead who did not make the change. */
export const secondLead = { displayName: 'Jo Burns', role: 'clinicLead' as const, badgeNumber: 'L4002', pin: '3579' };

export const staffKeys = ['nurse', 'nurse2', 'hca', 'prescriber', 'lead', 'lead2'] as const;
export type StaffKey = (typeof staffKeys)[number];

const badges: Record<StaffKey, { badgeNumber: string; pin: string }> = {
  nurse: demo.nurse, nurse2: demo.nurse2, hca: demo.hca, prescriber: demo.prescriber, lead: demo.lead, lead2: secondLead,
};

/**
 * The clinic days a run can start on: two on the Saturday before a UK clock change (last Sundays
 * of October 2026 and of March 2027), one on the Saturday before March 2026's, one an ordinary
 * Monday. A run starts between 07:00 and 20:00 on its day.
 */
export const startDays = ['2026-10-24', '2027-03-27', '2026-03-28', '2026-11-23'] as const;
export type StartDay = (typeof startDays)[number];

export function pinOf(key: StaffKey): string {
  return badges[key].pin;
}

export function isStaffKey(value: unknown): value is StaffKey {
  return typeof value === 'string' && (staffKeys as readonly string[]).includes(value);
}

const templates = new Map<StartDay, Promise<string>>();
const templateDirs: Array<() => void> = [];

function sevenInTheMorning(day: StartDay): DateTime {
  return DateTime.fromISO(`${day}T07:00`, { zone: clinicZone });
}

async function send(host: Host, actorId: string | null, intention: unknown, requestId: string = randomUUID()): Promise<Reply> {
  const answer = await host.receive({ requestId, actorId, intention });
  if (!answer) throw new Error('The host gave no reply');
  return answer.reply;
}

async function signedIn(host: Host, who: { badgeNumber: string; pin: string }): Promise<string> {
  const reply = await send(host, null, { type: 'signIn', ...who });
  if (!reply.ok || reply.staffId === null) throw new Error(`Sign-in of ${who.badgeNumber} refused: ${reply.ok ? 'no staff id' : reply.reason}`);
  return reply.staffId;
}

/** A data folder with the demo clinic set up and the second lead enrolled, at 07:00 on the day. */
/** Scarce stock, so runs meet a preparation the register cannot cover: 6 mL (300 mg) of a 50 mg/mL solution. */
export const scarceSolution = { drug: 'diamorphine', form: 'solution for injection', counting: { unit: 'mL', mgPerMl: 50 }, mL: 6 } as const;

async function stockScarceSolution(host: Host, lead: string): Promise<void> {
  const { mL, ...product } = scarceSolution;
  const added = await send(host, lead, { type: 'addControlledDrugProduct', ...product });
  if (!added.ok) throw new Error(`Adding the scarce solution was refused: ${added.reason}`);
  const nurse = await signedIn(host, demo.nurse);
  const witness = await signedIn(host, demo.nurse2);
  const register = await send(host, nurse, { type: 'showReport', report: 'register', clinicDay: null });
  const productId = register.ok && register.report?.kind === 'register'
    ? register.report.sections.find((section) => section.counting?.unit === 'mL')?.productId : undefined;
  if (!productId) throw new Error('The scarce solution has no register section');
  const received = await send(host, nurse, {
    type: 'recordStockReceipt', productId, units: mL, batch: 'SAFETY-1', expiresOn: '2030-01-01', supplier: 'Safety pharmacy',
    reference: null, witnessId: witness, actorPin: demo.nurse.pin, witnessPin: demo.nurse2.pin,
  });
  if (!received.ok) throw new Error(`The scarce solution's receipt was refused: ${received.reason}`);
  for (const staffId of [nurse, witness]) await send(host, staffId, { type: 'signOut', staffId });
}

async function makeTemplate(day: StartDay): Promise<string> {
  const dir = freshDir('kiosk-safety-template-');
  templateDirs.push(dir.remove);
  writeKioskConfig(dir.path, { breathalyser: { kind: 'none' } });
  const clock = new ManualClock(sevenInTheMorning(day).toJSDate());
  const host = await openKioskHost({ dataDir: dir.path, clock, logger: silentLogger() });
  try {
    const lead = await signedIn(host, demo.lead);
    const reply = await send(host, lead, { type: 'enrolStaff', staffId: null, active: true, ...secondLead });
    if (!reply.ok) throw new Error(`Enrolling the second clinic lead was refused: ${reply.reason}`);
    await stockScarceSolution(host, lead);
  } finally {
    await host.close();
  }
  return dir.path;
}

/** Removes the start-day folders (after the last run). */
export function removeTemplates(): void {
  for (const remove of templateDirs.splice(0)) remove();
  templates.clear();
}

export interface SafetyKiosk {
  host: Host;
  clock: ManualClock;
  dataDir: string;
  staff: Record<StaffKey, string>;
  /** Staff id to display name, for the transcript. */
  names: Map<string, string>;
  /** `requestId`: the id the screen sends it under; a new one unless it is sending a step again. */
  send(actor: StaffKey | null, intention: unknown, requestId?: string): Promise<Reply>;
  ledgerRows(): LedgerRow[];
  eventCount(): number;
  close(): Promise<void>;
}

export interface KioskStart {
  day: StartDay;
  /** Minutes after 07:00 on the day. */
  minutesAfterSeven: number;
  /** What the simulated breathalyser reads; null: no breathalyser at this kiosk. */
  breathResult: string | null;
}

export async function openSafetyKiosk(start: KioskStart): Promise<SafetyKiosk> {
  let template = templates.get(start.day);
  if (!template) {
    template = makeTemplate(start.day);
    templates.set(start.day, template);
  }
  const dir = freshDir('kiosk-safety-');
  cpSync(await template, dir.path, { recursive: true });
  writeKioskConfig(dir.path, {
    breathalyser: start.breathResult === null ? { kind: 'none' } : { kind: 'simulated', resultText: start.breathResult },
  });
  const clock = new ManualClock(sevenInTheMorning(start.day).plus({ minutes: start.minutesAfterSeven }).toJSDate());
  const host = await openKioskHost({ dataDir: dir.path, clock, logger: silentLogger() });
  try {
    const staff = {} as Record<StaffKey, string>;
    for (const key of staffKeys) staff[key] = await signedIn(host, badges[key]);
    const names = new Map<string, string>([
      [staff.nurse, 'Aisha (nurse)'], [staff.nurse2, 'Priya (nurse)'], [staff.hca, 'Tom (HCA)'],
      [staff.prescriber, 'Dr Okafor (prescriber)'], [staff.lead, 'Sam (lead)'], [staff.lead2, 'Jo (lead)'],
    ]);
    // One read-only connection for the run: opening the encrypted file derives its key, which is
    // most of the cost of a read.
    let reader: Database | null = null;
    return {
      host, clock, dataDir: dir.path, staff, names,
      send: (actor, intention, requestId) => send(host, actor === null ? null : staff[actor], intention, requestId),
      ledgerRows: () => eventRows((reader ??= openKioskFile(dir.path))),
      eventCount: () => (reader ??= openKioskFile(dir.path)).prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0,
      close: async () => {
        reader?.close();
        await host.close();
        rmSync(dir.path, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await host.close();
    dir.remove();
    throw error;
  }
}

/** The events table as an auditor with the file and its key reads it: opened read-only, beside the running host. */
export function readLedgerRows(dataDir: string): LedgerRow[] {
  const db = openKioskFile(dataDir);
  try {
    return eventRows(db);
  } finally {
    db.close();
  }
}

function eventRows(db: Database): LedgerRow[] {
  return db.prepare<[], LedgerRow>(
    'SELECT seq, type, visit_id, service_user_id, actor_staff_id, witness_staff_id, occurred_at, payload FROM events ORDER BY kiosk_id, seq',
  ).all();
}
