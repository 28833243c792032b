/**
 * Tables derived from events, updated in the same transaction as the event. They can always be
 * rebuilt by replaying the ledger; nothing writes them except this file.
 */
import type { Database } from 'better-sqlite3';
import { addClinicDays, clinicDayOf, instantOn, startOfClinicDay, zoneBeforeClinicSetUp } from '../../shared/clinic-time/clinic-day.js';
import type { DomainEvent, LedgerEvent } from '../../shared/ledger/ledger-event.js';
import type { VisitEventOf, VisitStarted } from '../../shared/visit/visit-events.js';
import { preparingOnce } from './statement-cache.js';

type Of<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

interface SessionFacts { clinic_day: string; session_id: string; session_opens_at: string; session_closes_at: string }

interface RegisterMovement {
  drug: string;
  kind: 'receipt' | 'administration' | 'waste' | 'stock check';
  visitId?: string | null;
  serviceUserId?: string | null;
  drawnMg?: number | null;
  inMg: number;
  outMg: number;
  route?: string | null;
  site?: string | null;
  recordedBy: string | null;
  witnessedBy: string | null;
  detail?: string | null;
}

export function registerBalanceMg(db: Database, drug: string): number {
  // The last line is the newest row: read the table backwards from its end. Through the drug index
  // SQLite sorted every line of the drug first, 25 ms inside every dose's transaction after a year.
  const row = db.prepare<[string], { balance: number }>(
    'SELECT balance_mg AS balance FROM register_lines NOT INDEXED WHERE drug = ? ORDER BY rowid DESC LIMIT 1').get(drug);
  return row?.balance ?? 0;
}

function writeRegisterLine(db: Database, stored: LedgerEvent, movement: RegisterMovement): void {
  const balance = Math.round((registerBalanceMg(db, movement.drug) + movement.inMg - movement.outMg) * 1000) / 1000;
  db.prepare(`INSERT INTO register_lines
    (kiosk_id, seq, event_id, drug, at, kind, visit_id, service_user_id, drawn_mg, in_mg, out_mg, route, site,
     recorded_by, witnessed_by, detail, balance_mg)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(stored.kioskId, stored.seq, stored.eventId, movement.drug, stored.occurredAt, movement.kind,
      movement.visitId ?? null, movement.serviceUserId ?? null, movement.drawnMg ?? null, movement.inMg, movement.outMg,
      movement.route ?? null, movement.site ?? null, movement.recordedBy, movement.witnessedBy, movement.detail ?? null, balance);
}

function clinicTimeZone(db: Database): string {
  return db.prepare<[], { time_zone: string }>('SELECT time_zone FROM clinic LIMIT 1').get()?.time_zone ?? zoneBeforeClinicSetUp;
}

function visitDrug(db: Database, visitId: string): string {
  return db.prepare<[string], { drug: string }>('SELECT drug FROM visit_facts WHERE visit_id = ?').get(visitId)?.drug ?? 'unknown';
}

const referenceProjections = {
  clinicRegistered(db: Database, event: Of<'clinicRegistered'>) {
    db.prepare('INSERT OR REPLACE INTO clinic (clinic_id, name, time_zone) VALUES (?, ?, ?)').run(event.clinicId, event.name, event.timeZone);
  },
  staffEnrolled(db: Database, event: Of<'staffEnrolled'>) {
    db.prepare(`INSERT OR REPLACE INTO staff (staff_id, display_name, role, badge_number, pin_hash, active)
      VALUES (?, ?, ?, ?, ?, ?)`)
      .run(event.staffId, event.displayName, event.role, event.badgeNumber, event.pinHash, event.active ? 1 : 0);
  },
  serviceUserEnrolled(db: Database, event: Of<'serviceUserEnrolled'>) {
    db.prepare(`INSERT OR REPLACE INTO service_users
      (service_user_id, preferred_name, legal_name, date_of_birth, photo, alcohol_monitoring, handover_note)
      VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(event.serviceUserId, event.preferredName, event.legalName, event.dateOfBirth, event.photo,
        event.alcoholMonitoring ? 1 : 0, event.handoverNote);
  },
  prescriptionIssued(db: Database, event: Of<'prescriptionIssued'>, stored: LedgerEvent) {
    db.prepare(`INSERT OR REPLACE INTO prescriptions
      (prescription_id, service_user_id, drug, form, strength_mg_per_ml, dose_per_session_mg, sessions_per_day,
       routes, starts_on, ends_on, prescriber_id, status, reduced_dose_range, issued_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`)
      .run(event.prescriptionId, event.serviceUserId, event.drug, event.form, event.strengthMgPerMl,
        event.dosePerSessionMg, event.sessionsPerDay, JSON.stringify(event.routes), event.startsOn, event.endsOn,
        event.prescriberId, event.reducedDoseRange ? JSON.stringify(event.reducedDoseRange) : null, stored.occurredAt);
  },
  prescriptionChanged(db: Database, event: Of<'prescriptionChanged'>, stored: LedgerEvent) {
    db.prepare(`UPDATE prescriptions SET dose_per_session_mg = ?, sessions_per_day = ?, routes = ?, reduced_dose_range = ?,
      ends_on = ?, changed_at = ?, prescriber_id = coalesce(?, prescriber_id) WHERE prescription_id = ?`)
      .run(event.dosePerSessionMg, event.sessionsPerDay, JSON.stringify(event.routes),
        event.reducedDoseRange ? JSON.stringify(event.reducedDoseRange) : null, event.endsOn, stored.occurredAt,
        stored.actorStaffId, event.prescriptionId);
  },
  prescriptionSuspended(db: Database, event: Of<'prescriptionSuspended'>, stored: LedgerEvent) {
    db.prepare(`UPDATE prescriptions SET status = 'suspended', changed_at = ? WHERE prescription_id = ?`)
      .run(stored.occurredAt, event.prescriptionId);
  },
  retitrationBlockCleared(db: Database, event: Of<'retitrationBlockCleared'>, stored: LedgerEvent) {
    db.prepare('INSERT INTO block_clearances (service_user_id, cleared_at, cleared_by, note) VALUES (?, ?, ?, ?)')
      .run(event.serviceUserId, stored.occurredAt, stored.actorStaffId, event.note);
  },
  siteRulesAdopted(db: Database, event: Of<'siteRulesAdopted'>, stored: LedgerEvent) {
    db.prepare('INSERT OR REPLACE INTO site_rules (version, rules, adopted_at, adopted_by) VALUES (?, ?, ?, ?)')
      .run(event.rules.version, JSON.stringify(event.rules), stored.occurredAt, stored.actorStaffId);
  },
  siteRulesApproved(db: Database, event: Of<'siteRulesApproved'>, stored: LedgerEvent) {
    db.prepare(`UPDATE site_rules SET rules = json_set(rules, '$.approvedBy', ?), approved_at = ?, approved_by_staff_id = ? WHERE version = ?`)
      .run(event.approvedBy, stored.occurredAt, stored.actorStaffId, event.version);
  },
  stockReceived(db: Database, event: Of<'stockReceived'>, stored: LedgerEvent) {
    writeRegisterLine(db, stored, {
      drug: event.drug, kind: 'receipt', inMg: event.quantityMg, outMg: 0, recordedBy: event.receivedBy, witnessedBy: event.witnessedBy,
      detail: `From ${event.supplier}${event.reference ? `, reference ${event.reference}` : ''}`,
    });
  },
  stockChecked(db: Database, event: Of<'stockChecked'>, stored: LedgerEvent) {
    db.prepare(`INSERT INTO stock_checks (event_id, at, clinic_day, drug, kind, counted_mg, register_balance_mg, discrepancy_mg, note,
      checked_by, witnessed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(stored.eventId, stored.occurredAt, event.clinicDay, event.drug, event.kind, event.countedMg, event.registerBalanceMg,
        event.discrepancyMg, event.note, event.checkedBy, event.witnessedBy);
    writeRegisterLine(db, stored, {
      drug: event.drug, kind: 'stock check', inMg: 0, outMg: 0, recordedBy: event.checkedBy, witnessedBy: event.witnessedBy,
      detail: `${event.kind} count ${event.countedMg} mg against ${event.registerBalanceMg} mg in the register` +
        (event.drawnUpMg > 0 ? `, ${event.drawnUpMg} mg of it drawn up for doses in progress` : '') +
        (event.discrepancyMg === 0 ? '' : `: discrepancy ${event.discrepancyMg} mg recorded as an incident (${event.note ?? ''})`),
    });
  },
};

const visitProjections = {
  visitStarted(db: Database, event: VisitStarted) {
    db.prepare(`INSERT OR REPLACE INTO visit_facts (visit_id, service_user_id, clinic_day, session_id, session_name, session_opens_at,
      session_closes_at, started_at, drug, form, strength_mg_per_ml, prescriber_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(event.visitId, event.serviceUserId, event.clinicDay, event.session.id, event.session.name, event.session.opensAt,
        event.session.closesAt, event.at, event.prescription.drug, event.prescription.form, event.prescription.strengthMgPerMl,
        event.prescription.prescriberId);
  },
  identityConfirmed(db: Database, stored: LedgerEvent) {
    db.prepare('UPDATE visit_facts SET identity_checked = 1 WHERE visit_id = ?').run(stored.visitId);
  },
  doseAdministered(db: Database, event: VisitEventOf<'doseAdministered'>, stored: LedgerEvent) {
    const visitId = stored.visitId ?? '';
    const facts = db.prepare<[string], SessionFacts>(
      'SELECT clinic_day, session_id, session_opens_at, session_closes_at FROM visit_facts WHERE visit_id = ?').get(visitId);
    const clinicDay = facts?.clinic_day ?? clinicDayOf(new Date(event.at), clinicTimeZone(db));
    // A dose whose visit this ledger never saw start is filed under no session anyone can share.
    const sessionId = facts?.session_id ?? `unknown-${visitId}`;
    db.prepare(`INSERT INTO doses (visit_id, service_user_id, clinic_day, session_id, administered_at, administered_mg, route, site)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(visitId, stored.serviceUserId, clinicDay, sessionId, event.at, event.administeredMg, event.route, event.site);
    const drawnMg = db.prepare<[string], { drawn: number | null }>(
      `SELECT json_extract(payload, '$.drawnMg') AS drawn FROM events WHERE visit_id = ? AND type = 'dosePrepared' ORDER BY seq DESC LIMIT 1`,
    ).get(visitId)?.drawn ?? null;
    writeRegisterLine(db, stored, {
      drug: visitDrug(db, visitId), kind: 'administration', visitId, serviceUserId: stored.serviceUserId, drawnMg,
      inMg: 0, outMg: event.administeredMg, route: event.route, site: event.site,
      recordedBy: event.staff.nurseId, witnessedBy: event.staff.witnessId,
    });
    if (event.centralClaim === 'offline') {
      const zone = clinicTimeZone(db);
      // A dose whose session this ledger does not know claims its whole clinic day: it can share it with no other.
      const opensAt = facts ? instantOn(clinicDay, facts.session_opens_at, zone) : startOfClinicDay(clinicDay, zone);
      const closesAt = facts ? instantOn(clinicDay, facts.session_closes_at, zone) : startOfClinicDay(addClinicDays(clinicDay, 1), zone);
      db.prepare(`INSERT INTO offline_dose_claims (event_id, kiosk_id, visit_id, service_user_id, clinic_day, session_id,
        session_opens_at, session_closes_at, actor_staff_id, witness_staff_id, administered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(stored.eventId, stored.kioskId, visitId, stored.serviceUserId, clinicDay, sessionId, opensAt.toISOString(),
          closesAt.toISOString(), event.staff.nurseId, event.staff.witnessId, event.at);
    }
  },
  surplusWasted(db: Database, event: VisitEventOf<'surplusWasted'>, stored: LedgerEvent) {
    const visitId = stored.visitId ?? '';
    db.prepare('UPDATE doses SET wasted_mg = wasted_mg + ? WHERE visit_id = ?').run(event.wastedMg, visitId);
    writeRegisterLine(db, stored, {
      drug: visitDrug(db, visitId), kind: 'waste', visitId, serviceUserId: stored.serviceUserId, inMg: 0, outMg: event.wastedMg,
      recordedBy: event.staff.nurseId, witnessedBy: event.staff.witnessId, detail: 'Surplus destroyed, witnessed',
    });
  },
};

const syncProjections = {
  offlineDoseClaimSettled(db: Database, event: Of<'offlineDoseClaimSettled'>, stored: LedgerEvent) {
    db.prepare('UPDATE offline_dose_claims SET settled = 1 WHERE event_id = ?').run(event.doseEventId);
    if (event.outcome !== 'alreadyClaimed') return;
    db.prepare(`INSERT INTO incidents (event_id, kind, service_user_id, clinic_day, session_id, raised_at, raised_by_kiosk, detail)
      VALUES (?, 'doubleDose', ?, ?, ?, ?, ?, ?)`)
      .run(stored.eventId, event.serviceUserId, event.clinicDay, event.sessionId, stored.occurredAt, stored.kioskId,
        JSON.stringify({ doseEventId: event.doseEventId, visitId: event.visitId, otherClaim: event.otherClaim }));
  },
  incidentAcknowledged(db: Database, event: Of<'incidentAcknowledged'>, stored: LedgerEvent) {
    db.prepare(`UPDATE incidents SET acknowledged_at = ?, acknowledged_by = ?, acknowledgement_note = ?
      WHERE event_id = ? AND acknowledged_at IS NULL`).run(stored.occurredAt, stored.actorStaffId, event.note, event.incidentEventId);
  },
};

/**
 * Wrong PINs in a row and the lock, per staff member. Counted from the events as they arrive,
 * whichever kiosk wrote them, so a badge tried in one room is locked in every room.
 */
const staffSecurityProjections = {
  staffPinRefused(db: Database, event: Of<'staffPinRefused'>) {
    db.prepare(`INSERT INTO staff_pin_lockouts (staff_id, wrong_in_a_row) VALUES (?, 1)
      ON CONFLICT (staff_id) DO UPDATE SET wrong_in_a_row = wrong_in_a_row + 1`).run(event.staffId);
  },
  staffLockedOut(db: Database, event: Of<'staffLockedOut'>, stored: LedgerEvent) {
    db.prepare(`INSERT INTO staff_pin_lockouts (staff_id, wrong_in_a_row, locked_at) VALUES (?, ?, ?)
      ON CONFLICT (staff_id) DO UPDATE SET locked_at = coalesce(locked_at, excluded.locked_at)`)
      .run(event.staffId, event.wrongInARow, stored.occurredAt);
  },
  // The right PIN starts the count again, but never opens a lock (another room may have locked the badge meanwhile).
  staffWrongPinsCleared(db: Database, event: Of<'staffWrongPinsCleared'>) {
    db.prepare('DELETE FROM staff_pin_lockouts WHERE staff_id = ? AND locked_at IS NULL').run(event.staffId);
  },
  staffUnlocked(db: Database, event: Of<'staffUnlocked'>) {
    db.prepare('DELETE FROM staff_pin_lockouts WHERE staff_id = ?').run(event.staffId);
  },
};

export function applyToProjections(database: Database, stored: LedgerEvent): void {
  const db = preparingOnce(database);
  const event = stored.payload;
  switch (event.type) {
    case 'clinicRegistered': return referenceProjections.clinicRegistered(db, event);
    case 'staffEnrolled': return referenceProjections.staffEnrolled(db, event);
    case 'serviceUserEnrolled': return referenceProjections.serviceUserEnrolled(db, event);
    case 'prescriptionIssued': return referenceProjections.prescriptionIssued(db, event, stored);
    case 'prescriptionChanged': return referenceProjections.prescriptionChanged(db, event, stored);
    case 'prescriptionSuspended': return referenceProjections.prescriptionSuspended(db, event, stored);
    case 'retitrationBlockCleared': return referenceProjections.retitrationBlockCleared(db, event, stored);
    case 'siteRulesAdopted': return referenceProjections.siteRulesAdopted(db, event, stored);
    case 'siteRulesApproved': return referenceProjections.siteRulesApproved(db, event, stored);
    case 'stockReceived': return referenceProjections.stockReceived(db, event, stored);
    case 'stockChecked': return referenceProjections.stockChecked(db, event, stored);
    case 'visitStarted': return visitProjections.visitStarted(db, event);
    case 'identityConfirmed': return visitProjections.identityConfirmed(db, stored);
    case 'doseAdministered': return visitProjections.doseAdministered(db, event, stored);
    case 'surplusWasted': return visitProjections.surplusWasted(db, event, stored);
    case 'offlineDoseClaimSettled': return syncProjections.offlineDoseClaimSettled(db, event, stored);
    case 'incidentAcknowledged': return syncProjections.incidentAcknowledged(db, event, stored);
    case 'staffPinRefused': return staffSecurityProjections.staffPinRefused(db, event);
    case 'staffLockedOut': return staffSecurityProjections.staffLockedOut(db, event, stored);
    case 'staffWrongPinsCleared': return staffSecurityProjections.staffWrongPinsCleared(db, event);
    case 'staffUnlocked': return staffSecurityProjections.staffUnlocked(db, event);
    default:
      // Other visit steps project into the visits table through the visit registry's snapshot write.
      return;
  }
}
