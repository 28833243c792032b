/** Migration 0015 on a ledger that already has register lines: every line kept, new kinds allowed. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { migrate } from '../../main/ledger/migrator.js';

describe('migration 0015-register-destruction', () => {
  it('keeps the lines of an existing register and allows destruction and patient return lines', async () => {
    const db = new Database(':memory:');
    const upTo0014 = ledgerMigrations.slice(0, ledgerMigrations.findIndex((each) => each.name === '0015-register-destruction'));
    await migrate(db, upTo0014, () => new Date('2026-12-01T09:00:00Z'));
    db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, batch, balance_mg)
      VALUES ('k1', 1, 'e1', 'diamorphine', 'cdp-1', '2026-12-01T09:00:00Z', 'receipt', 500, 0, 'B-1', 500)`).run();
    await migrate(db, ledgerMigrations, () => new Date('2026-12-02T09:00:00Z'));
    expect(db.prepare('SELECT section, kind, balance_mg AS balance, batch FROM register_lines').all())
      .toEqual([{ section: 'cdp-1', kind: 'receipt', balance: 500, batch: 'B-1' }]);
    db.prepare(`INSERT INTO register_lines (kiosk_id, seq, event_id, drug, section, at, kind, in_mg, out_mg, balance_mg)
      VALUES ('k1', 2, 'e2', 'diamorphine', 'cdp-1', '2026-12-02T09:00:00Z', 'destruction', 0, 100, 400)`).run();
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'register_lines' AND sql IS NOT NULL ORDER BY name").all();
    expect(indexes).toEqual([{ name: 'register_by_drug' }, { name: 'register_by_section' }]);
    db.close();
  });
});
