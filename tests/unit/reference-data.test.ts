import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ReferenceData } from '../../main/host/records/reference-data.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { ledgerMigrations } from '../../main/ledger/migrations/index.js';
import { migrate } from '../../main/ledger/migrator.js';
import { testSigningKey } from '../support/signing-keys.js';

const now = () => new Date('2026-11-23T09:00:00Z');

async function withPrescription(startsOn: string, endsOn: string | null) {
  const db = new BetterSqlite3(':memory:');
  await migrate(db, ledgerMigrations, now);
  const ledger = new Ledger(db, 'kiosk-a', now, testSigningKey(db, 'kiosk-a'));
  ledger.append({
    event: {
      type: 'prescriptionIssued', prescriptionId: 'rx', serviceUserId: 'su', drug: 'diamorphine', form: 'injection',
      strengthMgPerMl: 100, dosePerSessionMg: 150, sessionsPerDay: 2, routes: ['IV'], reducedDoseRange: null, startsOn, endsOn,
      prescriberId: 'dr',
    },
  });
  return { reference: new ReferenceData(db), ledger };
}

describe('the prescription in force', () => {
  it('is one that has started and not ended on the clinic day', async () => {
    const { reference } = await withPrescription('2026-11-20', '2026-11-26');
    expect(reference.activePrescription('su', '2026-11-19')).toBeNull();
    expect(reference.activePrescription('su', '2026-11-20')?.dosePerSessionMg).toBe(150);
    expect(reference.activePrescription('su', '2026-11-26')?.dosePerSessionMg).toBe(150);
    expect(reference.activePrescription('su', '2026-11-27')).toBeNull();
  });

  it('has no end when none is given', async () => {
    expect((await withPrescription('2026-11-20', null)).reference.activePrescription('su', '2027-06-01')).not.toBeNull();
  });

  it('carries the terms of the latest change, and when it was issued', async () => {
    const { reference, ledger } = await withPrescription('2026-11-20', null);
    ledger.append({
      event: {
        type: 'prescriptionChanged', prescriptionId: 'rx', serviceUserId: 'su', dosePerSessionMg: 170, sessionsPerDay: 2, routes: ['IV', 'IM'],
        reducedDoseRange: { minMg: 100, maxMg: 150 }, endsOn: null, reason: 'Titrated up',
      },
    });
    expect(reference.activePrescription('su', '2026-11-23')).toMatchObject({
      dosePerSessionMg: 170, routes: ['IV', 'IM'], reducedDoseRange: { minMg: 100, maxMg: 150 }, issuedAt: '2026-11-23T09:00:00.000Z',
    });
  });

  it('is none once the prescription is suspended', async () => {
    const { reference, ledger } = await withPrescription('2026-11-20', null);
    ledger.append({ event: { type: 'prescriptionSuspended', prescriptionId: 'rx', serviceUserId: 'su', reason: 'Admitted to hospital' } });
    expect(reference.activePrescription('su', '2026-11-23')).toBeNull();
    expect(reference.prescription('rx')?.status).toBe('suspended');
  });
});
