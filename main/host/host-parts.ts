/**
 * The services the composition root (host.ts) builds once and the dispatcher hands to handlers.
 * No handler takes all of them: each names the few it uses (see handler.ts).
 */
import type { Breathalyser } from '../devices/breathalyser/breathalyser.js';
import type { Ledger } from '../ledger/ledger.js';
import type { RegisterPrintouts } from '../register-print/register-printouts.js';
import type { KioskSync } from '../sync/kiosk-sync.js';
import type { LogHealth } from './logger.js';
import type { Clock } from './clock.js';
import type { DemoSignIn } from './demo-sign-ins.js';
import type { Logger } from './logger.js';
import type { EventRecords } from './records/event-records.js';
import type { IncidentRecords } from './records/incident-records.js';
import type { ReferenceData } from './records/reference-data.js';
import type { StockRecords } from './records/stock-records.js';
import type { VisitHistory } from './records/visit-history.js';
import type { Reports } from './reports/reports.js';
import type { StepsTakenOnce } from './requests/steps-taken-once.js';
import type { StaffOnDuty } from './staff/staff-on-duty.js';
import type { VisitRegistry } from './visits/visit-registry.js';

export interface HostParts {
  kioskId: string;
  /** The one way to write an event that is not a visit step (visit steps go through `registry`). */
  ledger: Ledger;
  registry: VisitRegistry;
  staff: StaffOnDuty;
  /** Clinic, staff, service users, prescriptions and site rules. */
  reference: ReferenceData;
  /** Doses, withholds, visits and breath readings, from this room and the others. */
  history: VisitHistory;
  incidents: IncidentRecords;
  stock: StockRecords;
  /** Who recorded an event, when and where. */
  events: EventRecords;
  reports: Reports;
  /** The register saved as a PDF for printing. */
  printouts: RegisterPrintouts;
  clock: Clock;
  breathalyser: Breathalyser;
  logger: Logger;
  demoSignIns: readonly DemoSignIn[];
  /** Whether the clock is a demo kiosk's shifted one (kiosk.json `demoClockShiftMinutes`). */
  demoClock: boolean;
  /** The clinic's central store, or working alone. */
  sync: KioskSync;
  /** Each screen request's step taken once, however often it is sent (the dispatcher's, not a handler's). */
  requests: StepsTakenOnce;
  /** Whether the kiosk's log is being written (it shares the ledger's disk); absent when nothing is logged to a file. */
  logHealth?: () => LogHealth | null;
}
