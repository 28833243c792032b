/**
 * 0011: which screen request recorded which of this kiosk's events, so a step sent again after a
 * crash is answered with what it recorded instead of being written twice.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { columnsOf, insertBareEvent, ledgerBefore, ledgerThrough, runMigration } from './migrating.js';

const name = '0011-intention-requests';

function insertRequest(db: Database, requestId: string, firstSeq: number, lastSeq: number, kioskId = 'k1'): void {
  db.prepare(`INSERT INTO intention_requests (kiosk_id, request_id, intention_type, first_seq, last_seq, visit_id, recorded_at)
    VALUES (?, ?, 'recordObservation', ?, ?, 'v1', '2026-11-23T09:00:00.000Z')`).run(kioskId, requestId, firstSeq, lastSeq);
}

describe(`ledger migration ${name}`, () => {
  it('adds the table to a kiosk file that has events, leaving them as they were', async () => {
    const db = await ledgerBefore(name);
    insertBareEvent(db, 'k1', 1);
    const events = db.prepare('SELECT * FROM events').all();
    await runMigration(db, name);
    expect(columnsOf(db, 'intention_requests')).toEqual(
      ['kiosk_id', 'request_id', 'intention_type', 'first_seq', 'last_seq', 'visit_id', 'recorded_at']);
    expect(db.prepare('SELECT count(*) FROM intention_requests').pluck().get()).toBe(0);
    expect(db.prepare('SELECT * FROM events').all()).toEqual(events);
  });

  it('holds a request id once per kiosk, naming only events this file holds, in order', async () => {
    const db = await ledgerThrough(name);
    db.pragma('foreign_keys = ON');
    for (const seq of [1, 2, 3]) insertBareEvent(db, 'k1', seq);
    insertRequest(db, 'r1', 1, 2);
    expect(() => insertRequest(db, 'r1', 3, 3)).toThrow(/UNIQUE/);
    // The same id from another kiosk's screen is another request.
    insertBareEvent(db, 'k2', 1);
    insertRequest(db, 'r1', 1, 1, 'k2');
    expect(() => insertRequest(db, 'r2', 3, 2)).toThrow(/CHECK/);
    expect(() => insertRequest(db, 'r3', 3, 9)).toThrow(/FOREIGN KEY/);
    expect(() => insertRequest(db, '', 3, 3)).toThrow(/CHECK/);
    expect(db.prepare('SELECT kiosk_id, request_id, first_seq, last_seq FROM intention_requests ORDER BY kiosk_id').all()).toEqual([
      { kiosk_id: 'k1', request_id: 'r1', first_seq: 1, last_seq: 2 },
      { kiosk_id: 'k2', request_id: 'r1', first_seq: 1, last_seq: 1 },
    ]);
  });
});
