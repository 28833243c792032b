/**
 * Who recorded an event, when and on which kiosk, read from the ledger's envelope columns (never
 * its payload), and the names the clinic gave its kiosks centrally. Read-only.
 */
import type { Database } from 'better-sqlite3';

export interface EventAttribution { occurredAt: string; actorStaffId: string | null; kioskId: string }

export class EventRecords {
  constructor(private readonly db: Database) {}

  /** A recorded event's time and attribution, wherever in the clinic it was written. */
  eventAttribution(eventId: string): EventAttribution | null {
    const row = this.db.prepare<[string], { occurred_at: string; actor_staff_id: string | null; kiosk_id: string }>(
      'SELECT occurred_at, actor_staff_id, kiosk_id FROM events WHERE event_id = ?').get(eventId);
    return row ? { occurredAt: row.occurred_at, actorStaffId: row.actor_staff_id, kioskId: row.kiosk_id } : null;
  }

  /** A kiosk's name as the clinic registered it centrally; null for one this kiosk has not heard of. */
  kioskName(kioskId: string): string | null {
    return this.db.prepare<[string], { name: string }>('SELECT name FROM known_kiosks WHERE kiosk_id = ?').get(kioskId)?.name ?? null;
  }
}
