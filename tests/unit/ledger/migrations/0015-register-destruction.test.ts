/** 0015 on a ledger that already has register lines: every line kept in its order, the new kinds allowed, indexes kept. */
import { describe, expect, it } from 'vitest';
import { ledgerBefore, runMigration, schemaNames } from './migrating.js';

const name = '0015-register-destruction';

describe(`ledger migration ${name}`, () => {
  it('keeps the lines of an existing register and allows destruction and patient return lines', async () => {
    const db = await ledgerBefore(name);
    db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, batch, balance_mg)
      VALUES ('k1', 1, 'e1', 'diamorphine', 'cdp-1', '2026-12-01T09:00:00Z', 'receipt', 500, 0, 'B-1', 500)`).run();
    expect(() => db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, balance_mg)
      VALUES ('k1', 2, 'e2', 'diamorphine', 'cdp-1', '2026-12-02T09:00:00Z', 'destruction', 0, 100, 400)`).run()).toThrow(/CHECK/);
    await runMigration(db, name);
    expect(db.prepare('SELECT section, kind, balance_mg AS balance, batch FROM register_lines').all())
      .toEqual([{ section: 'cdp-1', kind: 'receipt', balance: 500, batch: 'B-1' }]);
    db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, balance_mg)
      VALUES ('k1', 2, 'e2', 'diamorphine', 'cdp-1', '2026-12-02T09:00:00Z', 'destruction', 0, 100, 400)`).run();
    expect(db.prepare('SELECT kind FROM register_lines ORDER BY rowid').all()).toEqual([{ kind: 'receipt' }, { kind: 'destruction' }]);
    expect(schemaNames(db, 'index')).toEqual(expect.arrayContaining(['register_by_drug', 'register_by_section']));
  });
});
