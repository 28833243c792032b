/**
 * The kiosk's side of sync, in its own SQLite file: how far central has acknowledged this kiosk's
 * events, how far it has pulled the clinic's, the clinic's kiosks and their keys, and the words
 * of the last success and error, so a restart shows the same sync state it stopped with.
 */
import type { Database } from 'better-sqlite3';
import type { EventRow } from '../ledger/ledger.js';
import { instantOn } from '../../shared/clinic-time/clinic-day.js';
import type { CentralKioskRow } from './central-rows.js';

export interface StoredSyncState {
  pushedThroughSeq: number;
  pulledThroughCentralSeq: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** Where central placed a register entry: its number in the clinic's order and when it was received. */
export interface RegisterPlace { kioskId: string; seq: number; centralSeq: number; receivedAt: string }

export interface KnownKiosk { kioskId: string; name: string; origin: 'kiosk' | 'central'; publicKeyPem: string | null }

/** A dose given while central was out of reach, with its session as recorded that day (window as ISO instants). */
export interface UnsettledOfflineClaim {
  eventId: string; visitId: string; serviceUserId: string; clinicDay: string;
  sessionId: string; sessionOpensAt: string; sessionClosesAt: string;
  actorStaffId: string; witnessStaffId: string | null; administeredAt: string;
}

export class SyncStore {
  constructor(private readonly db: Database, readonly kioskId: string) {}

  state(): StoredSyncState {
    const row = this.db.prepare<[], {
      pushed_through_seq: number; pulled_through_central_seq: number; last_success_at: string | null;
      last_error: string | null; last_error_at: string | null;
    }>('SELECT * FROM sync_state').get();
    if (!row) throw new Error('The sync state row is missing: the ledger database was not migrated.');
    return {
      pushedThroughSeq: row.pushed_through_seq, pulledThroughCentralSeq: row.pulled_through_central_seq,
      lastSuccessAt: row.last_success_at, lastError: row.last_error, lastErrorAt: row.last_error_at,
    };
  }

  /** This kiosk's events central has not acknowledged yet (sequence numbers are contiguous). */
  eventsWaiting(): number {
    const last = this.lastOwnSeq();
    return Math.max(0, last - this.state().pushedThroughSeq);
  }

  /**
   * Central holds more of this kiosk's events than its ledger does: the file was cut off or put
   * back from an older copy. Known from central's mark at a sync, or at start from this file's own
   * record of what central acknowledged; null while the ledger is whole.
   */
  ledgerBehindCentral(): { centralSeq: number; ownSeq: number } | null {
    const row = this.db.prepare<[], { pushed_through_seq: number; ledger_behind_central_seq: number | null }>(
      'SELECT pushed_through_seq, ledger_behind_central_seq FROM sync_state').get();
    const centralSeq = Math.max(row?.pushed_through_seq ?? 0, row?.ledger_behind_central_seq ?? 0);
    const ownSeq = this.lastOwnSeq();
    return centralSeq > ownSeq ? { centralSeq, ownSeq } : null;
  }

  markLedgerBehindCentral(centralSeq: number): void {
    this.db.prepare('UPDATE sync_state SET ledger_behind_central_seq = max(coalesce(ledger_behind_central_seq, 0), ?)').run(centralSeq);
  }

  lastOwnSeq(): number {
    return this.db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM events WHERE kiosk_id = ?').get(this.kioskId)?.seq ?? 0;
  }

  ownEventsAfter(seq: number, limit: number): EventRow[] {
    return this.db.prepare<[string, number, number], EventRow>(
      'SELECT * FROM events WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(this.kioskId, seq, limit);
  }

  /** Central has committed everything up to `seq`; never moves back (a slower, older answer must not undo a newer one). */
  acknowledgePushed(seq: number): void {
    this.db.prepare('UPDATE sync_state SET pushed_through_seq = max(pushed_through_seq, ?)').run(seq);
  }

  /** Pulled through `centralSeq`; never moves back. */
  advancePullCursor(centralSeq: number): void {
    this.db.prepare('UPDATE sync_state SET pulled_through_central_seq = max(pulled_through_central_seq, ?)').run(centralSeq);
  }

  /**
   * Register entries central holds whose place in the clinic's register is not yet known here:
   * every other room's (they came from central) and this kiosk's pushed ones. Any kiosk's, so a
   * ledger synced before the register kept the clinic's order gets it too.
   */
  registerEntriesAwaitingPlace(limit: number): Array<{ kioskId: string; seq: number }> {
    return this.db.prepare<[string, number], { kiosk_id: string; seq: number }>(`
      SELECT DISTINCT r.kiosk_id, r.seq FROM register_lines r
      WHERE NOT EXISTS (SELECT 1 FROM register_received x WHERE x.kiosk_id = r.kiosk_id AND x.seq = r.seq)
        AND (r.kiosk_id <> ? OR r.seq <= (SELECT pushed_through_seq FROM sync_state))
      ORDER BY r.kiosk_id, r.seq LIMIT ?`).all(this.kioskId, limit).map((row) => ({ kioskId: row.kiosk_id, seq: row.seq }));
  }

  rememberRegisterPlaces(places: readonly RegisterPlace[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO register_received (kiosk_id, seq, central_seq, received_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const place of places) insert.run(place.kioskId, place.seq, place.centralSeq, place.receivedAt);
    })();
  }

  recordSuccess(at: string): void {
    this.db.prepare('UPDATE sync_state SET last_success_at = ?, last_error = NULL, last_error_at = NULL').run(at);
  }

  recordError(words: string, at: string): void {
    this.db.prepare('UPDATE sync_state SET last_error = ?, last_error_at = ?').run(words, at);
  }

  hasEvent(eventId: string): boolean {
    return this.db.prepare('SELECT 1 FROM events WHERE event_id = ?').get(eventId) !== undefined;
  }

  rememberKiosks(rows: readonly CentralKioskRow[]): void {
    const upsert = this.db.prepare(`INSERT INTO known_kiosks (kiosk_id, name, origin, public_key_pem) VALUES (?, ?, ?, ?)
      ON CONFLICT (kiosk_id) DO UPDATE SET name = excluded.name,
        public_key_pem = coalesce(known_kiosks.public_key_pem, excluded.public_key_pem)`);
    this.db.transaction(() => {
      for (const row of rows) upsert.run(row.kiosk_id, row.name, row.origin, row.public_key_pem);
    })();
  }

  knownKiosk(kioskId: string): KnownKiosk | null {
    const row = this.db.prepare<[string], { kiosk_id: string; name: string; origin: 'kiosk' | 'central'; public_key_pem: string | null }>(
      'SELECT * FROM known_kiosks WHERE kiosk_id = ?').get(kioskId);
    return row ? { kioskId: row.kiosk_id, name: row.name, origin: row.origin, publicKeyPem: row.public_key_pem } : null;
  }

  unsettledOfflineClaims(): UnsettledOfflineClaim[] {
    return this.db.prepare<[string], OfflineClaimRow>(`
      SELECT c.event_id, c.visit_id, c.service_user_id, c.clinic_day, c.session_id, c.session_opens_at, c.session_closes_at,
        c.actor_staff_id, c.witness_staff_id, c.administered_at,
        f.session_opens_at AS local_opens_at, f.session_closes_at AS local_closes_at, (SELECT time_zone FROM clinic LIMIT 1) AS time_zone
      FROM offline_dose_claims c LEFT JOIN visit_facts f ON f.visit_id = c.visit_id
      WHERE c.kiosk_id = ? AND c.settled = 0 ORDER BY c.administered_at`).all(this.kioskId)
      .map((row) => ({
        eventId: row.event_id, visitId: row.visit_id, serviceUserId: row.service_user_id, clinicDay: row.clinic_day,
        sessionId: row.session_id,
        sessionOpensAt: row.session_opens_at || windowInstant(row, row.local_opens_at),
        sessionClosesAt: row.session_closes_at || windowInstant(row, row.local_closes_at),
        actorStaffId: row.actor_staff_id, witnessStaffId: row.witness_staff_id, administeredAt: row.administered_at,
      }));
  }
}

interface OfflineClaimRow {
  event_id: string; visit_id: string; service_user_id: string; clinic_day: string;
  session_id: string; session_opens_at: string; session_closes_at: string;
  actor_staff_id: string; witness_staff_id: string | null; administered_at: string;
  local_opens_at: string | null; local_closes_at: string | null; time_zone: string | null;
}

/**
 * A claim recorded before ledger migration 0010 has its session's id but not its window's instants
 * (SQLite cannot work out a zone's offset): they are the window its visit recorded, on the claim's
 * clinic day in the clinic's zone. Central refuses a claim without a window, and one it refused
 * would hold up every claim and event after it.
 */
function windowInstant(row: OfflineClaimRow, localTime: string | null): string {
  if (localTime === null || row.time_zone === null) {
    throw new Error(`The dose given offline in visit ${row.visit_id} has no session window on record, so it cannot be claimed: ask support.`);
  }
  return instantOn(row.clinic_day, localTime, row.time_zone).toISOString();
}
