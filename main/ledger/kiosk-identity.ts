/** The kiosk's id, made once when its database is created: it numbers and signs its events. */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export function kioskIdOf(db: Database, now: () => Date): string {
  const existing = db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk').get();
  if (existing) return existing.kiosk_id;
  const kioskId = randomUUID();
  db.prepare('INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, ?, ?)').run(kioskId, now().toISOString());
  return kioskId;
}
