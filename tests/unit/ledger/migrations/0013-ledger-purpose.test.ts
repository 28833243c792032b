/**
 * 0013: a ledger says, once and for good, whether it is a demo's or a clinic's. One from before
 * the record that holds events is read by what it holds (the demo clinic is only ever loaded into
 * a demo); an empty one is left to be settled at its next start.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordedLedgerPurpose, settleLedgerPurpose } from '../../../../main/ledger/ledger-purpose.js';
import { insertBareEvent, ledgerBefore, ledgerThrough, runMigration } from './migrating.js';

const name = '0013-ledger-purpose';
const now = () => new Date('2026-11-23T09:00:00.000Z');

function registerClinic(db: Database, clinicId: string): void {
  db.prepare("INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, 'k1', '2025-03-01T08:00:00.000Z')").run();
  insertBareEvent(db, 'k1', 1, { type: 'clinicRegistered' });
  db.prepare("INSERT INTO clinic (clinic_id, name, time_zone) VALUES (?, 'A clinic', 'Europe/London')").run(clinicId);
}

describe(`ledger migration ${name}`, () => {
  it('reads a ledger holding the demo clinic as a demo ledger, dated when its kiosk was made', async () => {
    const db = await ledgerBefore(name);
    registerClinic(db, 'demo-clinic');
    await runMigration(db, name);
    expect(db.prepare('SELECT purpose, decided_at FROM ledger_purpose').get()).toEqual({ purpose: 'demo', decided_at: '2025-03-01T08:00:00.000Z' });
  });

  it('reads a ledger holding any other clinic as a clinic\'s ledger', async () => {
    const db = await ledgerBefore(name);
    registerClinic(db, 'riverside-7f3a');
    await runMigration(db, name);
    expect(recordedLedgerPurpose(db)).toBe('clinic');
  });

  it('leaves an empty ledger undecided, to take the purpose it is next started for', async () => {
    const db = await ledgerThrough(name);
    expect(recordedLedgerPurpose(db)).toBeNull();
    expect(settleLedgerPurpose(db, 'clinic', now)).toBe('clinic');
    // Decided once: started for a demo later, it is still a clinic's.
    expect(settleLedgerPurpose(db, 'demo', now)).toBe('clinic');
  });

  it('refuses any change or removal of the decision in the database itself', async () => {
    const db = await ledgerThrough(name);
    settleLedgerPurpose(db, 'demo', now);
    expect(() => db.prepare("UPDATE ledger_purpose SET purpose = 'clinic'").run()).toThrow(/decided once/);
    expect(() => db.prepare('DELETE FROM ledger_purpose').run()).toThrow(/decided once/);
    expect(() => db.prepare("INSERT INTO ledger_purpose VALUES (1, 'clinic', 'now')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(recordedLedgerPurpose(db)).toBe('demo');
  });
});
