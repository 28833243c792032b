/**
 * Helpers for killing a real host process at chosen and at random moments: a kiosk (a spawned
 * browser shell plus one screen on it) whose clock can be moved forward between starts, a screen
 * connection that fails its pending requests when the host dies, and readers that look at the
 * SQLite file as an auditor would (every table, the hash chain, each visit replayed from its events).
 */
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type WebSocket from 'ws';
import { defaultKioskConfig } from '../../main/config/kiosk-config.js';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { databaseKeyFileName } from '../../main/ledger/database-key-file.js';
import { signingKeyFileName } from '../../main/ledger/signing-key-keeper.js';
import { verifyChain, type ChainCheck } from '../../main/ledger/verify-chain.js';
import type { Intention, Reply, RoomView } from '../../shared/contract/index.js';
import { VisitEvent, visitStarted } from '../../shared/visit/visit-events.js';
import { isOpen, replayVisit, stateOf, storeVisit } from '../../shared/visit/visit-steps.js';
import { demo } from './host-session.js';
import { openKioskFile } from './kiosk-data.js';
import { LatestRoom, hostMessage } from './screen-messages.js';
import { openShellSocket, spawnBrowserShell, type SpawnedShell } from './spawned-shell.js';

const minute = 60_000;

/** Today at 09:00Z: inside the morning session (08:00-12:30 Europe/London) in summer and in winter. */
export function morningToday(): number {
  const today = new Date().toISOString().slice(0, 10);
  return Date.parse(`${today}T09:00:00.000Z`);
}

/** Minutes a spawned host's clock must be shifted by so that it reads at least `target` as it starts. */
export function shiftReaching(target: number): number {
  return Math.ceil((target - Date.now()) / minute);
}

/**
 * No breathalyser: nobody in these scripts is flagged for alcohol, and a SIGKILLed host would
 * leave its simulated device's socat behind each time.
 */
export function writeShiftedConfig(dataDir: string, shiftMinutes: number): void {
  writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({
    ...defaultKioskConfig, breathalyser: { kind: 'none' }, demoClockShiftMinutes: shiftMinutes,
  }, null, 2));
}

/** Copies a stopped kiosk's ledger, its database key and its signing key into an empty folder: the same kiosk, demo data already loaded. */
export function copyLedger(fromDir: string, toDir: string): void {
  for (const name of readdirSync(fromDir)) {
    if (name.startsWith(ledgerFileName) || name === databaseKeyFileName || name === signingKeyFileName) copyFileSync(join(fromDir, name), join(toDir, name));
  }
}

export class HostGone extends Error {}

/** A screen on the host's WebSocket. When the host dies, every unanswered request fails with HostGone. */
export class Screen {
  private readonly latest = new LatestRoom();
  private readonly pending = new Map<string, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private gone = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = hostMessage(data);
      if (message.kind === 'reply') {
        this.pending.get(message.requestId)?.resolve(message.reply);
        this.pending.delete(message.requestId);
      }
      this.latest.saw(message.kind === 'room' ? message.room : null);
    });
    const fail = () => {
      this.gone = true;
      for (const { reject } of this.pending.values()) reject(new HostGone('The host went away before replying'));
      this.pending.clear();
    };
    socket.on('close', fail);
    // A killed host resets the connection; that is expected here, not an error of the test.
    socket.on('error', fail);
  }

  static open(url: string): Promise<Screen> {
    const socket = openShellSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Screen(socket)));
      socket.once('error', reject);
    });
  }

  ask(intention: Intention, actorId: string | null): Promise<Reply> {
    if (this.gone) return Promise.reject(new HostGone('The host is gone'));
    const requestId = randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.socket.send(JSON.stringify({ requestId, actorId, intention }));
    });
  }

  /** Resolves with the first room view (the latest, or one pushed later) that satisfies the predicate. */
  room(predicate: (room: RoomView) => boolean = () => true, timeoutMs = 10_000): Promise<RoomView> {
    return this.latest.until(predicate, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}

export const staffIds = { nurse: demo.nurse.staffId, nurse2: demo.nurse2.staffId, hca: demo.hca.staffId };
export type StaffName = keyof typeof staffIds;

/** One running host on a data folder, and one screen on it with the nurse, the second nurse and the HCA signed in. */
export class Kiosk {
  starts = 0;
  private constructor(readonly dataDir: string, public shiftMinutes: number, public shell: SpawnedShell, public screen: Screen) {}

  static async start(dataDir: string, shiftMinutes: number): Promise<Kiosk> {
    const { shell, screen } = await Kiosk.launch(dataDir, shiftMinutes);
    const kiosk = new Kiosk(dataDir, shiftMinutes, shell, screen);
    kiosk.starts = 1;
    return kiosk;
  }

  private static async launch(dataDir: string, shiftMinutes: number): Promise<{ shell: SpawnedShell; screen: Screen }> {
    writeShiftedConfig(dataDir, shiftMinutes);
    const shell = await spawnBrowserShell(dataDir);
    try {
      const screen = await Screen.open(shell.url);
      return { shell, screen };
    } catch (error) {
      await shell.kill('SIGKILL');
      throw error;
    }
  }

  async signInStaff(): Promise<void> {
    for (const who of [demo.nurse, demo.nurse2, demo.hca]) {
      const reply = await this.screen.ask({ type: 'signIn', badgeNumber: who.badgeNumber, pin: who.pin }, null);
      if (!reply.ok || reply.staffId !== who.staffId) throw new Error(`Sign-in of ${who.displayName} refused: ${JSON.stringify(reply)}`);
    }
  }

  /** Stops the host (SIGKILL: no chance to tidy; SIGTERM: a normal stop) and waits until the process is gone. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    await this.shell.kill(signal);
    this.screen.close();
  }

  /** Starts the host again on the same folder, its clock `advanceMinutes` further on. Nobody is signed in. */
  async restart(advanceMinutes = 0): Promise<void> {
    this.shiftMinutes += advanceMinutes;
    const { shell, screen } = await Kiosk.launch(this.dataDir, this.shiftMinutes);
    this.shell = shell;
    this.screen = screen;
    this.starts += 1;
  }

  /** Moves the clock on by a normal stop and start, so that it reads at least `target`; signs the staff in again. */
  async travelTo(target: number): Promise<void> {
    const needed = shiftReaching(target);
    if (needed <= this.shiftMinutes) return;
    await this.stop('SIGTERM');
    await this.restart(needed - this.shiftMinutes);
    await this.signInStaff();
  }
}

// ---------------------------------------------------------------------------------------------
// The SQLite file, read directly

export function openReadonly(dataDir: string): Database {
  return openKioskFile(dataDir);
}

function withDb<T>(dataDir: string, read: (db: Database) => T): T {
  if (!existsSync(join(dataDir, ledgerFileName))) throw new Error(`No ledger in ${dataDir}`);
  const db = openReadonly(dataDir);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export type Row = Record<string, unknown>;

/** Every row of every table (the events, the visits and their snapshots, every projection), in rowid order. */
/**
 * Every table of the file but the chain checkpoint: each start signs a fresh one for the chain it
 * has just checked, so it moves across a restart by design (checkpointOf reads it on its own).
 */
export function dumpDatabase(dataDir: string): Record<string, Row[]> {
  return withDb(dataDir, (db) => {
    const tables = db.prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'chain_checkpoint' ORDER BY name").all();
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare<[], Row>(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
  });
}

/** The seq of this kiosk's last event that a start or a close signed as checked. */
export function checkpointOf(dataDir: string): number | null {
  return withDb(dataDir, (db) => db.prepare<[], { seq: number }>('SELECT seq FROM chain_checkpoint').get()?.seq ?? null);
}

export interface EventRowLite {
  kiosk_id: string; seq: number; type: string; visit_id: string | null; payload: string; occurred_at: string;
}

export function readEvents(dataDir: string): EventRowLite[] {
  return withDb(dataDir, (db) => db.prepare<[], EventRowLite>('SELECT * FROM events ORDER BY kiosk_id, seq').all());
}

/** The hash chain of every kiosk in the file, checked by the ledger's own verifier. */
export function verifyChains(dataDir: string): ChainCheck[] {
  return withDb(dataDir, (db) => db.prepare<[], { kiosk_id: string }>('SELECT DISTINCT kiosk_id FROM events').all()
    .map(({ kiosk_id }) => verifyChain(db, kiosk_id)));
}

interface VisitRow { visit_id: string; state: string; is_open: number; snapshot: string; last_seq: number }

export interface VisitAudit {
  visitId: string;
  /** What replaying the visit's events gives. */
  replayedState: string;
  replayedOpen: boolean;
  problems: string[];
}

/**
 * Each visit, replayed from its events and compared with its row in `visits`: an event whose
 * snapshot was not written (or a snapshot whose event was not) shows up as a difference.
 */
export function auditVisits(dataDir: string): VisitAudit[] {
  return withDb(dataDir, (db) => {
    const rows = db.prepare<[], VisitRow>('SELECT visit_id, state, is_open, snapshot, last_seq FROM visits').all();
    const byVisit = new Map<string, EventRowLite[]>();
    for (const event of db.prepare<[], EventRowLite>('SELECT * FROM events WHERE visit_id IS NOT NULL ORDER BY kiosk_id, seq').all()) {
      const list = byVisit.get(event.visit_id!) ?? [];
      list.push(event);
      byVisit.set(event.visit_id!, list);
    }
    const audits: VisitAudit[] = [];
    for (const row of rows) {
      const events = byVisit.get(row.visit_id) ?? [];
      byVisit.delete(row.visit_id);
      const problems: string[] = [];
      const [first, ...rest] = events.map((event) => JSON.parse(event.payload) as unknown);
      if (first === undefined) {
        audits.push({ visitId: row.visit_id, replayedState: 'none', replayedOpen: false, problems: ['a visit row with no events'] });
        continue;
      }
      const replayed = replayVisit(visitStarted.parse(first), rest.map((event) => VisitEvent.parse(event)));
      const lastSeq = events.at(-1)!.seq;
      if (row.last_seq !== lastSeq) problems.push(`last_seq ${row.last_seq} but its last event is ${lastSeq}`);
      if (row.state !== stateOf(replayed)) problems.push(`stored state ${row.state} but its events replay to ${stateOf(replayed)}`);
      if ((row.is_open === 1) !== isOpen(replayed)) problems.push(`is_open ${row.is_open} but replayed open=${isOpen(replayed)}`);
      const stored: unknown = JSON.parse(row.snapshot);
      const fromEvents: unknown = JSON.parse(JSON.stringify(storeVisit(replayed)));
      if (JSON.stringify(sortKeys(stored)) !== JSON.stringify(sortKeys(fromEvents))) problems.push('stored snapshot differs from its replayed events');
      audits.push({ visitId: row.visit_id, replayedState: stateOf(replayed), replayedOpen: isOpen(replayed), problems });
    }
    for (const visitId of byVisit.keys()) {
      audits.push({ visitId, replayedState: 'unknown', replayedOpen: false, problems: ['events with no visit row'] });
    }
    return audits;
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** The stored times the observation timer must come from: the dose, the last overdose response, the last naloxone. */
export interface TimerFacts {
  administeredAt: string | null;
  lastNaloxoneAt: string | null;
  lastResponseStartedAt: string | null;
  observationsAt: string[];
  minimumMinutes: number;
  afterNaloxoneMinutes: number;
}

export function storedTimerFacts(dataDir: string, visitId: string): TimerFacts {
  const events = readEvents(dataDir).filter((event) => event.visit_id === visitId).map((event) => JSON.parse(event.payload) as Record<string, unknown>);
  const started = visitStarted.parse(events[0]);
  const administration = events.find((event) => event.type === 'doseAdministered');
  const naloxone = events.filter((event) => event.type === 'naloxoneGiven').map((event) => Date.parse(String(event.givenAt)));
  return {
    administeredAt: administration ? String(administration.at) : null,
    lastNaloxoneAt: naloxone.length > 0 ? new Date(Math.max(...naloxone)).toISOString() : null,
    lastResponseStartedAt: events.filter((event) => event.type === 'overdoseResponseStarted').map((event) => String(event.at)).at(-1) ?? null,
    observationsAt: events.filter((event) => event.type === 'observationRecorded').map((event) => String(event.at)),
    minimumMinutes: started.rules.observation.minimumMinutes,
    afterNaloxoneMinutes: started.rules.observation.minimumMinutesAfterNaloxone,
  };
}

export function expectedEarliestDischarge(facts: TimerFacts): string | null {
  if (facts.administeredAt === null) return null;
  const afterDose = Date.parse(facts.administeredAt) + facts.minimumMinutes * minute;
  const afterNaloxone = facts.lastNaloxoneAt === null ? afterDose : Date.parse(facts.lastNaloxoneAt) + facts.afterNaloxoneMinutes * minute;
  const afterResponse = facts.lastResponseStartedAt === null ? afterDose : Date.parse(facts.lastResponseStartedAt) + facts.minimumMinutes * minute;
  return new Date(Math.max(afterDose, afterNaloxone, afterResponse)).toISOString();
}
