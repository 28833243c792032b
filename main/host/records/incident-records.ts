/**
 * Incidents raised on this kiosk or pulled from another: double doses found when an offline
 * kiosk reconnected, until a nurse or clinic lead acknowledges them. Read-only.
 */
import type { Database } from 'better-sqlite3';

export interface OpenIncident { incidentId: string; serviceUserId: string; raisedAt: string; detail: unknown }

export class IncidentRecords {
  constructor(private readonly db: Database) {}

  /** Incidents (double doses found on reconnection) no one has acknowledged yet, oldest first. */
  openIncidents(): OpenIncident[] {
    return this.db.prepare<[], { event_id: string; service_user_id: string; raised_at: string; detail: string }>(
      'SELECT event_id, service_user_id, raised_at, detail FROM incidents WHERE acknowledged_at IS NULL ORDER BY raised_at').all()
      .map((row) => ({ incidentId: row.event_id, serviceUserId: row.service_user_id, raisedAt: row.raised_at, detail: JSON.parse(row.detail) as unknown }));
  }

  incidentIsOpen(incidentId: string): boolean {
    return this.db.prepare('SELECT 1 FROM incidents WHERE event_id = ? AND acknowledged_at IS NULL').get(incidentId) !== undefined;
  }
}
