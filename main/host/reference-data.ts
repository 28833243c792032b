/**
 * Read-only queries over the reference projections (clinic, staff, service users,
 * prescriptions, site rules), returned as validated values.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { StaffRole } from '../../shared/ledger/reference-events.js';
import { SiteRules } from '../../shared/site-rules/site-rules.js';
import { PrescriptionSnapshot, Route } from '../../shared/visit/visit-events.js';

export interface Clinic { clinicId: string; name: string; timeZone: string }
export interface StaffMember { staffId: string; displayName: string; role: StaffRole }
export interface ServiceUser {
  serviceUserId: string; preferredName: string; legalName: string; dateOfBirth: string; photo: string;
  alcoholMonitoring: boolean; handoverNote: string | null;
}

const Routes = z.array(Route);

export class ReferenceData {
  constructor(private readonly db: Database) {}

  clinic(): Clinic | null {
    const row = this.db.prepare<[], { clinic_id: string; name: string; time_zone: string }>(
      'SELECT clinic_id, name, time_zone FROM clinic LIMIT 1').get();
    return row ? { clinicId: row.clinic_id, name: row.name, timeZone: row.time_zone } : null;
  }

  staff(): StaffMember[] {
    return this.db.prepare<[], { staff_id: string; display_name: string; role: string }>(
      'SELECT staff_id, display_name, role FROM staff ORDER BY display_name').all()
      .map((row) => ({ staffId: row.staff_id, displayName: row.display_name, role: StaffRole.parse(row.role) }));
  }

  serviceUsers(): ServiceUser[] {
    return this.db.prepare<[], ServiceUserRow>('SELECT * FROM service_users ORDER BY preferred_name').all().map(serviceUserFromRow);
  }

  serviceUser(serviceUserId: string): ServiceUser | null {
    const row = this.db.prepare<[string], ServiceUserRow>('SELECT * FROM service_users WHERE service_user_id = ?').get(serviceUserId);
    return row ? serviceUserFromRow(row) : null;
  }

  /** The prescription in force on this clinic day (YYYY-MM-DD): active, started, not yet ended. */
  activePrescription(serviceUserId: string, clinicDay: string): PrescriptionSnapshot | null {
    const row = this.db.prepare<[string, string, string], PrescriptionRow>(
      `SELECT * FROM prescriptions
       WHERE service_user_id = ? AND status = 'active' AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?)
       ORDER BY starts_on DESC LIMIT 1`,
    ).get(serviceUserId, clinicDay, clinicDay);
    if (!row) return null;
    return PrescriptionSnapshot.parse({
      prescriptionId: row.prescription_id, drug: row.drug, form: row.form, strengthMgPerMl: row.strength_mg_per_ml,
      dosePerSessionMg: row.dose_per_session_mg, routes: Routes.parse(JSON.parse(row.routes)), prescriberId: row.prescriber_id,
    });
  }

  /** When this person was last given a dose, from the ledger (any kiosk's events it holds). */
  lastDoseAt(serviceUserId: string): string | null {
    const row = this.db.prepare<[string], { at: string | null }>(
      `SELECT max(json_extract(payload, '$.at')) AS at FROM events WHERE service_user_id = ? AND type = 'doseAdministered'`,
    ).get(serviceUserId);
    return row?.at ?? null;
  }

  siteRules(): SiteRules | null {
    const row = this.db.prepare<[], { rules: string }>('SELECT rules FROM site_rules ORDER BY version DESC LIMIT 1').get();
    return row ? SiteRules.parse(JSON.parse(row.rules)) : null;
  }
}

interface ServiceUserRow {
  service_user_id: string; preferred_name: string; legal_name: string; date_of_birth: string; photo: string;
  alcohol_monitoring: number; handover_note: string | null;
}
interface PrescriptionRow {
  prescription_id: string; drug: string; form: string; strength_mg_per_ml: number | null; dose_per_session_mg: number;
  routes: string; prescriber_id: string;
}

function serviceUserFromRow(row: ServiceUserRow): ServiceUser {
  return {
    serviceUserId: row.service_user_id, preferredName: row.preferred_name, legalName: row.legal_name,
    dateOfBirth: row.date_of_birth, photo: row.photo, alcoholMonitoring: row.alcohol_monitoring === 1,
    handoverNote: row.handover_note,
  };
}
