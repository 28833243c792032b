/**
 * The clinic's reference records, read from the projections as validated values: the clinic,
 * staff (and their PIN lockouts), service users, prescriptions and site rules. What happened to
 * people (doses, withholds, visits) is in visit-history.ts; incidents, stock and event
 * attribution have their own readers beside this one. Nothing here writes.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { StaffRole } from '../../../shared/ledger/reference-events.js';
import { AllowedForms, formsNamedIn } from '../../../shared/register/prescribed-forms.js';
import type { ProductForm } from '../../../shared/register/products.js';
import { rulesVersionInForceAt, type RulesVersion } from '../../../shared/site-rules/rules-in-force.js';
import { SiteRules } from '../../../shared/site-rules/site-rules.js';
import { DoseRange, PrescriptionSnapshot, Route } from '../../../shared/visit/visit-events.js';

export interface Clinic { clinicId: string; name: string; timeZone: string }
export interface StaffMember { staffId: string; displayName: string; role: StaffRole; badgeNumber: string; active: boolean }
export interface ServiceUser {
  serviceUserId: string; preferredName: string; legalName: string; dateOfBirth: string; photo: string;
  alcoholMonitoring: boolean; handoverNote: string | null;
}
/** A dated note by the member of staff who wrote it (by name), or the record's own note: both null. */
export interface HandoverNote { note: string; writtenAt: string | null; writtenBy: string | null }
export interface Prescription extends PrescriptionSnapshot {
  serviceUserId: string;
  startsOn: string;
  endsOn: string | null;
  status: 'active' | 'suspended';
  issuedAt: string;
}
export interface SiteRulesVersion extends RulesVersion {
  adoptedBy: string | null;
  /** The approver's name as recorded, and their staff id (null on versions approved before ids were kept). */
  approvedBy: string | null;
  approvedByStaffId: string | null;
}

interface SiteRulesRow {
  version: number; rules: string; adopted_at: string; adopted_by: string | null; approved_at: string | null; approved_by_staff_id: string | null;
}

const Routes = z.array(Route);
const Status = z.enum(['active', 'suspended']);

export class ReferenceData {
  // Read on every view and step; parsed again only when a version is adopted or approved.
  private rulesVersions: { fingerprint: string; versions: SiteRulesVersion[] } | null = null;

  constructor(private readonly db: Database) {}

  clinic(): Clinic | null {
    const row = this.db.prepare<[], { clinic_id: string; name: string; time_zone: string }>(
      'SELECT clinic_id, name, time_zone FROM clinic LIMIT 1').get();
    return row ? { clinicId: row.clinic_id, name: row.name, timeZone: row.time_zone } : null;
  }

  staff(): StaffMember[] {
    return this.db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY display_name').all().map(staffFromRow);
  }

  staffMember(staffId: string): StaffMember | null {
    const row = this.db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE staff_id = ?').get(staffId);
    return row ? staffFromRow(row) : null;
  }

  /** The active staff member with this badge, and their PIN hash to check against. */
  staffByBadge(badgeNumber: string): { member: StaffMember; pinHash: string } | null {
    const row = this.db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE badge_number = ? AND active = 1').get(badgeNumber);
    return row ? { member: staffFromRow(row), pinHash: row.pin_hash } : null;
  }

  pinHashOf(staffId: string): string | null {
    return this.db.prepare<[string], { pin_hash: string }>('SELECT pin_hash FROM staff WHERE staff_id = ?').get(staffId)?.pin_hash ?? null;
  }

  /** Wrong PINs in a row for this staff member, and when their badge was locked (null: not locked). */
  pinLockout(staffId: string): { wrongInARow: number; lockedAt: string | null } {
    const row = this.db.prepare<[string], { wrong_in_a_row: number; locked_at: string | null }>(
      'SELECT wrong_in_a_row, locked_at FROM staff_pin_lockouts WHERE staff_id = ?').get(staffId);
    return { wrongInARow: row?.wrong_in_a_row ?? 0, lockedAt: row?.locked_at ?? null };
  }

  nameOf(staffId: string | null): string {
    if (staffId === null) return 'the kiosk';
    return this.staffMember(staffId)?.displayName ?? 'a staff member no longer enrolled';
  }

  serviceUsers(): ServiceUser[] {
    return this.db.prepare<[], ServiceUserRow>('SELECT * FROM service_users ORDER BY preferred_name').all().map(serviceUserFromRow);
  }

  serviceUser(serviceUserId: string): ServiceUser | null {
    const row = this.db.prepare<[string], ServiceUserRow>('SELECT * FROM service_users WHERE service_user_id = ?').get(serviceUserId);
    return row ? serviceUserFromRow(row) : null;
  }

  /**
   * The latest handover notes for this person, newest first, with who wrote each (by name), then
   * the note kept on their record before notes were dated, undated: at most `latest` in all.
   */
  handoverNotesOf(person: ServiceUser, latest: number): HandoverNote[] {
    const dated = this.db.prepare<[string, number], { note: string; written_at: string; written_by: string }>(
      'SELECT note, written_at, written_by FROM handover_notes WHERE service_user_id = ? ORDER BY written_at DESC, rowid DESC LIMIT ?')
      .all(person.serviceUserId, latest)
      .map((row): HandoverNote => ({ note: row.note, writtenAt: row.written_at, writtenBy: this.nameOf(row.written_by) }));
    const fromRecord = person.handoverNote === null ? [] : [{ note: person.handoverNote, writtenAt: null, writtenBy: null }];
    return [...dated, ...fromRecord].slice(0, latest);
  }

  prescriptionsOf(serviceUserId: string): Prescription[] {
    return this.db.prepare<[string], PrescriptionRow>(
      'SELECT * FROM prescriptions WHERE service_user_id = ? ORDER BY starts_on DESC, issued_at DESC').all(serviceUserId)
      .map(prescriptionFromRow);
  }

  prescription(prescriptionId: string): Prescription | null {
    const row = this.db.prepare<[string], PrescriptionRow>('SELECT * FROM prescriptions WHERE prescription_id = ?').get(prescriptionId);
    return row ? prescriptionFromRow(row) : null;
  }

  /** The last change of a prescription's terms: when, by whom and why (null: never changed). */
  lastPrescriptionChange(prescriptionId: string): { at: string; by: string | null; reason: string } | null {
    const row = this.db.prepare<[string], { at: string; by: string | null; reason: string }>(
      `SELECT occurred_at AS at, actor_staff_id AS by, json_extract(payload, '$.reason') AS reason FROM events
       WHERE type = 'prescriptionChanged' AND json_extract(payload, '$.prescriptionId') = ? ORDER BY occurred_at DESC LIMIT 1`).get(prescriptionId);
    return row ?? null;
  }

  /** The prescription in force on this clinic day (YYYY-MM-DD): active, started, not yet ended. */
  activePrescription(serviceUserId: string, clinicDay: string): Prescription | null {
    const row = this.db.prepare<[string, string, string], PrescriptionRow>(
      `SELECT * FROM prescriptions
       WHERE service_user_id = ? AND status = 'active' AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?)
       ORDER BY starts_on DESC, issued_at DESC LIMIT 1`,
    ).get(serviceUserId, clinicDay, clinicDay);
    return row ? prescriptionFromRow(row) : null;
  }

  /** The rules in force at a moment: the last version approved by then (see shared/site-rules/rules-in-force.ts). */
  siteRulesAt(at: Date | string): SiteRules | null {
    return this.siteRulesVersionAt(at)?.rules ?? null;
  }

  siteRulesVersionAt(at: Date | string): SiteRulesVersion | null {
    return rulesVersionInForceAt(this.siteRulesVersions(), new Date(at));
  }

  /** The newest version adopted, approved or not: what the editor changes and an approver approves. */
  latestSiteRules(): SiteRulesVersion | null {
    return this.siteRulesVersions().at(-1) ?? null;
  }

  /** Every version, oldest first. */
  siteRulesVersions(): SiteRulesVersion[] {
    const fingerprint = JSON.stringify(this.db.prepare<[], unknown>(
      'SELECT count(*) AS versions, max(version) AS newest, count(approved_at) AS approved FROM site_rules').get());
    if (this.rulesVersions?.fingerprint === fingerprint) return this.rulesVersions.versions;
    const versions = this.db.prepare<[], SiteRulesRow>(
      'SELECT version, rules, adopted_at, adopted_by, approved_at, approved_by_staff_id FROM site_rules ORDER BY version').all()
      .map((row): SiteRulesVersion => {
        const rules = SiteRules.parse(JSON.parse(row.rules));
        return {
          version: row.version, rules, adoptedAt: row.adopted_at, adoptedBy: row.adopted_by, approvedAt: row.approved_at,
          approvedBy: rules.approvedBy, approvedByStaffId: row.approved_by_staff_id,
        };
      });
    this.rulesVersions = { fingerprint, versions };
    return versions;
  }
}

interface StaffRow { staff_id: string; display_name: string; role: string; badge_number: string; pin_hash: string; active: number }
interface ServiceUserRow {
  service_user_id: string; preferred_name: string; legal_name: string; date_of_birth: string; photo: string;
  alcohol_monitoring: number; handover_note: string | null;
}
interface PrescriptionRow {
  prescription_id: string; service_user_id: string; drug: string; form: string; allowed_forms: string | null; strength_mg_per_ml: number | null;
  dose_per_session_mg: number; sessions_per_day: number; routes: string; starts_on: string; ends_on: string | null;
  prescriber_id: string; status: string; reduced_dose_range: string | null; issued_at: string;
}

function staffFromRow(row: StaffRow): StaffMember {
  return {
    staffId: row.staff_id, displayName: row.display_name, role: StaffRole.parse(row.role), badgeNumber: row.badge_number,
    active: row.active === 1,
  };
}

function serviceUserFromRow(row: ServiceUserRow): ServiceUser {
  return {
    serviceUserId: row.service_user_id, preferredName: row.preferred_name, legalName: row.legal_name,
    dateOfBirth: row.date_of_birth, photo: row.photo, alcoholMonitoring: row.alcohol_monitoring === 1,
    handoverNote: row.handover_note,
  };
}

function prescriptionFromRow(row: PrescriptionRow): Prescription {
  const snapshot = PrescriptionSnapshot.parse({
    prescriptionId: row.prescription_id, drug: row.drug, form: row.form, allowedForms: allowedFormsOf(row), strengthMgPerMl: row.strength_mg_per_ml,
    dosePerSessionMg: row.dose_per_session_mg, sessionsPerDay: row.sessions_per_day, routes: Routes.parse(JSON.parse(row.routes)),
    reducedDoseRange: row.reduced_dose_range === null ? null : DoseRange.parse(JSON.parse(row.reduced_dose_range)),
    prescriberId: row.prescriber_id,
  });
  return {
    ...snapshot, serviceUserId: row.service_user_id, startsOn: row.starts_on, endsOn: row.ends_on,
    status: Status.parse(row.status), issuedAt: row.issued_at,
  };
}

/** Issued since allowed forms were kept: as named; before: the catalogue forms its free text names, maybe none. */
function allowedFormsOf(row: Pick<PrescriptionRow, 'allowed_forms' | 'form'>): ProductForm[] {
  return row.allowed_forms === null ? formsNamedIn(row.form) : AllowedForms.parse(JSON.parse(row.allowed_forms));
}

/** The snapshot a visit keeps: the prescription as it stood when the visit started. */
export function snapshotOf(prescription: Prescription): PrescriptionSnapshot {
  const { prescriptionId, drug, form, allowedForms, strengthMgPerMl, dosePerSessionMg, sessionsPerDay, routes, reducedDoseRange, prescriberId } = prescription;
  return { prescriptionId, drug, form, allowedForms, strengthMgPerMl, dosePerSessionMg, sessionsPerDay, routes, reducedDoseRange, prescriberId };
}
