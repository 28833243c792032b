/**
 * 0016: where each register entry stands in the clinic's register (central's order) is kept
 * apart from the ledger's chain, one place per entry, refilled from central at any time.
 */
import { describe, expect, it } from 'vitest';
import { ledgerThrough } from './migrating.js';

const name = '0016-register-clinic-order';

describe(`ledger migration ${name}`, () => {
  it('keeps one place per entry: an entry central placed is not placed again', async () => {
    const db = await ledgerThrough(name);
    const place = db.prepare('INSERT OR IGNORE INTO register_received (kiosk_id, seq, central_seq, received_at) VALUES (?, ?, ?, ?)');
    place.run('k1', 7, 40, '2026-11-23T09:00:00.000Z');
    place.run('k1', 7, 99, '2026-11-24T09:00:00.000Z');
    expect(db.prepare('SELECT central_seq, received_at FROM register_received').all()).toEqual([{ central_seq: 40, received_at: '2026-11-23T09:00:00.000Z' }]);
    expect(() => db.prepare("INSERT INTO register_received VALUES ('k1', 8, 'forty', 'x')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});
