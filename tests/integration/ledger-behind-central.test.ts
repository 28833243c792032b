/**
 * Rollback caught against central: a kiosk whose data folder is put back from an older copy (its
 * chain whole, so its own start check passes) finds at its first sync that central holds more of
 * its events than it does. It then records no new step, except an overdose response, and says why
 * on screen and in every refusal; the mark is kept in the file, so a restart does not clear it.
 */
import { cpSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CentralClinic, type CentralKiosk, clinicStaff, openCentralKiosk, prepareClinic, recordReceipts, setUpCentralClinic, signIn, stockReceipt,
} from '../support/central-clinic.js';
import { refusedWith } from '../support/host-session.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { freshDir } from '../support/temp-dir.js';

let server: TestPostgres;
let clinic: CentralClinic;
let room: CentralKiosk | undefined;
const dataDir = freshDir('behind-central-').path;
const olderCopy = freshDir('behind-central-copy-').path;

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  room = await openCentralKiosk(clinic.kiosks[0]!, { dataDir });
  await prepareClinic(room, ['Mags']);
  await room.synced();
  await room.close();
  cpSync(dataDir, olderCopy, { recursive: true });
  room = await openCentralKiosk(clinic.kiosks[0]!, { dataDir });
  await recordReceipts(room, 3);
  await room.synced();
  await room.close();
  // The folder put back from the older copy, as a restored backup or a swapped disk would be.
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(olderCopy, dataDir, { recursive: true });
  room = undefined;
}, 120_000);

afterAll(async () => {
  await room?.close();
  await server?.stop();
});

describe('a kiosk whose ledger is behind central', () => {
  it('starts (its chain is whole), then at its first sync stops recording steps and says why', async () => {
    room = await openCentralKiosk(clinic.kiosks[0]!, { dataDir });
    const shown = await room.until((view) => view.sync.mode === 'central' && /the central store holds \d+ of its events/.test(view.sync.lastError ?? ''));
    expect(shown.sync.mode === 'central' && shown.sync.lastError).toMatch(/New steps are not recorded here, except an overdose response/);
    const nurse = await signIn(room, clinicStaff.nurse);
    const witness = await signIn(room, clinicStaff.nurse2);
    const reply = await room.ask(stockReceipt(room.dataDir, 1, 'RX-after', witness), nurse);
    expect(refusedWith(reply)).toBe('ledgerBehindCentral');
    // An overdose response is never stopped by it: refused here only because there is no such visit.
    const overdose = await room.ask({ type: 'startOverdoseResponse', visitId: 'no-such-visit', noticedMinutesAgo: 0 }, nurse);
    expect(overdose.ok ? 'ok' : refusedWith(overdose)).not.toBe('ledgerBehindCentral');
    await room.close();
    room = undefined;
  });

  it('stays stopped after a restart, before any sync has run', async () => {
    room = await openCentralKiosk({ ...clinic.kiosks[0]!, url: 'postgres://nobody@127.0.0.1:1/none' }, { dataDir });
    const nurse = await signIn(room, clinicStaff.nurse);
    const witness = await signIn(room, clinicStaff.nurse2);
    expect(refusedWith(await room.ask(stockReceipt(room.dataDir, 1, 'RX-offline', witness), nurse))).toBe('ledgerBehindCentral');
  });
});
