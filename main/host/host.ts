/**
 * The host core: owns the visits, the ledger and the devices, and is the only place clinical
 * rules are applied. Both shells (Electron and the browser shell) carry the same messages to
 * `receive` and forward `onRoom` views to their screens; they know nothing about doses.
 */
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { FromHost, RoomView } from '../../shared/contract/index.js';
import type { Breathalyser, BreathOutcomeFromDevice } from '../devices/breathalyser/breathalyser.js';
import { IntentionRequests } from '../ledger/intention-requests.js';
import { recordChainCheckpoint } from '../ledger/chain-checkpoint.js';
import { Ledger } from '../ledger/ledger.js';
import { RegisterPrintouts } from '../register-print/register-printouts.js';
import { workingAlone, type KioskSync } from '../sync/kiosk-sync.js';
import type { Clock } from './clock.js';
import type { DemoSignIn } from './demo-sign-ins.js';
import { answerRequestOutcomes, dispatch, isRequestOutcomesQuery } from './dispatcher.js';
import type { HostParts } from './host-parts.js';
import type { LogHealth, Logger } from './logger.js';
import { EventRecords } from './records/event-records.js';
import { IncidentRecords } from './records/incident-records.js';
import { ReferenceData } from './records/reference-data.js';
import { StockRecords } from './records/stock-records.js';
import { VisitHistory } from './records/visit-history.js';
import { Reports } from './reports/reports.js';
import { StepsTakenOnce } from './requests/steps-taken-once.js';
import { PinLockout } from './staff/pin-lockout.js';
import { StaffOnDuty } from './staff/staff-on-duty.js';
import { roomView } from './views/room-view.js';
import { VisitRegistry } from './visits/visit-registry.js';

// Due and overdue are worked out from the clock: refresh the board often enough that an
// observation turning overdue shows within seconds, not on the next tap.
const roomRefreshMs = 5_000;

export interface HostOptions {
  db: Database;
  kioskId: string;
  /** This kiosk's signing key, checked against its ledger (kiosk-identity.ts kioskSigningKey). */
  signingKey: KeyObject;
  clock: Clock;
  logger: Logger;
  breathalyser: Breathalyser;
  /** A demo clinic's credentials, shown on its sign-in sheet; empty for a real clinic. */
  demoSignIns?: readonly DemoSignIn[];
  /** The clock runs shifted from the real time (a demo kiosk's kiosk.json): the screen says so. */
  demoClock?: boolean;
  /** Starts sync with the clinic's central store, given the ledger; absent: the kiosk works alone. */
  startSync?: (ledger: Ledger) => KioskSync;
  /** Whether the kiosk's log is being written: lines lost to a failing disk are said on screen. */
  logHealth?: () => LogHealth | null;
  /** Where the register is saved as a PDF to print (the data folder's `printouts`); absent: printouts are refused in words. */
  printoutsFolder?: string;
  /** Runs last when the host closes (the composition root releases its data folder here). */
  onClose?: () => void;
}

export interface Host {
  readonly kioskId: string;
  /** Async so a step may wait on the network (a central dose claim); the room is published after the reply is computed. */
  receive(message: unknown): Promise<Extract<FromHost, { kind: 'reply' }> | null>;
  /**
   * What a shell calls with every message from a screen: a step (as `receive`), or a screen back
   * after a dropped link asking what became of its unanswered requests.
   */
  respond(message: unknown): Promise<Extract<FromHost, { kind: 'reply' | 'requestOutcomes' }> | null>;
  room(): RoomView;
  onRoom(listener: (room: RoomView) => void): () => void;
  close(): Promise<void>;
}

export function createHost(options: HostOptions): Host {
  const { db, kioskId, clock, logger, breathalyser } = options;
  const ledger = new Ledger(db, kioskId, () => clock.now(), options.signingKey);
  const records = {
    reference: new ReferenceData(db), history: new VisitHistory(db), incidents: new IncidentRecords(db),
    stock: new StockRecords(db), events: new EventRecords(db),
  };
  const registry = new VisitRegistry(db, ledger, logger);
  registry.load();
  const sync = options.startSync?.(ledger) ?? workingAlone();
  const registerIsCentral = () => sync.status().mode === 'central';
  const parts: HostParts = {
    kioskId, ledger, registry, ...records,
    staff: new StaffOnDuty(records.reference, new PinLockout(records.reference, ledger)),
    reports: new Reports(db, { ...records, registry, registerIsCentral }), clock, breathalyser, logger,
    printouts: new RegisterPrintouts(db, { ...records, registerIsCentral }, options.printoutsFolder ?? null),
    ...(options.logHealth ? { logHealth: options.logHealth } : {}), demoSignIns: options.demoSignIns ?? [], demoClock: options.demoClock ?? false, sync,
    requests: new StepsTakenOnce(new IntentionRequests(db, kioskId), logger),
  };
  const listeners = new Set<(room: RoomView) => void>();

  const room = () => roomView(parts);
  const publish = () => {
    if (listeners.size === 0) return;
    const view = room();
    for (const listener of listeners) listener(view);
  };

  // Changes that come in bursts (a reading and the device falling idle, a sync cycle) are drawn
  // once: a room view over a year of history is the costly part of the serial-to-screen path.
  let publishing: NodeJS.Immediate | null = null;
  const publishSoon = () => {
    publishing ??= setImmediate(() => {
      publishing = null;
      publish();
    });
  };

  const stopOutcomes = breathalyser.onOutcome((outcome) => {
    recordDeviceOutcome(parts, outcome);
    parts.sync.nudge();
    publishSoon();
  });
  const stopDevice = breathalyser.onChange(publishSoon);
  // Pulled events can change anything on the board (a dose given in another room, a new prescription).
  const stopSync = parts.sync.onChange(publishSoon);
  const refresh = setInterval(publish, roomRefreshMs);
  refresh.unref();

  const receive = async (message: unknown) => {
    const reply = await dispatch(parts, message);
    parts.sync.nudge();
    publish();
    return reply;
  };

  return {
    kioskId,
    receive,
    async respond(message) {
      return isRequestOutcomesQuery(message) ? answerRequestOutcomes(parts, message) : receive(message);
    },
    room,
    onRoom(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(refresh);
      if (publishing) clearImmediate(publishing);
      stopOutcomes();
      stopDevice();
      stopSync();
      listeners.clear();
      await parts.sync.close();
      await breathalyser.close();
      // The next start then checks only what is written after this (ledger/chain-checkpoint.ts).
      recordChainCheckpoint(db, kioskId, options.signingKey, () => clock.now());
      db.close();
      options.onClose?.();
    },
  };
}

/** A reading goes to the visit that asked for it and to no other; one nobody asked for is logged. */
function recordDeviceOutcome(parts: Pick<HostParts, 'clock' | 'logger' | 'registry'>, outcome: BreathOutcomeFromDevice): void {
  const at = parts.clock.now().toISOString();
  if (outcome.visitId === null) {
    parts.logger.warn({ rawText: outcome.kind === 'reading' ? outcome.reading.rawText : null }, 'unattributed breath reading ignored');
    return;
  }
  const event = outcome.kind === 'reading'
    ? { type: 'breathResultRecorded' as const, at, reading: outcome.reading }
    : { type: 'breathTestFailed' as const, at, code: outcome.code, message: outcome.message };
  const result = parts.registry.advance(outcome.visitId, event, { actorStaffId: null, witnessStaffId: null });
  if (!result.ok) parts.logger.warn({ visitId: outcome.visitId, refusals: result.refusals }, 'breath outcome not recorded');
}
