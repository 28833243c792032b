import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ReferenceData } from '../../main/host/reference-data.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { migrate } from '../../main/ledger/migrator.js';

const now = () => new Date('2026-11-23T09:00:00Z');

async function withPrescription(startsOn: string, endsOn: string | null) {
  const db = new BetterSqlite3(':memory:');
  await migrate(db, ledgerMigrations, now);
  new Ledger(db, 'kiosk-a', now).append({
    event: {
      type: 'prescriptionIssued', prescriptionId: 'rx', serviceUserId: 'su', drug: 'diamorphine', form: 'injection',
      strengthMgPerMl: 100, dosePerSessionMg: 150, sessionsPerDay: 2, routes: ['IV'], startsOn, endsOn, prescriberId: 'dr',
    },
  });
  return new ReferenceData(db);
}

describe('the prescription in force', () => {
  it('is one that has started and not ended on the clinic day', async () => {
    const reference = await withPrescription('2026-11-20', '2026-11-26');
    expect(reference.activePrescription('su', '2026-11-19')).toBeNull();
    expect(reference.activePrescription('su', '2026-11-20')?.dosePerSessionMg).toBe(150);
    expect(reference.activePrescription('su', '2026-11-26')?.dosePerSessionMg).toBe(150);
    expect(reference.activePrescription('su', '2026-11-27')).toBeNull();
  });

  it('has no end when none is given', async () => {
    expect((await withPrescription('2026-11-20', null)).activePrescription('su', '2027-06-01')).not.toBeNull();
  });
});
