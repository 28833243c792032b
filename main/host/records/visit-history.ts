/**
 * What has happened to each service user, in this room and (pulled from central) every other room
 * of the clinic: doses given, doses withheld, when visits started, clear breath readings and
 * re-titration blocks cleared. The check-in decision and the missed-sessions count read it.
 * Read-only: every row here was written by the ledger's projections.
 */
import type { Database } from 'better-sqlite3';
import type { DoseGiven } from '../../../shared/visit/check-in-rules.js';

export class VisitHistory {
  constructor(private readonly db: Database) {}

  /** When this person was last given a dose (any kiosk whose events this ledger holds). */
  lastDoseAt(serviceUserId: string): string | null {
    return this.db.prepare<[string], { at: string | null }>(
      'SELECT max(administered_at) AS at FROM doses WHERE service_user_id = ?').get(serviceUserId)?.at ?? null;
  }

  dosesOn(serviceUserId: string, clinicDay: string): DoseGiven[] {
    return this.db.prepare<[string, string], { at: string; mg: number; session_index: number }>(
      `SELECT administered_at AS at, administered_mg AS mg, session_index FROM doses
       WHERE service_user_id = ? AND clinic_day = ? ORDER BY administered_at`).all(serviceUserId, clinicDay)
      .map((row) => ({ at: row.at, mg: row.mg, sessionIndex: row.session_index }));
  }

  /** When this person's last visit before `before` started, in any room whose events this ledger holds. */
  lastVisitStartBefore(serviceUserId: string, before: string): string | null {
    return this.db.prepare<[string, string], { at: string | null }>(
      'SELECT max(started_at) AS at FROM visit_facts WHERE service_user_id = ? AND started_at < ?').get(serviceUserId, before)?.at ?? null;
  }

  /** When each of this person's visits started, from `since` on. */
  visitStartsSince(serviceUserId: string, since: string): Date[] {
    return this.db.prepare<[string, string], { started_at: string }>(
      'SELECT started_at FROM visit_facts WHERE service_user_id = ? AND started_at >= ? ORDER BY started_at').all(serviceUserId, since)
      .map((row) => new Date(row.started_at));
  }

  /** Doses withheld on a clinic day, in this room or (pulled from central) any other of the clinic. */
  withheldOn(serviceUserId: string, clinicDay: string): { at: string; reason: string; sessionIndex: number }[] {
    return this.db.prepare<[string, string, string, string], { at: string; reason: string; session_index: number }>(`
      SELECT json_extract(v.snapshot, '$.context.outcome.at') AS at, json_extract(v.snapshot, '$.context.outcome.reason') AS reason,
             f.session_index
      FROM visits v JOIN visit_facts f ON f.visit_id = v.visit_id
      WHERE f.service_user_id = ? AND f.clinic_day = ? AND json_extract(v.snapshot, '$.context.outcome.kind') = 'doseWithheld'
      UNION ALL
      SELECT r.outcome_at, r.outcome_reason, f.session_index
      FROM remote_visits r JOIN visit_facts f ON f.visit_id = r.visit_id
      WHERE f.service_user_id = ? AND f.clinic_day = ? AND r.outcome_kind = 'doseWithheld'`,
    ).all(serviceUserId, clinicDay, serviceUserId, clinicDay).map((row) => ({ at: row.at, reason: row.reason, sessionIndex: row.session_index }));
  }

  /** Whether this person has had a clear breath reading (below `belowMicrograms` µg/100 mL) since `since`. */
  clearBreathReadingSince(serviceUserId: string, since: string, belowMicrograms: number): boolean {
    return this.db.prepare<[string, string, number], { found: number }>(
      `SELECT 1 AS found FROM events WHERE service_user_id = ? AND type IN ('breathResultRecorded', 'manualBreathReadingRecorded')
       AND occurred_at >= ? AND json_extract(payload, '$.reading.microgramsPer100mlBreath') < ? LIMIT 1`,
    ).get(serviceUserId, since, belowMicrograms) !== undefined;
  }

  /** When a prescriber last cleared this person's re-titration block, or null. */
  lastBlockClearedAt(serviceUserId: string): string | null {
    return this.db.prepare<[string], { at: string | null }>(
      'SELECT max(cleared_at) AS at FROM block_clearances WHERE service_user_id = ?').get(serviceUserId)?.at ?? null;
  }
}
