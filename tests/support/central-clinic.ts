/**
 * A clinic on a real central PostgreSQL, set up exactly as a clinic would be (`npm run central --
 * setup` and `add-kiosk`), and kiosks on it: each an in-process host on its own SQLite file and
 * manual clock, connecting with its own database role (optionally through a TCP proxy).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCentralCommand } from '../../main/central/central-commands.js';
import { defaultKioskConfig, type CentralConfig } from '../../main/config/kiosk-config.js';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import type { Intention, Reply, RoomView } from '../../shared/contract/index.js';
import { ask, roomWhere } from './host-session.js';
import { readLedger, readOwnEventRows } from './kiosk-data.js';
import { ManualClock } from './manual-clock.js';
import { startTestPostgres, withClient, type TestPostgres } from './postgres.js';
import { TcpProxy } from './tcp-proxy.js';
import { freshDir } from './temp-dir.js';
import { preDoseCheck } from './test-kiosk.js';

export const clinicLead = { badgeNumber: 'L4001', pin: '1593' };

export const clinicStaff = {
  nurse: { displayName: 'Aisha Khan', role: 'nurse', badgeNumber: 'N1001', pin: '2468' },
  nurse2: { displayName: 'Priya Nair', role: 'nurse', badgeNumber: 'N1002', pin: '1357' },
  hca: { displayName: 'Tom Reid', role: 'hca', badgeNumber: 'H2001', pin: '8642' },
  prescriber: { displayName: 'Dr Okafor', role: 'prescriber', badgeNumber: 'P3001', pin: '9753' },
} as const;

export interface CentralClinic {
  /** A superuser's URL to the clinic's central database. */
  adminUrl: string;
  clinicId: string;
  /** Each registered kiosk's `central` settings for kiosk.json, in the order named. */
  kiosks: CentralConfig[];
}

async function central(...argv: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCentralCommand(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  if (code !== 0) throw new Error(`central ${argv[0]} failed: ${err.join('\n')}`);
  return out.join('\n');
}

function settingsFrom(printed: string): CentralConfig {
  const json = printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1);
  const { central: settings } = JSON.parse(json) as { central: Omit<CentralConfig, 'pollSeconds' | 'claimWaitSeconds'> };
  return { ...settings, pollSeconds: 1, claimWaitSeconds: 2 };
}

export async function setUpCentralClinic(server: TestPostgres, kioskNames = ['Injection room 1', 'Injection room 2']): Promise<CentralClinic> {
  const adminUrl = await server.newDatabase();
  const [first, ...others] = kioskNames;
  const setup = settingsFrom(await central('setup', '--url', adminUrl, '--clinic-name', 'Riverside HAT Clinic', '--time-zone', 'Europe/London',
    '--lead-name', 'Sam Lee', '--lead-badge', clinicLead.badgeNumber, '--lead-pin', clinicLead.pin, '--kiosk-name', first ?? 'Injection room 1'));
  const kiosks = [setup];
  for (const name of others) {
    kiosks.push(settingsFrom(await central('add-kiosk', '--url', adminUrl, '--clinic', setup.clinicId, '--kiosk-name', name)));
  }
  return { adminUrl, clinicId: setup.clinicId, kiosks };
}

/** The same settings, reaching central through another port (a test's TCP proxy). */
export function throughPort(settings: CentralConfig, port: number): CentralConfig {
  const url = new URL(settings.url);
  url.port = String(port);
  return { ...settings, url: url.toString() };
}

export interface CentralKiosk {
  host: Host;
  clock: ManualClock;
  dataDir: string;
  settings: CentralConfig;
  ask(intention: Intention, actorId: string | null): Promise<Reply>;
  /** Resolves with the first room view that satisfies the predicate. */
  until(predicate: (room: RoomView) => boolean, timeoutMs?: number): Promise<RoomView>;
  /** Waits until central holds every event of this kiosk and the last cycle succeeded. */
  synced(timeoutMs?: number): Promise<RoomView>;
  close(): Promise<void>;
}

export function writeCentralKioskConfig(dataDir: string, settings: CentralConfig): void {
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({
    ...defaultKioskConfig, demoData: false, breathalyser: { kind: 'none' }, central: settings,
  }, null, 2));
}

export async function openCentralKiosk(settings: CentralConfig, options: { clock?: ManualClock; dataDir?: string } = {}): Promise<CentralKiosk> {
  const dataDir = options.dataDir ?? freshDir('central-kiosk-').path;
  writeCentralKioskConfig(dataDir, settings);
  const clock = options.clock ?? new ManualClock();
  const host = await openKioskHost({ dataDir, clock, logger: silentLogger() });
  const until = (predicate: (room: RoomView) => boolean, timeoutMs = 20_000) => roomWhere(host, predicate, timeoutMs);
  return {
    host, clock, dataDir, settings,
    ask: (intention, actorId) => ask(host, intention, actorId),
    until,
    synced: (timeoutMs) => until((room) => room.sync.mode === 'central' && room.sync.online && room.sync.eventsWaiting === 0, timeoutMs),
    close: () => host.close(),
  };
}

export function accept(reply: Reply): Reply & { ok: true } {
  if (!reply.ok) throw new Error(`Refused: ${reply.reason}`);
  return reply;
}

// Staff ids are made at enrolment: `administration` finds the witness's PIN by the id signing in returned.
const pinsOfSignedIn = new Map<string, string>();

export async function signIn(kiosk: CentralKiosk, who: { badgeNumber: string; pin: string }): Promise<string> {
  const reply = accept(await kiosk.ask({ type: 'signIn', badgeNumber: who.badgeNumber, pin: who.pin }, null));
  if (reply.staffId) pinsOfSignedIn.set(reply.staffId, who.pin);
  if (reply.staffId === null) throw new Error('Signed in, but no staff id came back');
  return reply.staffId;
}

const photo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * What a clinic lead and a prescriber do at the first kiosk before the first morning: approve the
 * site rules, enrol the staff and the service users, prescribe, and take the first stock in.
 * Returns the service users' ids, in the order named.
 */
export async function prepareClinic(kiosk: CentralKiosk, preferredNames: readonly string[] = ['Mags']): Promise<string[]> {
  const { rulesVersion } = await kiosk.until((room) => room.rulesVersion !== null);
  const lead = await signIn(kiosk, clinicLead);
  accept(await kiosk.ask({ type: 'approveSiteRules', version: rulesVersion ?? 1 }, lead));
  for (const member of Object.values(clinicStaff)) {
    accept(await kiosk.ask({ type: 'enrolStaff', staffId: null, active: true, ...member }, lead));
  }
  const prescriber = await signIn(kiosk, clinicStaff.prescriber);
  const ids: string[] = [];
  for (const preferredName of preferredNames) {
    accept(await kiosk.ask({
      type: 'enrolServiceUser', serviceUserId: null, preferredName, legalName: `${preferredName} Doyle`, dateOfBirth: '1979-03-14',
      photo, alcoholMonitoring: false, handoverNote: null,
    }, lead));
    const serviceUserId = enrolledId(kiosk.dataDir, preferredName);
    accept(await kiosk.ask({
      type: 'issuePrescription', serviceUserId, drug: 'diamorphine', allowedForms: ['powder for injection'], strengthMgPerMl: 100,
      dosePerSessionMg: 200, sessionsPerDay: 2, routes: ['IV', 'IM'], reducedDoseRange: null, startsOn: '2026-11-20', endsOn: null,
    }, prescriber));
    ids.push(serviceUserId);
  }
  accept(await kiosk.ask({ type: 'addControlledDrugProduct', ...clinicProduct }, lead));
  const nurse = await signIn(kiosk, clinicStaff.nurse);
  const nurse2 = await signIn(kiosk, clinicStaff.nurse2);
  accept(await kiosk.ask(stockReceipt(kiosk.dataDir, 1000, 'RX-1', nurse2), nurse));
  for (const staffId of [lead, prescriber, nurse, nurse2]) accept(await kiosk.ask({ type: 'signOut', staffId }, staffId));
  return ids;
}

/** The clinic's one product: diamorphine powder in 100 mg ampoules. */
export const clinicProduct = { drug: 'diamorphine', form: 'powder for injection', counting: { unit: 'ampoule', mgPerAmpoule: 100 } } as const;

// Read once per kiosk: opening the encrypted ledger file derives its key, most of a read's cost.
const productIdsByDataDir = new Map<string, string>();

/** The id the clinic lead's kiosk gave the product, as every kiosk learns it through sync. */
export function clinicProductId(dataDir: string): string {
  const known = productIdsByDataDir.get(dataDir);
  if (known !== undefined) return known;
  const row = readLedger(dataDir).map((event) => JSON.parse(event.payload) as { type: string; productId?: string })
    .find((payload) => payload.type === 'controlledDrugProductAdded');
  if (!row?.productId) throw new Error('No product in this kiosk\'s catalogue yet');
  productIdsByDataDir.set(dataDir, row.productId);
  return row.productId;
}

/** A receipt of `ampoules` 100 mg ampoules, received by the clinic's nurse, Aisha Khan, and witnessed; both PINs. */
export function stockReceipt(dataDir: string, ampoules: number, reference: string, witness: string): Intention {
  return {
    type: 'recordStockReceipt', productId: clinicProductId(dataDir), units: ampoules, batch: 'B-2026-11', expiresOn: '2028-11-30',
    supplier: 'Hospital pharmacy', reference, witnessId: witness, actorPin: clinicStaff.nurse.pin, witnessPin: pinsOfSignedIn.get(witness) ?? '',
  };
}

function enrolledId(dataDir: string, preferredName: string): string {
  const row = readLedger(dataDir).map((event) => JSON.parse(event.payload) as { type: string; preferredName?: string; serviceUserId?: string })
    .find((payload) => payload.type === 'serviceUserEnrolled' && payload.preferredName === preferredName);
  if (!row?.serviceUserId) throw new Error(`${preferredName} was not enrolled`);
  return row.serviceUserId;
}

/** A nurse and a witness take a person from check-in to the moment before the dose is given; returns the visit id. */
export async function upToAdministration(kiosk: CentralKiosk, serviceUserId: string, nurse: string, witness: string): Promise<string> {
  const visitId = accept(await kiosk.ask({ type: 'startVisit', serviceUserId }, nurse)).visitId;
  if (!visitId) throw new Error('No visit id');
  accept(await kiosk.ask({ type: 'confirmIdentity', visitId }, nurse));
  accept(await kiosk.ask(preDoseCheck(visitId), nurse));
  accept(await kiosk.ask({ type: 'recordPreparation', productId: clinicProductId(kiosk.dataDir), visitId, drawnMg: 200, witnessId: witness, ...visitPins(nurse, witness) }, nurse));
  return visitId;
}

/** The PINs a nurse and a witness, both signed in here, sign a visit's register entry with. */
export function visitPins(nurse: string, witness: string): { nursePin: string; witnessPin: string } {
  return { nursePin: pinsOfSignedIn.get(nurse) ?? '', witnessPin: pinsOfSignedIn.get(witness) ?? '' };
}

/** Recorded by the clinic's nurse, Aisha Khan, as every sync test does; both re-enter their PINs. */
export function administration(visitId: string, witness: string): Intention {
  return {
    type: 'recordAdministration', visitId, administeredMg: 200, route: 'IM', site: 'left thigh', witnessId: witness,
    nursePin: clinicStaff.nurse.pin, witnessPin: pinsOfSignedIn.get(witness) ?? '',
  };
}

/** Writes `count` events at this kiosk (stock receipts, each witnessed): a backlog to sync. */
export async function recordReceipts(kiosk: CentralKiosk, count: number): Promise<void> {
  const nurse = await signIn(kiosk, clinicStaff.nurse);
  const witness = await signIn(kiosk, clinicStaff.nurse2);
  for (let index = 0; index < count; index += 1) {
    accept(await kiosk.ask(stockReceipt(kiosk.dataDir, 1, `RX-${index}`, witness), nurse));
  }
}

/** Each kiosk's events as central holds them: (seq, hash) in seq order. */
export async function centralChains(adminUrl: string): Promise<Map<string, Array<[number, string]>>> {
  const rows = await withClient(adminUrl, async (client) =>
    (await client.query<{ kiosk_id: string; seq: string; hash: string }>('SELECT kiosk_id, seq, hash FROM central.events ORDER BY kiosk_id, seq')).rows);
  const chains = new Map<string, Array<[number, string]>>();
  for (const row of rows) chains.set(row.kiosk_id, [...(chains.get(row.kiosk_id) ?? []), [Number(row.seq), row.hash]]);
  return chains;
}

/** This kiosk's own events from its file, in the same form. */
export function ownChain(kiosk: { dataDir: string }): Array<[number, string]> {
  return readOwnEventRows(kiosk.dataDir).map((row) => [row.seq, row.hash]);
}

export interface SignedInPair { nurse: string; witness: string }

/** Two rooms of one clinic, room two's network through a switch a test cuts and restores. */
export interface TwoRooms {
  server: TestPostgres;
  clinic: CentralClinic;
  network: TcpProxy;
  roomOne: CentralKiosk;
  roomTwo: CentralKiosk;
  /** The service users prepared at room one, known in both rooms, in the order named. */
  people: string[];
  /** Signed in at each room: the clinic's nurse, witnessed by a second nurse in room one and the HCA in room two. */
  staff: { one: SignedInPair; two: SignedInPair };
  close(): Promise<void>;
}

export async function openTwoRooms(preferredNames: readonly string[], options: { roomOneClock?: ManualClock; roomTwoClock?: ManualClock } = {}): Promise<TwoRooms> {
  // Closed last-opened first, also when opening fails half-way: no server left running after a failed start.
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const server = await startTestPostgres();
    closers.push(() => server.stop());
    const clinic = await setUpCentralClinic(server);
    const network = await TcpProxy.start(Number(new URL(clinic.kiosks[1]!.url).port));
    closers.push(() => network.close());
    const roomOne = await openCentralKiosk(clinic.kiosks[0]!, options.roomOneClock ? { clock: options.roomOneClock } : {});
    closers.push(() => roomOne.close());
    const roomTwo = await openCentralKiosk(throughPort(clinic.kiosks[1]!, network.port), options.roomTwoClock ? { clock: options.roomTwoClock } : {});
    closers.push(() => roomTwo.close());
    const people = await prepareClinic(roomOne, preferredNames);
    await roomOne.synced();
    await roomTwo.until((room) => people.every((id) => room.waiting.some((person) => person.id === id)));
    const staff = {
      one: { nurse: await signIn(roomOne, clinicStaff.nurse), witness: await signIn(roomOne, clinicStaff.nurse2) },
      two: { nurse: await signIn(roomTwo, clinicStaff.nurse), witness: await signIn(roomTwo, clinicStaff.hca) },
    };
    return { server, clinic, network, roomOne, roomTwo, people, staff, close };
  } catch (error) {
    await close();
    throw error;
  }
}
