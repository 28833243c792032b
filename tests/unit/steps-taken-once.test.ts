/**
 * A step taken once per request id, on a real ledger file: which events name the request (those
 * written while the step runs, none written apart from it or after it settled), and a copy of a
 * request arriving while the first still awaits something slow waits for it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { IntentionRequests, apartFromTheStep } from '../../main/ledger/intention-requests.js';
import { kioskIdOf } from '../../main/ledger/kiosk-identity.js';
import { Ledger } from '../../main/ledger/ledger.js';
import { silentLogger } from '../../main/host/logger.js';
import { StepsTakenOnce } from '../../main/host/requests/steps-taken-once.js';
import { done } from '../../main/host/replies.js';
import { freshDir } from '../support/temp-dir.js';
import { testSigningKey } from '../support/signing-keys.js';

const now = () => new Date('2026-11-23T09:00:00Z');

async function openSteps() {
  const dir = freshDir();
  const db = await openLedgerDatabase(join(dir.path, 'kiosk.db'), now);
  const kioskId = kioskIdOf(db, now);
  const ledger = new Ledger(db, kioskId, now, testSigningKey(db, kioskId));
  const requests = new IntentionRequests(db, kioskId);
  const steps = new StepsTakenOnce(requests, silentLogger());
  const countOf = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return { ledger, requests, steps, countOf, close: () => { db.close(); dir.remove(); } };
}

const receipt = (quantityMg: number) => ({
  event: { type: 'stockReceived' as const, drug: 'diamorphine', quantityMg, supplier: 'Pharmacy', reference: null, receivedBy: 'Aisha Khan', witnessedBy: 'Tom Reid' },
  actorStaffId: 'nurse', witnessStaffId: 'hca',
});

/** A promise the test resolves when it chooses: the network answering a dose claim late. */
function slowAnswer(): { answered: Promise<void>; answer: () => void } {
  let answer = () => {};
  const answered = new Promise<void>((resolve) => { answer = resolve; });
  return { answered, answer };
}

describe('a step taken once per request id', () => {
  it('is taken once when a copy arrives while the first still waits, and both get the reply', async () => {
    const { ledger, steps, countOf, close } = await openSteps();
    const network = slowAnswer();
    let taken = 0;
    const step = async () => {
      taken += 1;
      await network.answered;
      ledger.append(receipt(500));
      return done();
    };
    const first = steps.take('r1', 'recordStockReceipt', step);
    const copy = steps.take('r1', 'recordStockReceipt', step);
    // Another step under the same id while the first is in flight is a screen's bug, refused at once.
    expect(await steps.take('r1', 'recordStockCheck', step)).toMatchObject({ ok: false, code: 'requestIdReused' });
    network.answer();
    expect(await first).toEqual(done());
    expect(await copy).toMatchObject({ ok: true, visitId: null, alreadyRecordedAt: now().toISOString() });
    expect(taken).toBe(1);
    expect(countOf('events')).toBe(1);
    close();
  });

  it('names every event the step writes, none written apart from it, and none written after it settled', async () => {
    const { ledger, requests, steps, close } = await openSteps();
    let later = () => {};
    await steps.take('r1', 'recordStockReceipt', () => {
      apartFromTheStep(() => ledger.append(receipt(1)));
      ledger.append(receipt(2));
      ledger.appendAll([receipt(3), receipt(4)]);
      // A timer the step started runs in its context, after its reply.
      later = () => ledger.append(receipt(5));
      return done();
    });
    later();
    expect(requests.recorded('r1')).toMatchObject({ intentionType: 'recordStockReceipt', firstSeq: 2, lastSeq: 4 });
    close();
  });

  it('runs again when the first wrote nothing', async () => {
    const { ledger, steps, countOf, close } = await openSteps();
    let taps = 0;
    const refusedThenTaken = () => {
      taps += 1;
      if (taps === 1) return { ok: false as const, code: 'witnessNotSignedIn' as const, reason: 'The witness is not signed in.' };
      ledger.append(receipt(500));
      return done();
    };
    expect((await steps.take('r1', 'recordStockReceipt', refusedThenTaken)).ok).toBe(false);
    expect(await steps.take('r1', 'recordStockReceipt', refusedThenTaken)).toEqual(done());
    expect(countOf('events')).toBe(1);
    close();
  });
});
