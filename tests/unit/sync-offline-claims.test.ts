/**
 * Doses given offline are claimed on reconnection with the session as recorded that day: its id
 * and its window as instants. Claims recorded before sessions had ids still read: a settled claim
 * stored with `sessionIndex` reads as the session 'index-N' (as central migration 0005 names such
 * a claim), and an unsettled claim from before ledger migration 0010 takes its window from its
 * visit, in the clinic's zone.
 */
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SyncStore } from '../../main/sync/sync-store.js';
import { DomainEvent } from '../../shared/ledger/ledger-event.js';
import { SyncEvent } from '../../shared/ledger/sync-events.js';
import { ledgerBefore, ledgerThrough, runMigration } from './ledger/migrations/migrating.js';

const settled = {
  type: 'offlineDoseClaimSettled', doseEventId: '3f2b8c1e-6a4d-4f7e-9b2a-1c5d7e9f0a3b', visitId: 'visit-1', serviceUserId: 'su-1',
  clinicDay: '2026-07-01', outcome: 'claimed', otherClaim: null,
};

describe('a settled offline claim', () => {
  it('stored with a session index reads as that index\'s session id, and its stored form is not touched', () => {
    const stored = { ...settled, sessionIndex: 1 };
    expect(SyncEvent.parse(stored)).toEqual({ ...settled, sessionId: 'index-1' });
    expect(DomainEvent.parse(stored)).toEqual({ ...settled, sessionId: 'index-1' });
    expect(stored).toEqual({ ...settled, sessionIndex: 1 });
  });

  it('stored with a session id reads as it is, and with neither, or an index no clinic had, does not read', () => {
    expect(SyncEvent.parse({ ...settled, sessionId: 'late-morning' })).toEqual({ ...settled, sessionId: 'late-morning' });
    expect(SyncEvent.safeParse(settled).success).toBe(false);
    expect(SyncEvent.safeParse({ ...settled, sessionIndex: 3 }).success).toBe(false);
    expect(SyncEvent.safeParse({ ...settled, sessionIndex: 0.5 }).success).toBe(false);
  });
});

function addClinic(db: Database): void {
  db.prepare("INSERT INTO clinic (clinic_id, name, time_zone) VALUES ('c1', 'Riverside HAT Clinic', 'Europe/London')").run();
}

describe('an unsettled offline claim', () => {
  it('is sent with its session id and window as recorded', async () => {
    const db = await ledgerThrough('0010-session-identity');
    addClinic(db);
    db.prepare(`INSERT INTO offline_dose_claims (event_id, kiosk_id, visit_id, service_user_id, clinic_day, session_id, session_opens_at,
      session_closes_at, actor_staff_id, witness_staff_id, administered_at) VALUES ('dose-1', 'k1', 'visit-1', 'su-1', '2026-07-01', 'late-morning',
      '2026-07-01T09:00:00.000Z', '2026-07-01T11:30:00.000Z', 'nurse-1', 'witness-1', '2026-07-01T09:40:00.000Z')`).run();
    db.prepare(`INSERT INTO offline_dose_claims (event_id, kiosk_id, visit_id, service_user_id, clinic_day, session_id, session_opens_at,
      session_closes_at, actor_staff_id, administered_at) VALUES ('dose-2', 'k2', 'visit-2', 'su-2', '2026-07-01', 'morning',
      '2026-07-01T07:00:00.000Z', '2026-07-01T11:30:00.000Z', 'nurse-1', '2026-07-01T09:40:00.000Z')`).run();
    expect(new SyncStore(db, 'k1').unsettledOfflineClaims()).toEqual([{
      eventId: 'dose-1', visitId: 'visit-1', serviceUserId: 'su-1', clinicDay: '2026-07-01', sessionId: 'late-morning',
      sessionOpensAt: '2026-07-01T09:00:00.000Z', sessionClosesAt: '2026-07-01T11:30:00.000Z',
      actorStaffId: 'nurse-1', witnessStaffId: 'witness-1', administeredAt: '2026-07-01T09:40:00.000Z',
    }]);
  });

  it('recorded before sessions had ids is sent with its visit\'s session and that window on its day in the clinic\'s zone', async () => {
    const db = await ledgerBefore('0010-session-identity');
    addClinic(db);
    const visitStarted = {
      type: 'visitStarted', visitId: 'visit-1', serviceUserId: 'su-1', clinicDay: '2026-07-01', session: { index: 1, name: 'Late Morning' },
      rules: { sessions: { windows: [{ name: 'Early', opensAt: '07:00', closesAt: '09:00' }, { name: 'Late Morning', opensAt: '10:00', closesAt: '12:30' }] } },
    };
    db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id, occurred_at, prev_hash, hash)
      VALUES ('k1', 1, 'start-1', 'visitStarted', 1, ?, 'visit-1', 'su-1', '2026-07-01T09:05:00.000Z', ?, ?)`)
      .run(JSON.stringify(visitStarted), '0'.repeat(64), '1'.repeat(64));
    db.prepare(`INSERT INTO visit_facts (visit_id, service_user_id, clinic_day, session_index, session_name, started_at, drug, form, prescriber_id)
      VALUES ('visit-1', 'su-1', '2026-07-01', 1, 'Late Morning', '2026-07-01T09:05:00.000Z', 'diamorphine', 'powder for injection', 'p1')`).run();
    db.prepare(`INSERT INTO offline_dose_claims (event_id, kiosk_id, visit_id, service_user_id, clinic_day, session_index, actor_staff_id,
      administered_at) VALUES ('dose-1', 'k1', 'visit-1', 'su-1', '2026-07-01', 1, 'nurse-1', '2026-07-01T09:40:00.000Z')`).run();
    await runMigration(db, '0010-session-identity');
    // 10:00 and 12:30 BST.
    expect(new SyncStore(db, 'k1').unsettledOfflineClaims()).toMatchObject([{
      eventId: 'dose-1', sessionId: 'late-morning', sessionOpensAt: '2026-07-01T09:00:00.000Z', sessionClosesAt: '2026-07-01T11:30:00.000Z',
    }]);
  });
});
