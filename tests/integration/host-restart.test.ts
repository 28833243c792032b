/**
 * Kill the real host process (SIGKILL: no chance to tidy up) mid-visit and start it again on the
 * same data folder: the visit must be back in the step it was in, with nothing lost.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Intention } from '../../shared/contract/index.js';
import { readLedger, writeKioskConfig } from '../support/kiosk-data.js';
import { ShellConnection, clockShiftTo, demo, morningToday } from '../support/host-session.js';
import { spawnBrowserShell, type SpawnedShell } from '../support/spawned-shell.js';
import { freshDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dataDir: string): Promise<{ shell: SpawnedShell; screen: ShellConnection }> {
  const shell = await spawnBrowserShell(dataDir);
  const screen = await ShellConnection.open(shell.url);
  cleanups.push(() => screen.close(), () => shell.kill());
  return { shell, screen };
}

async function must(screen: ShellConnection, intention: Intention): Promise<string | null> {
  const reply = await screen.ask(intention);
  if (!reply.ok) throw new Error(`Refused: ${reply.reason}`);
  return reply.visitId;
}

describe('killing the host mid-visit', () => {
  it('brings every open visit back in the step it was in, with its ledger intact', async () => {
    const dir = freshDir();
    cleanups.push(dir.remove);
    // A spawned host runs on the real clock: shift it into the morning session whenever this runs.
    writeKioskConfig(dir.path, {
      breathalyser: { kind: 'simulated', resultText: '0 ug/100ml' }, demoClockShiftMinutes: clockShiftTo(morningToday()),
    });
    const first = await start(dir.path);
    // The screen acts as whoever signed in last: the HCA witnesses, the nurse records.
    const witnessId = await first.screen.signIn(demo.hca);
    await first.screen.signIn(demo.nurse);
    const dee = await must(first.screen, { type: 'startVisit', serviceUserId: 'demo-su-3' }) ?? '';
    const mags = await must(first.screen, { type: 'startVisit', serviceUserId: 'demo-su-2' }) ?? '';
    await must(first.screen, { type: 'confirmIdentity', visitId: dee });
    await must(first.screen, {
      type: 'recordPreDoseCheck', visitId: dee, sedation: '1', intoxicationSigns: false, selfReportedUse: [],
      breathTestRequested: false, decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null,
    });
    await must(first.screen, { type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: dee, drawnMg: 120, witnessId, nursePin: demo.nurse.pin, witnessPin: demo.hca.pin });
    await must(first.screen, { type: 'recordAdministration', visitId: dee, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId, nursePin: demo.nurse.pin, witnessPin: demo.hca.pin });
    // Jay is flagged for alcohol monitoring: kill the host while his breath test is being blown.
    const jay = await must(first.screen, { type: 'startVisit', serviceUserId: 'demo-su-1' }) ?? '';
    await must(first.screen, { type: 'confirmIdentity', visitId: jay });
    await must(first.screen, {
      type: 'recordPreDoseCheck', visitId: jay, sedation: 'S', intoxicationSigns: false, selfReportedUse: [],
      breathTestRequested: false, decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null,
    });
    await first.screen.room((view) => view.device.status === 'ready');
    await must(first.screen, { type: 'startBreathTest', visitId: jay });
    const eventsBefore = readLedger(dir.path);

    await first.shell.kill('SIGKILL');
    expect(first.shell.process.signalCode).toBe('SIGKILL');

    const second = await start(dir.path);
    const room = await second.screen.room();
    const steps = Object.fromEntries(room.visits.map((visit) => [visit.visitId, visit.step]));
    expect(steps).toEqual({ [dee]: 'observation', [mags]: 'checkIn', [jay]: 'breathTest' });
    expect(room.visits.find((visit) => visit.visitId === dee)?.observation.administeredAt).toBeTruthy();
    expect(readLedger(dir.path)).toEqual(eventsBefore);
    // No device holds Jay's test any more, so the screen offers it again instead of waiting for ever.
    expect(room.visits.find((visit) => visit.visitId === jay)?.breath.inProgress).toBe(false);

    // Nobody is signed in to a restarted host; the restored visit carries on once someone is.
    expect(room.staffOnDuty).toEqual([]);
    expect((await second.screen.askAnything({ type: 'recordObservation', visitId: dee, sedation: '1', respiratoryRate: 14, oxygenSaturation: null }, witnessId)))
      .toEqual({ ok: false, code: 'notSignedInHere', reason: expect.any(String) });
    await second.screen.signIn(demo.hca);
    await must(second.screen, { type: 'recordObservation', visitId: dee, sedation: '1', respiratoryRate: 14, oxygenSaturation: null });
    expect(readLedger(dir.path)).toHaveLength(eventsBefore.length + 1);
    await second.screen.room((view) => view.device.status === 'ready');
    await must(second.screen, { type: 'startBreathTest', visitId: jay });
    await second.screen.room((view) => view.visits.some((visit) => visit.visitId === jay && visit.step === 'preparation'));
  });
});
