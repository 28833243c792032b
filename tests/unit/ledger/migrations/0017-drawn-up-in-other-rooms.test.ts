/**
 * 0017 on a ledger that already holds other rooms' visits: the doses they drew up and have not
 * yet given or wasted are known at once, by section, with the session they belong to; this
 * room's own visits and doses fully given or wasted are not listed.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ledgerBefore, runMigration } from './migrating.js';

const name = '0017-drawn-up-in-other-rooms';
let seqOf = new Map<string, number>();

function visitEvent(db: Database, kioskId: string, visitId: string, payload: Record<string, unknown>): void {
  const seq = (seqOf.get(kioskId) ?? 0) + 1;
  seqOf.set(kioskId, seq);
  db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id, occurred_at, prev_hash, hash)
    VALUES (?, ?, ?, ?, 1, ?, ?, NULL, ?, ?, ?)`).run(kioskId, seq, `${kioskId}-${seq}`, payload.type, JSON.stringify(payload), visitId,
    '2026-12-01T09:00:00.000Z', '0'.repeat(64), String(seq).padStart(64, '0'));
}

function visitWith(db: Database, kioskId: string, visitId: string, serviceUserId: string, session: Record<string, unknown>, steps: Array<Record<string, unknown>>): void {
  visitEvent(db, kioskId, visitId, { type: 'visitStarted', visitId, serviceUserId, clinicDay: '2026-12-01', session });
  for (const step of steps) visitEvent(db, kioskId, visitId, step);
}

const morning = { id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '11:00' };
const prepared = (drawnMg: number, productId?: string) => ({ type: 'dosePrepared', at: '2026-12-01T09:10:00.000Z', drug: 'Diamorphine', drawnMg, ...(productId ? { productId } : {}) });

describe(`ledger migration ${name}`, () => {
  it('lists what other rooms have drawn up and not yet given or wasted, by section', async () => {
    seqOf = new Map();
    const db = await ledgerBefore(name);
    db.prepare("INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, 'this-room', '2026-11-01T00:00:00Z')").run();
    visitWith(db, 'room-2', 'v-surplus', 'su-1', morning, [prepared(200, 'cdp-1'), { type: 'doseAdministered', administeredMg: 180 }]);
    visitWith(db, 'room-2', 'v-waiting', 'su-2', morning, [prepared(120, 'cdp-1')]);
    visitWith(db, 'room-2', 'v-done', 'su-3', morning, [prepared(100, 'cdp-1'), { type: 'doseAdministered', administeredMg: 80 }, { type: 'surplusWasted', wastedMg: 20 }]);
    visitWith(db, 'room-2', 'v-old', 'su-4', { index: 0, name: 'Morning' }, [prepared(50)]);
    visitWith(db, 'this-room', 'v-mine', 'su-5', morning, [prepared(90, 'cdp-1')]);
    visitWith(db, 'room-2', 'v-no-dose', 'su-6', morning, []);

    await runMigration(db, name);

    expect(db.prepare('SELECT visit_id, kiosk_id, service_user_id, section, drawn_mg, clinic_day, session_closes_at FROM remote_drawn_up ORDER BY visit_id').all()).toEqual([
      { visit_id: 'v-old', kiosk_id: 'room-2', service_user_id: 'su-4', section: 'drug:diamorphine', drawn_mg: 50, clinic_day: '2026-12-01', session_closes_at: null },
      { visit_id: 'v-surplus', kiosk_id: 'room-2', service_user_id: 'su-1', section: 'cdp-1', drawn_mg: 20, clinic_day: '2026-12-01', session_closes_at: '11:00' },
      { visit_id: 'v-waiting', kiosk_id: 'room-2', service_user_id: 'su-2', section: 'cdp-1', drawn_mg: 120, clinic_day: '2026-12-01', session_closes_at: '11:00' },
    ]);
    expect(() => db.prepare("INSERT INTO remote_drawn_up VALUES ('v-x', 'room-2', 'su-1', 'cdp-1', 0, 'x', '2026-12-01', NULL)").run()).toThrow(/CHECK/);
  });
});
