/**
 * The open visits in this room: one snapshot of the visit machine per visit, kept in memory and
 * in the `visits` table. A step is decided with the pure machine, then its event and the new
 * snapshot are written in one transaction, and only then does memory change: a failed write
 * leaves the visit exactly where it was.
 */
import type { Database } from 'better-sqlite3';
import { VisitEvent, visitStarted, type VisitStarted } from '../../../shared/visit/visit-events.js';
import { visitMachineVersion, type VisitStateName } from '../../../shared/visit/visit-machine.js';
import {
  StoredVisit, advanceVisit, isOpen, replayVisit, restoreVisit, startVisit, stateOf, storeVisit,
  type VisitSnapshot,
} from '../../../shared/visit/visit-steps.js';
import type { LedgerEvent } from '../../../shared/ledger/ledger-event.js';
import type { Refusal } from '../../../shared/refusals/refusal.js';
import type { Ledger } from '../../ledger/ledger.js';
import { preparingOnce } from '../../ledger/statement-cache.js';
import type { Logger } from '../logger.js';
import { visitNotOpen } from '../replies.js';

export interface Attribution {
  actorStaffId: string | null;
  witnessStaffId: string | null;
}

export type RegistryResult = { ok: true; snapshot: VisitSnapshot } | { ok: false; refusals: Refusal[] };

interface VisitRow { visit_id: string; state: string; machine_version: number; snapshot: string; last_seq: number }

export class VisitRegistry {
  private readonly open = new Map<string, VisitSnapshot>();
  // Closed visits stay on the board a little while, so staff see the outcome they just recorded.
  private readonly closed = new Map<string, VisitSnapshot>();
  private readonly notRestored: Array<{ visitId: string; reason: string }> = [];

  private readonly db: Database;

  // Every step writes the visit's snapshot: its statements are prepared once, not on each step.
  constructor(db: Database, private readonly ledger: Ledger, private readonly logger: Logger) {
    this.db = preparingOnce(db);
  }

  /** Brings back every open visit after a start or a crash; replays any whose snapshot is stale. */
  load(): void {
    const rows = this.db.prepare<[], VisitRow>(
      'SELECT visit_id, state, machine_version, snapshot, last_seq FROM visits WHERE is_open = 1').all();
    for (const row of rows) {
      try {
        this.open.set(row.visit_id, this.restoredSnapshot(row) ?? this.replayFromLedger(row.visit_id));
      } catch (error) {
        // One visit that cannot be rebuilt must not keep the room's other visits (people under
        // post-dose observation among them) off the screen.
        const reason = error instanceof Error ? error.message : String(error);
        this.notRestored.push({ visitId: row.visit_id, reason });
        this.logger.error({ visitId: row.visit_id, err: reason }, 'visit could not be restored');
      }
    }
    this.logger.info({ openVisits: this.open.size }, 'open visits restored');
  }

  openVisits(): VisitSnapshot[] {
    return [...this.open.values()];
  }

  /** Visits closed at or after `since`. */
  closedSince(since: Date): VisitSnapshot[] {
    return [...this.closed.values()].filter((snapshot) => closedAt(snapshot) >= since.getTime());
  }

  unrestorable(): ReadonlyArray<{ visitId: string; reason: string }> {
    return this.notRestored;
  }

  get(visitId: string): VisitSnapshot | null {
    return this.open.get(visitId) ?? null;
  }

  openVisitFor(serviceUserId: string): VisitSnapshot | null {
    return this.openVisits().find((snapshot) => snapshot.context.serviceUserId === serviceUserId) ?? null;
  }

  start(started: VisitStarted, attribution: Attribution): VisitSnapshot {
    const snapshot = startVisit(started);
    this.ledger.append(
      { event: started, visitId: started.visitId, serviceUserId: started.serviceUserId, ...attribution },
      (stored) => this.insertVisit(snapshot, stored),
    );
    this.open.set(started.visitId, snapshot);
    return snapshot;
  }

  /** `eventId`: the id the event must be written with (a central dose claim already names it). */
  advance(visitId: string, event: VisitEvent, attribution: Attribution, eventId?: string): RegistryResult {
    const current = this.open.get(visitId);
    if (!current) return { ok: false, refusals: [visitNotOpen] };
    const step = advanceVisit(current, event);
    if (!step.accepted) return { ok: false, refusals: step.refusals };
    this.ledger.append(
      { event, visitId, serviceUserId: current.context.serviceUserId, ...attribution, ...(eventId ? { eventId } : {}) },
      (stored) => this.updateVisit(step.snapshot, stored),
    );
    if (isOpen(step.snapshot)) {
      this.open.set(visitId, step.snapshot);
    } else {
      this.open.delete(visitId);
      this.rememberClosed(step.snapshot);
    }
    return { ok: true, snapshot: step.snapshot };
  }

  // Closed visits are kept for the board only briefly; a clinic day's worth is plenty.
  private rememberClosed(snapshot: VisitSnapshot): void {
    const dayAgo = closedAt(snapshot) - 86_400_000;
    for (const [visitId, old] of this.closed) if (closedAt(old) < dayAgo) this.closed.delete(visitId);
    this.closed.set(snapshot.context.visitId, snapshot);
  }

  /** The stored snapshot, if it is of this machine version, parses, and matches its row. */
  private restoredSnapshot(row: VisitRow): VisitSnapshot | null {
    if (row.machine_version !== visitMachineVersion) return null;
    let json: unknown;
    try {
      json = JSON.parse(row.snapshot);
    } catch {
      return null;
    }
    const stored = StoredVisit.safeParse(json);
    if (!stored.success || stored.data.value !== row.state || stored.data.context.visitId !== row.visit_id) return null;
    // A snapshot behind its ledger (an event it never saw) is stale, however well it parses.
    if (row.last_seq !== this.ledger.lastSeqForVisit(row.visit_id)) return null;
    return restoreVisit(stored.data);
  }

  private replayFromLedger(visitId: string): VisitSnapshot {
    const events = this.ledger.eventsForVisit(visitId).map((stored) => stored.payload);
    const [first, ...rest] = events;
    const snapshot = replayVisit(visitStarted.parse(first), rest.map((event) => VisitEvent.parse(event)));
    this.logger.warn({ visitId }, 'visit snapshot was stale or unreadable: rebuilt from the ledger');
    return snapshot;
  }

  private insertVisit(snapshot: VisitSnapshot, stored: LedgerEvent): void {
    this.db.prepare(`INSERT INTO visits
      (visit_id, service_user_id, state, is_open, machine_version, snapshot, last_seq, started_at, updated_at)
      VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)`)
      .run(snapshot.context.visitId, snapshot.context.serviceUserId, stateOf(snapshot), visitMachineVersion,
        JSON.stringify(storeVisit(snapshot)), stored.seq, stored.occurredAt, stored.occurredAt);
  }

  private updateVisit(snapshot: VisitSnapshot, stored: LedgerEvent): void {
    const state: VisitStateName = stateOf(snapshot);
    this.db.prepare(`UPDATE visits SET state = ?, is_open = ?, machine_version = ?, snapshot = ?, last_seq = ?, updated_at = ?
      WHERE visit_id = ?`)
      .run(state, isOpen(snapshot) ? 1 : 0, visitMachineVersion, JSON.stringify(storeVisit(snapshot)), stored.seq,
        stored.occurredAt, snapshot.context.visitId);
  }
}

// When the visit closed: its last stage began then. A dose withheld at 10:00 whose visit closes
// after the hour of observation an overdose response needs closed at 11:00, not 10:00.
function closedAt(snapshot: VisitSnapshot): number {
  const { outcome, stageSince } = snapshot.context;
  return Math.max(Date.parse(stageSince), outcome ? Date.parse(outcome.at) : 0);
}
