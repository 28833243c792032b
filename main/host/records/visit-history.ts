/**
 * What has happened to each service user, in this room and (pulled from central) every other room
 * of the clinic: doses given, doses withheld, naloxone, pre-dose findings, when visits started,
 * clear breath readings and re-titration blocks cleared. Every session-level fact comes with the
 * session it was recorded under (its id and its window that day), so no later change of windows
 * re-files it. The check-in decision, the dose moment and the missed-sessions count read it.
 * Read-only: every row here was written by the ledger's projections.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { SedationLevel } from '../../../shared/site-rules/site-rules.js';
import type { DoseGiven, SessionFact, WithheldFact } from '../../../shared/visit/check-in-rules.js';

// What a pre-dose check found, read from its stored payload (accepted checks and refused ones alike).
const StoredFinding = z.object({ sedation: SedationLevel, intoxicationSigns: z.boolean(), selfReportedUse: z.array(z.string()) });

interface SessionColumns { clinic_day: string; session_id: string; session_opens_at: string; session_closes_at: string }

function sessionOf(row: SessionColumns): SessionFact {
  return { clinicDay: row.clinic_day, sessionId: row.session_id, opensAt: row.session_opens_at, closesAt: row.session_closes_at };
}

const sessionColumns = 'f.clinic_day, f.session_id, f.session_opens_at, f.session_closes_at';

/** A pre-dose finding recorded in another visit: what, when and by whom. */
export interface EarlierFinding extends SessionFact {
  visitId: string;
  at: string;
  recordedBy: string | null;
  sedation: SedationLevel;
  intoxicationSigns: boolean;
  selfReportedUse: string[];
}

export interface NaloxoneFact extends SessionFact { visitId: string; at: string }

export class VisitHistory {
  constructor(private readonly db: Database) {}

  /** When this person was last given a dose (any kiosk whose events this ledger holds), by a visit other than `exceptVisitId`. */
  lastDoseAt(serviceUserId: string, exceptVisitId = ''): string | null {
    return this.db.prepare<[string, string], { at: string | null }>(
      'SELECT max(administered_at) AS at FROM doses WHERE service_user_id = ? AND visit_id <> ?').get(serviceUserId, exceptVisitId)?.at ?? null;
  }

  /** Doses on a clinic day, each with the session it was given for; `exceptVisitId`'s own left out. */
  dosesOn(serviceUserId: string, clinicDay: string, exceptVisitId = ''): DoseGiven[] {
    return this.db.prepare<[string, string, string], SessionColumns & { at: string; mg: number }>(
      `SELECT d.administered_at AS at, d.administered_mg AS mg, d.clinic_day, d.session_id,
              coalesce(f.session_opens_at, '00:00') AS session_opens_at, coalesce(f.session_closes_at, '23:59') AS session_closes_at
       FROM doses d LEFT JOIN visit_facts f ON f.visit_id = d.visit_id
       WHERE d.service_user_id = ? AND d.clinic_day = ? AND d.visit_id <> ? ORDER BY d.administered_at`,
    ).all(serviceUserId, clinicDay, exceptVisitId).map((row) => ({ ...sessionOf(row), at: row.at, mg: row.mg }));
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
  withheldOn(serviceUserId: string, clinicDay: string): WithheldFact[] {
    return this.db.prepare<[string, string, string, string], SessionColumns & { at: string; reason: string }>(`
      SELECT json_extract(v.snapshot, '$.context.outcome.at') AS at, json_extract(v.snapshot, '$.context.outcome.reason') AS reason, ${sessionColumns}
      FROM visits v JOIN visit_facts f ON f.visit_id = v.visit_id
      WHERE f.service_user_id = ? AND f.clinic_day = ? AND json_extract(v.snapshot, '$.context.outcome.kind') = 'doseWithheld'
      UNION ALL
      SELECT r.outcome_at, r.outcome_reason, ${sessionColumns}
      FROM remote_visits r JOIN visit_facts f ON f.visit_id = r.visit_id
      WHERE f.service_user_id = ? AND f.clinic_day = ? AND r.outcome_kind = 'doseWithheld'`,
    ).all(serviceUserId, clinicDay, serviceUserId, clinicDay).map((row) => ({ ...sessionOf(row), at: row.at, reason: row.reason }));
  }

  /** Naloxone given to this person on a clinic day, in any visit, with the session of its visit. */
  naloxoneOn(serviceUserId: string, clinicDay: string): NaloxoneFact[] {
    return this.db.prepare<[string, string], SessionColumns & { visit_id: string; at: string }>(`
      SELECT e.visit_id, json_extract(e.payload, '$.givenAt') AS at, ${sessionColumns}
      FROM events e JOIN visit_facts f ON f.visit_id = e.visit_id
      WHERE e.service_user_id = ? AND e.type = 'naloxoneGiven' AND f.clinic_day = ?`,
    ).all(serviceUserId, clinicDay).map((row) => ({ ...sessionOf(row), visitId: row.visit_id, at: row.at }));
  }

  /** Every pre-dose finding recorded for this person on a clinic day (accepted checks and refused ones), oldest first. */
  findingsOn(serviceUserId: string, clinicDay: string): EarlierFinding[] {
    return this.db.prepare<[string, string], SessionColumns & { visit_id: string; at: string; actor_staff_id: string | null; payload: string }>(`
      SELECT e.visit_id, e.occurred_at AS at, e.actor_staff_id, e.payload, ${sessionColumns}
      FROM events e JOIN visit_facts f ON f.visit_id = e.visit_id
      WHERE e.service_user_id = ? AND e.type IN ('preDoseCheckRecorded', 'preDoseFindingsRecorded') AND f.clinic_day = ?
      ORDER BY e.occurred_at`,
    ).all(serviceUserId, clinicDay).map((row) => {
      const finding = StoredFinding.parse(JSON.parse(row.payload));
      return { ...sessionOf(row), ...finding, visitId: row.visit_id, at: row.at, recordedBy: row.actor_staff_id };
    });
  }

  /** This person's last visit that ended with them leaving against advice, if it is their last visit. */
  leftAgainstAdviceLastVisit(serviceUserId: string): { at: string; seenBy: string | null } | null {
    const row = this.db.prepare<[string], { type: string; at: string; actor_staff_id: string | null; reason: string | null }>(`
      SELECT e.type, e.occurred_at AS at, e.actor_staff_id, json_extract(e.payload, '$.reason') AS reason
      FROM events e WHERE e.service_user_id = ? AND e.type IN ('visitEnded', 'visitDischarged', 'doseWithheld', 'doseAdministered')
      ORDER BY e.occurred_at DESC LIMIT 1`).get(serviceUserId);
    return row?.type === 'visitEnded' && row.reason === 'left against advice' ? { at: row.at, seenBy: row.actor_staff_id } : null;
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
