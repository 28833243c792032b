/**
 * Tables derived from reference events, updated in the same transaction as the event. They can
 * always be rebuilt by replaying the ledger; nothing writes them except this file.
 */
import type { Database } from 'better-sqlite3';
import type { DomainEvent } from '../../shared/ledger/ledger-event.js';

export function applyToProjections(db: Database, event: DomainEvent): void {
  switch (event.type) {
    case 'clinicRegistered':
      db.prepare('INSERT OR REPLACE INTO clinic (clinic_id, name, time_zone) VALUES (?, ?, ?)')
        .run(event.clinicId, event.name, event.timeZone);
      return;
    case 'staffEnrolled':
      db.prepare('INSERT OR REPLACE INTO staff (staff_id, display_name, role) VALUES (?, ?, ?)')
        .run(event.staffId, event.displayName, event.role);
      return;
    case 'serviceUserEnrolled':
      db.prepare(`INSERT OR REPLACE INTO service_users
        (service_user_id, preferred_name, legal_name, date_of_birth, photo, alcohol_monitoring, handover_note)
        VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(event.serviceUserId, event.preferredName, event.legalName, event.dateOfBirth, event.photo,
          event.alcoholMonitoring ? 1 : 0, event.handoverNote);
      return;
    case 'prescriptionIssued':
      db.prepare(`INSERT OR REPLACE INTO prescriptions
        (prescription_id, service_user_id, drug, form, strength_mg_per_ml, dose_per_session_mg, sessions_per_day,
         routes, starts_on, ends_on, prescriber_id, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')`)
        .run(event.prescriptionId, event.serviceUserId, event.drug, event.form, event.strengthMgPerMl,
          event.dosePerSessionMg, event.sessionsPerDay, JSON.stringify(event.routes), event.startsOn, event.endsOn,
          event.prescriberId);
      return;
    case 'siteRulesAdopted':
      db.prepare('INSERT OR REPLACE INTO site_rules (version, rules) VALUES (?, ?)')
        .run(event.rules.version, JSON.stringify(event.rules));
      return;
    default:
      // Visit events project into the visits table through the visit registry's snapshot write.
      return;
  }
}
