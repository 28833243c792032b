/**
 * A kiosk rebuilt from central (main/rebuild): its disk died, or its ledger was put back from an
 * older copy, but kiosk.json and kiosk.signing-key came back from its backup. On a real
 * PostgreSQL: the rebuild restores its own chain and the clinic's, the visit left in observation
 * comes back at its step, the double-dose rule still knows the dose given, and the kiosk carries on
 * its own chain, which central takes without a fork. Without its own key it changes nothing and
 * says what to do instead.
 */
import { copyFileSync, cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSigningKeyPair } from '../../main/ledger/event-signature.js';
import { signingKeyFileName } from '../../main/ledger/signing-key-keeper.js';
import { restoreKioskFromCentral } from '../../main/rebuild/restore-from-central.js';
import { verifyChain } from '../../main/ledger/verify-chain.js';
import {
  accept, administration, centralChains, type CentralClinic, type CentralKiosk, clinicStaff, openCentralKiosk, ownChain, prepareClinic, recordReceipts, setUpCentralClinic, signIn, stockReceipt, upToAdministration, writeCentralKioskConfig,
} from '../support/central-clinic.js';
import { openKioskFile } from '../support/kiosk-data.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { freshDir } from '../support/temp-dir.js';

let server: TestPostgres;
let clinic: CentralClinic;
let room: CentralKiosk | undefined;
const clock = new ManualClock();
const original = freshDir('rebuild-original-').path;
const olderCopy = freshDir('rebuild-older-').path;
let mags = '';
let visitInObservation = '';

/** What the kiosk's backup holds: its settings and its signing key, no ledger. */
function restoredBackup(into: string): string {
  copyFileSync(join(original, 'kiosk.json'), join(into, 'kiosk.json'));
  copyFileSync(join(original, signingKeyFileName), join(into, signingKeyFileName));
  return into;
}

function folderListing(dir: string): string[] {
  return readdirSync(dir).filter((name) => name !== 'kiosk.log').sort();
}

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  room = await openCentralKiosk(clinic.kiosks[0]!, { dataDir: original, clock });
  [mags] = await prepareClinic(room, ['Mags']) as [string];
  await room.synced();
  cpSync(original, olderCopy, { recursive: true, filter: (source) => !source.endsWith('kiosk.pid') });
  const nurse = await signIn(room, clinicStaff.nurse);
  const witness = await signIn(room, clinicStaff.nurse2);
  visitInObservation = await upToAdministration(room, mags, nurse, witness);
  accept(await room.ask(administration(visitInObservation, witness), nurse));
  await room.synced();
  await room.close();
  room = undefined;
}, 180_000);

afterAll(async () => {
  await room?.close();
  await server?.stop();
});

describe('a kiosk whose disk died, rebuilt from central with its own key', () => {
  const dataDir = freshDir('rebuild-new-disk-').path;

  it('gets its own chain back, event for event as central holds it, and the clinic\'s events with it', async () => {
    const restored = await restoreKioskFromCentral(restoredBackup(dataDir), () => clock.now());
    const central = await centralChains(clinic.adminUrl);
    expect(ownChain({ dataDir })).toEqual(central.get(clinic.kiosks[0]!.kioskId));
    expect(restored).toMatchObject({ kioskName: 'Injection room 1', ownEvents: central.get(clinic.kiosks[0]!.kioskId)!.length, openVisits: 1, keptOldLedgerAs: null });
    const db = openKioskFile(dataDir);
    try {
      expect(verifyChain(db, clinic.kiosks[0]!.kioskId)).toMatchObject({ intact: true });
    } finally {
      db.close();
    }
  });

  it('starts with the visit in observation at its step, knows the dose given, and carries on its chain without a fork', async () => {
    room = await openCentralKiosk(clinic.kiosks[0]!, { dataDir, clock });
    const view = await room.until((shown) => shown.visits.length > 0);
    expect(view.visits.map((visit) => [visit.visitId, visit.step])).toEqual([[visitInObservation, 'observation']]);
    // The dose given before the disk died still counts: its time runs the observation, and Mags is not checked in twice.
    expect(view.visits[0]!.observation.administeredAt).not.toBeNull();
    const nurse = await signIn(room, clinicStaff.nurse);
    const again = await room.ask({ type: 'startVisit', serviceUserId: mags }, nurse);
    expect(again.ok ? 'checked in again' : again.reason).toMatch(/already has an open visit/);
    await recordReceipts(room, 2);
    await room.synced();
    const central = await centralChains(clinic.adminUrl);
    expect(central.get(clinic.kiosks[0]!.kioskId)).toEqual(ownChain({ dataDir }));
    await room.close();
    room = undefined;
  });
});

describe('a kiosk whose ledger was put back from an older copy', () => {
  it('is rebuilt to central\'s mark, keeps the older file beside it, and records steps again', async () => {
    const dataDir = freshDir('rebuild-behind-').path;
    cpSync(olderCopy, dataDir, { recursive: true });
    writeCentralKioskConfig(dataDir, clinic.kiosks[0]!);
    const restored = await restoreKioskFromCentral(dataDir, () => clock.now());
    expect(restored.keptOldLedgerAs).toMatch(/kiosk\.db\.before-rebuild-/);
    expect(existsSync(restored.keptOldLedgerAs!)).toBe(true);
    room = await openCentralKiosk(clinic.kiosks[0]!, { dataDir, clock });
    await room.synced();
    const nurse = await signIn(room, clinicStaff.nurse);
    const witness = await signIn(room, clinicStaff.nurse2);
    accept(await room.ask(stockReceipt(room.dataDir, 1, 'RX-after-rebuild', witness), nurse));
    await room.synced();
    expect((await centralChains(clinic.adminUrl)).get(clinic.kiosks[0]!.kioskId)).toEqual(ownChain({ dataDir }));
    await room.close();
    room = undefined;
  });
});

describe('a rebuild that cannot sign as the kiosk changes nothing', () => {
  it('without the signing key: says to restore it or replace the kiosk, and writes no ledger', async () => {
    const dataDir = freshDir('rebuild-no-key-').path;
    copyFileSync(join(original, 'kiosk.json'), join(dataDir, 'kiosk.json'));
    await expect(restoreKioskFromCentral(dataDir, () => clock.now())).rejects.toThrow(/signing key .* is not in .*replace-kiosk/s);
    expect(folderListing(dataDir)).toEqual(['kiosk.json']);
  });

  it('with another key: refused before anything is written, the folder as it was', async () => {
    const dataDir = freshDir('rebuild-foreign-key-').path;
    cpSync(olderCopy, dataDir, { recursive: true });
    writeCentralKioskConfig(dataDir, clinic.kiosks[0]!);
    rmSync(join(dataDir, signingKeyFileName));
    writeFileSync(join(dataDir, signingKeyFileName), newSigningKeyPair().privateKeyPem, { mode: 0o600 });
    const before = folderListing(dataDir);
    await expect(restoreKioskFromCentral(dataDir, () => clock.now())).rejects.toThrow(/not the one the central store holds/);
    expect(folderListing(dataDir)).toEqual(before);
  });

  it('with central out of reach: says so, and the ledger in the folder stays where it was', async () => {
    const dataDir = freshDir('rebuild-offline-').path;
    cpSync(olderCopy, dataDir, { recursive: true });
    writeCentralKioskConfig(dataDir, { ...clinic.kiosks[0]!, url: 'postgres://nobody@127.0.0.1:1/none' });
    const before = folderListing(dataDir);
    await expect(restoreKioskFromCentral(dataDir, () => clock.now())).rejects.toThrow(/could not be reached .*Nothing was changed here/s);
    expect(folderListing(dataDir)).toEqual(before);
  });

  it('with a login central refuses (a wrong password, or a kiosk closed when it was replaced): says so, nothing changed', async () => {
    const dataDir = freshDir('rebuild-refused-login-').path;
    cpSync(olderCopy, dataDir, { recursive: true });
    const url = new URL(clinic.kiosks[0]!.url);
    url.password = 'not-the-password';
    writeCentralKioskConfig(dataDir, { ...clinic.kiosks[0]!, url: url.toString() });
    const before = folderListing(dataDir);
    await expect(restoreKioskFromCentral(dataDir, () => clock.now())).rejects.toThrow(/refused the login of kiosk "Injection room 1".*replace-kiosk.*Nothing was changed here/s);
    expect(folderListing(dataDir)).toEqual(before);
  });

  it('from the command line: one clean sentence and exit 1, no stack trace', () => {
    const dataDir = freshDir('rebuild-cli-').path;
    copyFileSync(join(original, 'kiosk.json'), join(dataDir, 'kiosk.json'));
    const run = spawnSync(process.execPath, ['dist/main/rebuild/rebuild-cli.js', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^The kiosk was not rebuilt: The signing key of kiosk "Injection room 1"/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
