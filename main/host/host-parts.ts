/**
 * The parts every intention handler works with, and the shape of a handler: the composition
 * root builds the parts once; the dispatcher has already checked who is acting.
 */
import type { IntentionOf, IntentionType, Reply } from '../../shared/contract/index.js';
import type { Breathalyser } from '../devices/breathalyser/breathalyser.js';
import type { Ledger } from '../ledger/ledger.js';
import type { KioskSync } from '../sync/kiosk-sync.js';
import type { Clock } from './clock.js';
import type { DemoSignIn } from './demo-sign-ins.js';
import type { Logger } from './logger.js';
import type { ReferenceData, StaffMember } from './reference-data.js';
import type { Reports } from './reports.js';
import type { StaffOnDuty } from './staff-on-duty.js';
import type { VisitRegistry } from './visit-registry.js';

export interface HostParts {
  kioskId: string;
  ledger: Ledger;
  registry: VisitRegistry;
  staff: StaffOnDuty;
  reference: ReferenceData;
  reports: Reports;
  clock: Clock;
  breathalyser: Breathalyser;
  logger: Logger;
  demoSignIns: readonly DemoSignIn[];
  /** The clinic's central store, or working alone. */
  sync: KioskSync;
}

/** When the intention arrived and who, signed in here and allowed to, sent it. */
export interface IntentionContext {
  at: string;
  actor: StaffMember;
}

// A step may await network I/O (a central dose claim); the dispatcher awaits every reply.
export type Handler<T extends IntentionType> = (parts: HostParts, intention: IntentionOf<T>, context: IntentionContext) => Reply | Promise<Reply>;
export type HandlerTable<K extends IntentionType> = { [T in K]: Handler<T> };
