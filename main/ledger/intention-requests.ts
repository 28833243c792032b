/**
 * Which of a screen's requests recorded which of this kiosk's events (issue 14: a step written but
 * not answered before a crash was recorded again when the screen retried it).
 *
 * The dispatcher takes each step inside `asStepOf`, which holds the request in an AsyncLocalStorage
 * context, so no handler passes the id along; `Ledger.append` calls `noteEvent` for each event it
 * writes, in that event's transaction. Events written outside any step (a breath reading from the
 * device, sync, the demo clinic's set-up) and those a step writes apart from its own result
 * (`apartFromTheStep`: a wrong PIN counted, refused findings kept) name no request. A step still
 * running holds the context after its reply too (a timer or stream it started inherits it), so a
 * step is open only until its handler settles.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Statement } from 'better-sqlite3';
import type { LedgerEvent } from '../../shared/ledger/ledger-event.js';

interface StepInProgress {
  requestId: string;
  intentionType: string;
  open: boolean;
}

const stepInProgress = new AsyncLocalStorage<StepInProgress>();

/** Runs one screen request's step; every event the ledger writes for it until it settles names the request. */
export async function asStepOf<T>(requestId: string, intentionType: string, take: () => T | Promise<T>): Promise<T> {
  const step: StepInProgress = { requestId, intentionType, open: true };
  try {
    return await stepInProgress.run(step, take);
  } finally {
    step.open = false;
  }
}

/**
 * Writes that a step makes beside its own result: they stand whatever the step's reply, so a
 * request whose step was refused must not read as recorded because of them.
 */
export function apartFromTheStep<T>(write: () => T): T {
  return stepInProgress.exit(write);
}

/** A request that recorded at least one event here, as its first reply would have named it. */
export interface RecordedRequest {
  requestId: string;
  intentionType: string;
  visitId: string | null;
  /** When its first event was written. */
  recordedAt: string;
  firstSeq: number;
  lastSeq: number;
}

interface RequestRow {
  request_id: string;
  intention_type: string;
  visit_id: string | null;
  recorded_at: string;
  first_seq: number;
  last_seq: number;
}

const recordedFrom = (row: RequestRow): RecordedRequest => ({
  requestId: row.request_id, intentionType: row.intention_type, visitId: row.visit_id,
  recordedAt: row.recorded_at, firstSeq: row.first_seq, lastSeq: row.last_seq,
});

// A step's later events widen its range; the visit is its first event's that names one.
const noteSql = `
  INSERT INTO intention_requests (kiosk_id, request_id, intention_type, first_seq, last_seq, visit_id, recorded_at)
  VALUES (@kioskId, @requestId, @intentionType, @seq, @seq, @visitId, @occurredAt)
  ON CONFLICT (kiosk_id, request_id) DO UPDATE SET
    last_seq = excluded.last_seq, visit_id = coalesce(intention_requests.visit_id, excluded.visit_id)`;

export class IntentionRequests {
  // Prepared when first needed: a ledger opened by a migration's test, before this table exists, writes outside any step.
  private note: Statement | null = null;
  private find: Statement<[string, string], RequestRow> | null = null;

  constructor(private readonly db: Database, private readonly kioskId: string) {}

  /** Called by the ledger inside the transaction that writes `event`, one of this kiosk's own. */
  noteEvent(event: LedgerEvent): void {
    const step = stepInProgress.getStore();
    if (!step?.open) return;
    this.note ??= this.db.prepare(noteSql);
    this.note.run({
      kioskId: event.kioskId, requestId: step.requestId, intentionType: step.intentionType,
      seq: event.seq, visitId: event.visitId, occurredAt: event.occurredAt,
    });
  }

  recorded(requestId: string): RecordedRequest | null {
    this.find ??= this.db.prepare('SELECT * FROM intention_requests WHERE kiosk_id = ? AND request_id = ?');
    const row = this.find.get(this.kioskId, requestId);
    return row ? recordedFrom(row) : null;
  }
}
