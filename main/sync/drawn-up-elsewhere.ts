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

function eventsOfType<T extends 'dosePrepared' | 'doseAdministered' | 'surplusWasted'>(payloads: readonly unknown[], type: T): Array<VisitEventOf<T>> {
  return payloads.flatMap((payload) => {
    if ((payload as { type?: unknown }).type !== type) return [];
    const parsed = VisitEvent.safeParse(payload);
    return parsed.success ? [parsed.data as VisitEventOf<T>] : [];
  });
}

/** What a visit, from its events in order, still has drawn up; null when nothing (or it cannot be read here). */
export function drawnUpInVisit(payloads: readonly unknown[]): DrawnUpElsewhere | null {
  const started = visitStarted.safeParse(payloads[0]);
  const preparation = eventsOfType(payloads, 'dosePrepared')[0];
  if (!started.success || !preparation) return null;
  const usedMg = [...eventsOfType(payloads, 'doseAdministered').map((event) => event.administeredMg),
    ...eventsOfType(payloads, 'surplusWasted').map((event) => event.wastedMg)].reduce((sum, mg) => sum + mg, 0);
  const leftMg = roundToMicrograms(preparation.drawnMg - usedMg);
  if (leftMg <= 0) return null;
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
