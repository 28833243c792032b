/**
 * The visits table is a cache of the ledger: a snapshot from another machine version, or one
 * that no longer parses, is rebuilt by replaying the visit's events, never trusted.
 */
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/host/logger.js';
import { VisitRegistry } from '../../main/host/visits/visit-registry.js';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { kioskIdOf } from '../../main/ledger/kiosk-identity.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { stateOf } from '../../shared/visit/visit-steps.js';
import { at, visitStartedFor } from '../support/visit-fixtures.js';
import { freshDir } from '../support/temp-dir.js';
import { testSigningKey } from '../support/signing-keys.js';

function ledgerOf(db: Database): Ledger {
  const kioskId = kioskIdOf(db, now);
  return new Ledger(db, kioskId, now, testSigningKey(db, kioskId, now));
}

const now = () => new Date(at(0));
const nobody = { actorStaffId: null, witnessStaffId: null };
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

async function visitInPreparation() {
  const dir = freshDir();
  const file = join(dir.path, 'kiosk.db');
  const db = await openLedgerDatabase(file, now);
  const ledger = ledgerOf(db);
  const registry = new VisitRegistry(db, ledger, silentLogger());
  const started = visitStartedFor();
  registry.start(started, nobody);
  registry.advance(started.visitId, { type: 'identityConfirmed', at: at(1) }, nobody);
  const live = registry.advance(started.visitId, {
    type: 'preDoseCheckRecorded', at: at(2), sedation: '2', intoxicationSigns: false, selfReportedUse: [],
    breathTestRequested: false, decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null,
  }, nobody);
  if (!live.ok) throw new Error(live.refusals.map((each) => each.reason).join(' '));
  cleanups.push(() => db.close(), dir.remove);
  const reopen = () => {
    const fresh = new VisitRegistry(db, new Ledger(db, ledger.kioskId, now, testSigningKey(db, ledger.kioskId)), silentLogger());
    fresh.load();
    return fresh.get(started.visitId);
  };
  return { db, visitId: started.visitId, live: live.snapshot, reopen };
}

describe('restoring open visits', () => {
  it('restores a visit from its stored snapshot', async () => {
    const { live, reopen } = await visitInPreparation();
    const restored = reopen();
    expect(restored && stateOf(restored)).toBe('preparation');
    expect(restored?.context).toEqual(live.context);
  });

  it('replays the ledger when the snapshot is from another machine version', async () => {
    const { db, visitId, live, reopen } = await visitInPreparation();
    db.prepare('UPDATE visits SET machine_version = machine_version + 1 WHERE visit_id = ?').run(visitId);
    const restored = reopen();
    expect(restored && stateOf(restored)).toBe('preparation');
    expect(restored?.context).toEqual(live.context);
  });

  it('replays the ledger when the snapshot is damaged', async () => {
    const { db, visitId, live, reopen } = await visitInPreparation();
    db.prepare(`UPDATE visits SET snapshot = json_set(snapshot, '$.context.prescription.dosePerSessionMg', 'lots') WHERE visit_id = ?`).run(visitId);
    expect(reopen()?.context).toEqual(live.context);
    db.prepare(`UPDATE visits SET snapshot = '{}' WHERE visit_id = ?`).run(visitId);
    expect(reopen()?.context).toEqual(live.context);
  });

  it('replays the ledger when the snapshot is behind the visit\'s last event, however well it parses', async () => {
    const { db, visitId, live, reopen } = await visitInPreparation();
    // A snapshot from two steps back: valid, of this machine version, but it never saw the pre-dose check.
    const older = db.prepare<[string], { snapshot: string }>('SELECT snapshot FROM visits WHERE visit_id = ?').get(visitId)?.snapshot ?? '';
    const stale = JSON.parse(older);
    stale.value = 'checkIn';
    stale.context.identityConfirmedAt = null;
    stale.context.preDoseCheck = null;
    db.prepare(`UPDATE visits SET snapshot = ?, state = 'checkIn', last_seq = last_seq - 2 WHERE visit_id = ?`).run(JSON.stringify(stale), visitId);
    const restored = reopen();
    expect(restored && stateOf(restored)).toBe('preparation');
    expect(restored?.context).toEqual(live.context);
  });

  it('brings back the other visits when one cannot be rebuilt, and says which', async () => {
    const { db, visitId, reopen } = await visitInPreparation();
    db.prepare(`INSERT INTO visits (visit_id, service_user_id, state, is_open, machine_version, snapshot, last_seq, started_at, updated_at)
      VALUES ('lost-visit', 'su-2', 'observation', 1, 0, '{}', 99, ?, ?)`).run(at(0), at(0));
    const registry = new VisitRegistry(db, ledgerOf(db), silentLogger());
    registry.load();
    expect(registry.get(visitId)).not.toBeNull();
    expect(registry.unrestorable()).toEqual([{ visitId: 'lost-visit', reason: expect.any(String) }]);
    expect(reopen()).not.toBeNull();
  });
});
