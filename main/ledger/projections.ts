/**
 * Tables derived from events, updated in the same transaction as the event. They can always be
 * rebuilt by replaying the ledger; nothing writes them except this file.
 */
import type { Database } from 'better-sqlite3';
import { addClinicDays, clinicDayOf, instantOn, startOfClinicDay, zoneBeforeClinicSetUp } from '../../shared/clinic-time/clinic-day.js';
import type { RegisterLine } from '../../shared/contract/reports.js';
import type { DomainEvent, LedgerEvent } from '../../shared/ledger/ledger-event.js';
import type { VisitEventOf, VisitStarted } from '../../shared/visit/visit-events.js';
import { formsWords, prescribedFormWords } from '../../shared/register/prescribed-forms.js';
import { roundToMicrograms, StockCounting, unitsInMg } from '../../shared/register/products.js';
import { destructionSection, productOfReturnsSection, returnsSection } from '../../shared/register/returns.js';
import { preparingOnce } from './statement-cache.js';

type Of<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

interface SessionFacts { clinic_day: string; session_id: string; session_opens_at: string; session_closes_at: string }

interface RegisterMovement {
  /** The product's id, or `drug:<name>` for a page kept by drug name before the catalogue. */
  section: string;
  drug: string;
  kind: RegisterLine['kind'];
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
  batch?: string | null;
  expiresOn?: string | null;
  correctsEventId?: string | null;
}

/** The register section of a page kept under a drug name alone, before the product catalogue. */
export const drugNameSection = (drug: string): string => `drug:${drug}`;

export function registerBalanceMg(db: Database, section: string): number {
  // The last line is the newest row: read the table backwards from its end. Through the section
  // index SQLite sorted every line of it first, 25 ms inside every dose's transaction after a year.
  const row = db.prepare<[string], { balance: number }>(
    'SELECT balance_mg AS balance FROM register_lines NOT INDEXED WHERE section = ? ORDER BY rowid DESC LIMIT 1').get(section);
  return row?.balance ?? 0;
}

export function productCounting(db: Database, productId: string): StockCounting | null {
  const row = db.prepare<[string], { counting: string }>('SELECT counting FROM cd_products WHERE product_id = ?').get(productId);
  return row ? StockCounting.parse(JSON.parse(row.counting)) : null;
}

function writeRegisterLine(db: Database, stored: LedgerEvent, movement: RegisterMovement): void {
  const balance = roundToMicrograms(registerBalanceMg(db, movement.section) + movement.inMg - movement.outMg);
  // A returns section counts in its product's unit.
  const counting = productCounting(db, productOfReturnsSection(movement.section) ?? movement.section);
  // Blank, not 0, where nothing moved that way: a printed register leaves the cell empty.
  const units = (mg: number) => (counting === null || mg === 0 ? null : unitsInMg(counting, mg));
  db.prepare(`INSERT INTO register_lines
    (kiosk_id, seq, event_id, drug, section, at, kind, visit_id, service_user_id, drawn_mg, in_mg, out_mg, in_units, out_units, route, site,
     recorded_by, witnessed_by, detail, batch, expires_on, corrects_event_id, balance_mg)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(stored.kioskId, stored.seq, stored.eventId, movement.drug, movement.section, stored.occurredAt, movement.kind,
      movement.visitId ?? null, movement.serviceUserId ?? null, movement.drawnMg ?? null, movement.inMg, movement.outMg,
      units(movement.inMg), units(movement.outMg), movement.route ?? null, movement.site ?? null, movement.recordedBy,
      movement.witnessedBy, movement.detail ?? null, movement.batch ?? null, movement.expiresOn ?? null, movement.correctsEventId ?? null, balance);
}

function clinicTimeZone(db: Database): string {
  return db.prepare<[], { time_zone: string }>('SELECT time_zone FROM clinic LIMIT 1').get()?.time_zone ?? zoneBeforeClinicSetUp;
}

function visitDrug(db: Database, visitId: string): string {
  return db.prepare<[string], { drug: string }>('SELECT drug FROM visit_facts WHERE visit_id = ?').get(visitId)?.drug ?? 'unknown';
}

function sectionDrug(db: Database, section: string): string {
  return db.prepare<[string], { drug: string }>('SELECT drug FROM register_lines WHERE section = ? LIMIT 1').get(section)?.drug ?? 'unknown';
}

function productDrug(db: Database, productId: string): string {
  return db.prepare<[string], { drug: string }>('SELECT drug FROM cd_products WHERE product_id = ?').get(productId)?.drug ?? 'unknown';
}

/** What the visit's last preparation drew up, and from which register section. */
function preparationOf(db: Database, visitId: string): { drawnMg: number | null; section: string; drug: string } {
  const row = db.prepare<[string], { drawn: number | null; product: string | null; drug: string | null }>(
    `SELECT json_extract(payload, '$.drawnMg') AS drawn, json_extract(payload, '$.productId') AS product,
      json_extract(payload, '$.drug') AS drug FROM events WHERE visit_id = ? AND type = 'dosePrepared' ORDER BY seq DESC LIMIT 1`,
  ).get(visitId);
  const drug = row?.drug ?? visitDrug(db, visitId);
  return { drawnMg: row?.drawn ?? null, section: row?.product ?? drugNameSection(drug), drug };
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
      (prescription_id, service_user_id, drug, form, allowed_forms, strength_mg_per_ml, dose_per_session_mg, sessions_per_day,
       routes, starts_on, ends_on, prescriber_id, status, reduced_dose_range, issued_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`)
      .run(event.prescriptionId, event.serviceUserId, event.drug, prescribedFormWords(event),
        event.allowedForms ? JSON.stringify(event.allowedForms) : null, event.strengthMgPerMl,
        event.dosePerSessionMg, event.sessionsPerDay, JSON.stringify(event.routes), event.startsOn, event.endsOn,
        event.prescriberId, event.reducedDoseRange ? JSON.stringify(event.reducedDoseRange) : null, stored.occurredAt);
  },
  prescriptionChanged(db: Database, event: Of<'prescriptionChanged'>, stored: LedgerEvent) {
    const allowedForms = event.allowedForms ? JSON.stringify(event.allowedForms) : null;
    db.prepare(`UPDATE prescriptions SET dose_per_session_mg = ?, sessions_per_day = ?, routes = ?, reduced_dose_range = ?,
      ends_on = ?, changed_at = ?, prescriber_id = coalesce(?, prescriber_id), allowed_forms = coalesce(?, allowed_forms),
      form = coalesce(?, form) WHERE prescription_id = ?`)
      .run(event.dosePerSessionMg, event.sessionsPerDay, JSON.stringify(event.routes),
        event.reducedDoseRange ? JSON.stringify(event.reducedDoseRange) : null, event.endsOn, stored.occurredAt,
        stored.actorStaffId, allowedForms, event.allowedForms ? formsWords(event.allowedForms) : null, event.prescriptionId);
  },
  prescriptionSuspended(db: Database, event: Of<'prescriptionSuspended'>, stored: LedgerEvent) {
    db.prepare(`UPDATE prescriptions SET status = 'suspended', changed_at = ? WHERE prescription_id = ?`)
      .run(stored.occurredAt, event.prescriptionId);
  },
  retitrationBlockCleared(db: Database, event: Of<'retitrationBlockCleared'>, stored: LedgerEvent) {
    db.prepare('INSERT INTO block_clearances (service_user_id, cleared_at, cleared_by, note) VALUES (?, ?, ?, ?)')
      .run(event.serviceUserId, stored.occurredAt, stored.actorStaffId, event.note);
  },
  handoverNoteWritten(db: Database, event: Of<'handoverNoteWritten'>, stored: LedgerEvent) {
    db.prepare('INSERT OR IGNORE INTO handover_notes (event_id, service_user_id, note, written_at, written_by) VALUES (?, ?, ?, ?, ?)')
      .run(stored.eventId, event.serviceUserId, event.note, stored.occurredAt, event.writtenBy);
  },
  siteRulesAdopted(db: Database, event: Of<'siteRulesAdopted'>, stored: LedgerEvent) {
    db.prepare('INSERT OR REPLACE INTO site_rules (version, rules, adopted_at, adopted_by) VALUES (?, ?, ?, ?)')
      .run(event.rules.version, JSON.stringify(event.rules), stored.occurredAt, stored.actorStaffId);
  },
  siteRulesApproved(db: Database, event: Of<'siteRulesApproved'>, stored: LedgerEvent) {
    db.prepare(`UPDATE site_rules SET rules = json_set(rules, '$.approvedBy', ?), approved_at = ?, approved_by_staff_id = ? WHERE version = ?`)
      .run(event.approvedBy, stored.occurredAt, stored.actorStaffId, event.version);
  },
  controlledDrugProductAdded(db: Database, event: Of<'controlledDrugProductAdded'>, stored: LedgerEvent) {
    db.prepare('INSERT OR IGNORE INTO cd_products (product_id, drug, form, counting, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.productId, event.drug, event.form, JSON.stringify(event.counting), stored.occurredAt, stored.actorStaffId);
  },
  stockReceived(db: Database, event: Of<'stockReceived'>, stored: LedgerEvent) {
    writeRegisterLine(db, stored, {
      section: event.productId ?? drugNameSection(event.drug), drug: event.drug, kind: 'receipt', inMg: event.quantityMg, outMg: 0,
      recordedBy: event.receivedBy, witnessedBy: event.witnessedBy, batch: event.batch ?? null, expiresOn: event.expiresOn ?? null,
      detail: `From ${event.supplier}${event.reference ? `, reference ${event.reference}` : ''}`,
    });
  },
  // Two lines, one event: the old page closes at zero and the product's section opens with the count.
  registerPageCarriedForward(db: Database, event: Of<'registerPageCarriedForward'>, stored: LedgerEvent) {
    const people = { recordedBy: event.confirmedBy, witnessedBy: event.witnessedBy };
    const difference = roundToMicrograms(event.countedMg - event.pageBalanceMg);
    const note = difference === 0 ? '' : `; counted ${event.countedMg} mg, a discrepancy of ${difference} mg (${event.note ?? ''})`;
    writeRegisterLine(db, stored, {
      section: drugNameSection(event.fromDrug), drug: event.fromDrug, kind: 'carried forward', inMg: 0, outMg: event.pageBalanceMg, ...people,
      detail: `Balance of ${event.pageBalanceMg} mg carried to the section of product ${event.productId}${note}`,
    });
    writeRegisterLine(db, stored, {
      section: event.productId, drug: event.fromDrug, kind: 'carried forward', inMg: event.countedMg, outMg: 0, ...people,
      detail: `Opening balance counted and carried from the page kept under "${event.fromDrug}" (${event.pageBalanceMg} mg there)${note}`,
    });
  },
  // The corrected entry stays as it was; the difference moves the balance from this line on.
  registerEntryCorrected(db: Database, event: Of<'registerEntryCorrected'>, stored: LedgerEvent) {
    const difference = roundToMicrograms((event.right.inMg - event.wrong.inMg) - (event.right.outMg - event.wrong.outMg));
    const figures = difference === 0 ? 'no change to the balance'
      : `should read ${event.right.inMg} mg in and ${event.right.outMg} mg out, not ${event.wrong.inMg} mg in and ${event.wrong.outMg} mg out`;
    writeRegisterLine(db, stored, {
      section: event.section, drug: sectionDrug(db, event.section), kind: 'correction', correctsEventId: event.entryEventId,
      inMg: Math.max(difference, 0), outMg: Math.max(-difference, 0), recordedBy: event.correctedBy, witnessedBy: event.witnessedBy,
      detail: `Correction of the entry ${event.entryEventId.slice(0, 8)}: ${figures}. ${event.reason}`,
    });
  },
  // Out of the clinic's stock, or out of what service users handed back: never both.
  stockDestroyed(db: Database, event: Of<'stockDestroyed'>, stored: LedgerEvent) {
    const { witness } = event;
    const enrolled = 'staffId' in witness;
    writeRegisterLine(db, stored, {
      section: destructionSection(event.productId, event.from), drug: productDrug(db, event.productId), kind: 'destruction',
      inMg: 0, outMg: event.quantityMg, recordedBy: event.destroyedBy, witnessedBy: enrolled ? witness.staffId : null,
      detail: `Destroyed (${event.reason})${event.note ? `: ${event.note}` : ''}` +
        (enrolled ? '' : `; witnessed by ${witness.name}, ${witness.role}, ${witness.organisation}`),
    });
  },
  // Into the product's returns section: the product's own balance does not move.
  patientReturnReceived(db: Database, event: Of<'patientReturnReceived'>, stored: LedgerEvent) {
    writeRegisterLine(db, stored, {
      section: returnsSection(event.productId), drug: productDrug(db, event.productId), kind: 'patient return', inMg: event.quantityMg, outMg: 0,
      serviceUserId: event.serviceUserId, recordedBy: event.receivedBy, witnessedBy: event.witnessedBy,
      detail: `Handed back by the service user${event.note ? `: ${event.note}` : ''}`,
    });
  },
  destructionWitnessAuthorised(db: Database, event: Of<'destructionWitnessAuthorised'>, stored: LedgerEvent) {
    db.prepare(`INSERT INTO destruction_witnesses (staff_id, authorised, decided_by, decided_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (staff_id) DO UPDATE SET authorised = excluded.authorised, decided_by = excluded.decided_by, decided_at = excluded.decided_at`)
      .run(event.staffId, event.authorised ? 1 : 0, event.decidedBy, stored.occurredAt);
  },
  stockChecked(db: Database, event: Of<'stockChecked'>, stored: LedgerEvent) {
    const section = event.productId ?? drugNameSection(event.drug);
    db.prepare(`INSERT INTO stock_checks (event_id, at, clinic_day, drug, section, kind, counted_mg, register_balance_mg, drawn_up_mg,
      discrepancy_mg, note, checked_by, witnessed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(stored.eventId, stored.occurredAt, event.clinicDay, event.drug, section, event.kind, event.countedMg, event.registerBalanceMg,
        event.drawnUpMg, event.discrepancyMg, event.note, event.checkedBy, event.witnessedBy);
    writeRegisterLine(db, stored, {
      section, drug: event.drug, kind: 'stock check', inMg: 0, outMg: 0, recordedBy: event.checkedBy, witnessedBy: event.witnessedBy,
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
  // The dose itself leaves the register when given or wasted; what is left in opened ampoules, now.
  dosePrepared(db: Database, event: VisitEventOf<'dosePrepared'>, stored: LedgerEvent) {
    if (event.productId === undefined || !event.ampouleRemainderMg) return;
    writeRegisterLine(db, stored, {
      section: event.productId, drug: event.drug, kind: 'waste', visitId: stored.visitId, serviceUserId: stored.serviceUserId,
      drawnMg: event.drawnMg, inMg: 0, outMg: event.ampouleRemainderMg, recordedBy: event.staff.nurseId, witnessedBy: event.staff.witnessId,
      detail: `Left in the ampoules opened for a ${event.drawnMg} mg dose: destroyed at preparation, witnessed`,
    });
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
    const preparation = preparationOf(db, visitId);
    writeRegisterLine(db, stored, {
      section: preparation.section, drug: preparation.drug, kind: 'administration', visitId, serviceUserId: stored.serviceUserId,
      drawnMg: preparation.drawnMg,
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
    const preparation = preparationOf(db, visitId);
    writeRegisterLine(db, stored, {
      section: preparation.section, drug: preparation.drug, kind: 'waste', visitId, serviceUserId: stored.serviceUserId, inMg: 0, outMg: event.wastedMg,
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
    case 'handoverNoteWritten': return referenceProjections.handoverNoteWritten(db, event, stored);
    case 'siteRulesAdopted': return referenceProjections.siteRulesAdopted(db, event, stored);
    case 'siteRulesApproved': return referenceProjections.siteRulesApproved(db, event, stored);
    case 'controlledDrugProductAdded': return referenceProjections.controlledDrugProductAdded(db, event, stored);
    case 'stockReceived': return referenceProjections.stockReceived(db, event, stored);
    case 'registerPageCarriedForward': return referenceProjections.registerPageCarriedForward(db, event, stored);
    case 'registerEntryCorrected': return referenceProjections.registerEntryCorrected(db, event, stored);
    case 'stockChecked': return referenceProjections.stockChecked(db, event, stored);
    case 'stockDestroyed': return referenceProjections.stockDestroyed(db, event, stored);
    case 'patientReturnReceived': return referenceProjections.patientReturnReceived(db, event, stored);
    case 'destructionWitnessAuthorised': return referenceProjections.destructionWitnessAuthorised(db, event, stored);
    case 'visitStarted': return visitProjections.visitStarted(db, event);
    case 'identityConfirmed': return visitProjections.identityConfirmed(db, stored);
    case 'dosePrepared': return visitProjections.dosePrepared(db, event, stored);
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
