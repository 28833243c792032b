/**
 * Doses drawn up in another room and not yet given or wasted there: two rooms share one cupboard,
 * so a stock count in either allows for them and names them (host/register/stock-on-hand.ts).
 * Kept as each of that room's visit events arrives; the visit's own events decide, never a total
 * sent alongside them, so it can always be worked out again from the ledger (migration 0017).
 */
import type { Database, Statement } from 'better-sqlite3';
import { roundToMicrograms } from '../../shared/register/products.js';
import { VisitEvent, visitStarted, type VisitEventOf } from '../../shared/visit/visit-events.js';
import { drugNameSection } from '../ledger/projections.js';

interface DrawnUpElsewhere {
  serviceUserId: string;
  section: string;
  leftMg: number;
  preparedAt: string;
  clinicDay: string;
  sessionClosesAt: string;
}

function preparationIn(payloads: readonly unknown[]): VisitEventOf<'dosePrepared'> | null {
  const parsed = VisitEvent.safeParse(payloads.find((payload) => (payload as { type?: unknown }).type === 'dosePrepared'));
  return parsed.success && parsed.data.type === 'dosePrepared' ? parsed.data : null;
}

/** mg a visit event moves into a syringe (+) or out of it (-), read as stored: each event was checked when it was imported. */
function syringeMg(payload: unknown): number {
  const event = payload as { type?: unknown; drawnMg?: unknown; administeredMg?: unknown; wastedMg?: unknown };
  const mg = (value: unknown) => (typeof value === 'number' ? value : 0);
  if (event.type === 'dosePrepared') return mg(event.drawnMg);
  if (event.type === 'doseAdministered') return -mg(event.administeredMg);
  if (event.type === 'surplusWasted') return -mg(event.wastedMg);
  return 0;
}

/** What a visit, from its events in order, still has drawn up; null when nothing (or it cannot be read here). */
export function drawnUpInVisit(payloads: readonly unknown[]): DrawnUpElsewhere | null {
  // Most visits have given or wasted all they drew up: summed first, they need no parsing at all,
  // which keeps a pull of a year of visits from parsing each one's check-in (rules, prescription).
  const leftMg = roundToMicrograms(payloads.reduce<number>((sum, payload) => sum + syringeMg(payload), 0));
  if (leftMg <= 0) return null;
  const started = visitStarted.safeParse(payloads[0]);
  const preparation = preparationIn(payloads);
  if (!started.success || !preparation) return null;
  return {
    serviceUserId: started.data.serviceUserId,
    section: preparation.productId ?? drugNameSection(preparation.drug.toLowerCase()),
    leftMg,
    preparedAt: preparation.at,
    clinicDay: started.data.clinicDay,
    sessionClosesAt: started.data.session.closesAt,
  };
}

export class DrawnUpElsewhereTable {
  private readonly upsert: Statement<[string, string, string, string, number, string, string, string]>;
  private readonly forget: Statement<[string]>;

  constructor(db: Database) {
    this.upsert = db.prepare(`INSERT INTO remote_drawn_up (visit_id, kiosk_id, service_user_id, section, drawn_mg, prepared_at, clinic_day, session_closes_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (visit_id) DO UPDATE SET drawn_mg = excluded.drawn_mg, section = excluded.section,
      prepared_at = excluded.prepared_at, clinic_day = excluded.clinic_day, session_closes_at = excluded.session_closes_at`);
    this.forget = db.prepare('DELETE FROM remote_drawn_up WHERE visit_id = ?');
  }

  /** Another room's visit moved: what it has drawn up now, from all its events here. */
  keep(visitId: string, kioskId: string, payloads: readonly unknown[]): void {
    const drawnUp = drawnUpInVisit(payloads);
    if (drawnUp === null) {
      this.forget.run(visitId);
      return;
    }
    this.upsert.run(visitId, kioskId, drawnUp.serviceUserId, drawnUp.section, drawnUp.leftMg, drawnUp.preparedAt, drawnUp.clinicDay, drawnUp.sessionClosesAt);
  }
}
