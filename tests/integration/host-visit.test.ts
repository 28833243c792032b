/**
 * The host core driven through a whole visit as the screen would drive it, with a real SQLite
 * file and the breathalyser emulator on a real socat pty; then the ledger read back from disk.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import type { RoomView } from '../../shared/contract/index.js';
import { readLedger, writeKioskConfig } from '../support/kiosk-data.js';
import { accepted, ask, roomWhere } from '../support/host-session.js';
import { ManualClock } from '../support/manual-clock.js';
import { freshDir } from '../support/temp-dir.js';

const nurse = 'demo-staff-nurse';
const hca = 'demo-staff-hca';
const jay = 'demo-su-1'; // flagged for alcohol monitoring, 150 mg, IV or IM

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function kiosk(breathResult: string): Promise<{ host: Host; clock: ManualClock; dataDir: string }> {
  const dir = freshDir();
  writeKioskConfig(dir.path, { breathalyser: { kind: 'simulated', resultText: breathResult } });
  const clock = new ManualClock();
  const host = await openKioskHost({ dataDir: dir.path, clock, logger: silentLogger() });
  cleanups.push(dir.remove, () => host.close());
  return { host, clock, dataDir: dir.path };
}

const stepOf = (room: RoomView, visitId: string) => room.visits.find((visit) => visit.visitId === visitId)?.step;

async function checkedInAndBreathTested(host: Host): Promise<string> {
  accepted(ask(host, { type: 'signIn', staffId: nurse }));
  accepted(ask(host, { type: 'signIn', staffId: hca }));
  const visitId = accepted(ask(host, { type: 'startVisit', serviceUserId: jay }));
  if (!visitId) throw new Error('no visit id');
  accepted(ask(host, { type: 'confirmIdentity', visitId }));
  accepted(ask(host, {
    type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [],
    breathTestRequested: false, decision: 'proceed', reason: null,
  }));
  await roomWhere(host, (room) => room.device.status === 'ready');
  accepted(ask(host, { type: 'startBreathTest', visitId }));
  return visitId;
}

describe('a visit through the host core', () => {
  it('records one event per step, in order, with consecutive sequence numbers, and reads the breath test over serial', async () => {
    const { host, clock, dataDir } = await kiosk('4 ug/100ml');
    const visitId = await checkedInAndBreathTested(host);
    await roomWhere(host, (room) => stepOf(room, visitId) === 'preparation');

    accepted(ask(host, { type: 'recordPreparation', visitId, drawnMg: 150 }));
    accepted(ask(host, { type: 'recordAdministration', visitId, administeredMg: 140, route: 'IV', site: 'left arm' }));
    accepted(ask(host, { type: 'recordWaste', visitId, wastedMg: 10 }));
    accepted(ask(host, { type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 }));
    clock.advanceMinutes(21);
    accepted(ask(host, { type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 13, oxygenSaturation: 98 }));
    accepted(ask(host, { type: 'dischargeVisit', visitId }));

    const visitRows = readLedger(dataDir).filter((row) => row.visit_id === visitId);
    expect(visitRows.map((row) => row.type)).toEqual([
      'visitStarted', 'identityConfirmed', 'preDoseCheckRecorded', 'breathTestStarted', 'breathResultRecorded',
      'dosePrepared', 'doseAdministered', 'surplusWasted', 'observationRecorded', 'observationRecorded', 'visitDischarged',
    ]);
    const seqs = visitRows.map((row) => row.seq);
    expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));
    const reading = JSON.parse(visitRows[4]?.payload ?? '{}');
    expect(reading.reading).toMatchObject({ microgramsPer100mlBreath: 4, rawUnit: 'ug/100ml', simulated: true, deviceProfile: 'kiosk-line-v1' });
    // Preparation, administration and waste: each recorded by the nurse and witnessed by the HCA.
    for (const row of visitRows.slice(5, 8)) expect([row.type, row.actor_staff_id, row.witness_staff_id]).toEqual([row.type, nurse, hca]);
    expect(visitRows.filter((row) => row.witness_staff_id !== null).map((row) => row.type))
      .toEqual(['dosePrepared', 'doseAdministered', 'surplusWasted']);
    expect(host.room().visits.find((visit) => visit.visitId === visitId)?.outcome?.kind).toBe('discharged');
  });

  it('sends a reading over the review level to the nurse', async () => {
    const { host } = await kiosk('12 ug/100ml');
    const visitId = await checkedInAndBreathTested(host);
    const room = await roomWhere(host, (view) => stepOf(view, visitId) === 'breathReview');
    expect(room.visits[0]?.breath.reading?.microgramsPer100mlBreath).toBe(12);
  });

  it('answers a refused step with a reason and writes nothing', async () => {
    const { host, dataDir } = await kiosk('0 ug/100ml');
    const unsigned = ask(host, { type: 'startVisit', serviceUserId: jay });
    expect(unsigned).toEqual({ ok: false, reason: expect.stringMatching(/Sign in/) });
    accepted(ask(host, { type: 'signIn', staffId: hca }));
    const visitId = accepted(ask(host, { type: 'startVisit', serviceUserId: jay })) ?? '';
    const before = readLedger(dataDir).length;
    expect(ask(host, { type: 'startVisit', serviceUserId: jay })).toMatchObject({ ok: false, reason: expect.stringMatching(/already has an open visit/) });
    expect(ask(host, { type: 'dischargeVisit', visitId })).toMatchObject({ ok: false, reason: expect.stringMatching(/nurse must be signed in/) });
    accepted(ask(host, { type: 'signIn', staffId: nurse }));
    expect(ask(host, { type: 'dischargeVisit', visitId })).toMatchObject({ ok: false, reason: expect.stringMatching(/not open at this stage|No dose/) });
    expect(host.receive({ requestId: 'r1', intention: { type: 'recordWaste', visitId, wastedMg: -5 } }))
      .toMatchObject({ reply: { ok: false, reason: expect.stringMatching(/could not understand/) } });
    expect(readLedger(dataDir)).toHaveLength(before);
  });

  it('refuses a second dose for the same person within the minimum interval, with the time of the next', async () => {
    const { host, clock } = await kiosk('0 ug/100ml');
    accepted(ask(host, { type: 'signIn', staffId: nurse }));
    accepted(ask(host, { type: 'signIn', staffId: hca }));
    const dee = 'demo-su-3'; // not flagged for alcohol, 120 mg IM
    const dose = (visitId: string) => {
      accepted(ask(host, { type: 'confirmIdentity', visitId }));
      accepted(ask(host, {
        type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [],
        breathTestRequested: false, decision: 'proceed', reason: null,
      }));
      accepted(ask(host, { type: 'recordPreparation', visitId, drawnMg: 120 }));
      accepted(ask(host, { type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh' }));
    };
    const first = accepted(ask(host, { type: 'startVisit', serviceUserId: dee })) ?? '';
    dose(first);
    accepted(ask(host, { type: 'recordObservation', visitId: first, sedation: '1', respiratoryRate: 14, oxygenSaturation: null }));
    clock.advanceMinutes(20);
    accepted(ask(host, { type: 'recordObservation', visitId: first, sedation: '1', respiratoryRate: 14, oxygenSaturation: null }));
    accepted(ask(host, { type: 'dischargeVisit', visitId: first }));
    expect(ask(host, { type: 'startVisit', serviceUserId: dee }))
      .toEqual({ ok: false, reason: 'Dee was last given a dose at 09:00. Doses must be at least 3 hours apart, so the next can be given from 12:00.' });
    clock.advanceMinutes(160);
    accepted(ask(host, { type: 'startVisit', serviceUserId: dee }));
  });

  it('keeps the pair who prepared a dose, and takes only a nurse or HCA as witness', async () => {
    const { host } = await kiosk('0 ug/100ml');
    accepted(ask(host, { type: 'signIn', staffId: nurse }));
    accepted(ask(host, { type: 'signIn', staffId: 'demo-staff-prescriber' }));
    const visitId = accepted(ask(host, { type: 'startVisit', serviceUserId: 'demo-su-3' })) ?? '';
    accepted(ask(host, { type: 'confirmIdentity', visitId }));
    accepted(ask(host, {
      type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [],
      breathTestRequested: false, decision: 'proceed', reason: null,
    }));
    expect(ask(host, { type: 'recordPreparation', visitId, drawnMg: 120 })).toMatchObject({ ok: false, reason: expect.stringMatching(/second nurse or HCA/) });
    accepted(ask(host, { type: 'signIn', staffId: hca }));
    expect(host.room().visits[0]?.recordedBy).toBe('Recorded by Aisha Khan, witnessed by Tom Reid.');
    accepted(ask(host, { type: 'recordPreparation', visitId, drawnMg: 120 }));
    accepted(ask(host, { type: 'signOut', staffId: hca }));
    expect(ask(host, { type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh' }))
      .toMatchObject({ ok: false, reason: 'Aisha Khan and Tom Reid prepared this dose: both must be signed in to record and witness the rest of it.' });
  });

  it('sends full name and date of birth to the screen only while identity is being checked', async () => {
    const { host } = await kiosk('0 ug/100ml');
    accepted(ask(host, { type: 'signIn', staffId: hca }));
    const visitId = accepted(ask(host, { type: 'startVisit', serviceUserId: 'demo-su-2' })) ?? '';
    const duringCheck = JSON.stringify(host.room());
    expect(duringCheck).toContain('Margaret Doyle');
    accepted(ask(host, { type: 'confirmIdentity', visitId }));
    const afterCheck = JSON.stringify(host.room());
    expect(afterCheck).not.toContain('Margaret Doyle');
    expect(afterCheck).not.toContain('1979-11-02');
  });
});
