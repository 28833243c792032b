/**
 * Two rooms of one clinic on a real PostgreSQL, each on its own screen: the sync state in the top
 * bar as the network comes and goes, and a double dose found on reconnection shown in both rooms
 * until a nurse acknowledges it in one. The doses themselves are given through the host (the
 * visit's screens have their own specs); what is checked here is what staff see of sync.
 */
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../main/host/logger.js';
import { startBrowserShell, type BrowserShell } from '../../main/shells/browser/browser-shell.js';
import {
  accept, administration, clinicStaff, openCentralKiosk, prepareClinic, setUpCentralClinic, signIn as signInAtHost, throughPort,
  upToAdministration, type CentralKiosk,
} from '../support/central-clinic.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { demoStaff, expect, signIn, test } from './kiosk-fixture.js';

const rendererDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

let server: TestPostgres;
let network: TcpProxy;
const rooms: Array<{ kiosk: CentralKiosk; shell: BrowserShell }> = [];
let mags = '';

test.beforeAll(async () => {
  server = await startTestPostgres();
  const clinic = await setUpCentralClinic(server);
  network = await TcpProxy.start(Number(new URL(clinic.kiosks[1]!.url).port));
  for (const settings of [clinic.kiosks[0]!, throughPort(clinic.kiosks[1]!, network.port)]) {
    const kiosk = await openCentralKiosk(settings);
    rooms.push({ kiosk, shell: await startBrowserShell({ host: kiosk.host, rendererDir, port: 0, logger: silentLogger() }) });
  }
  [mags] = await prepareClinic(rooms[0]!.kiosk, ['Mags']) as [string];
  await rooms[0]!.kiosk.synced();
  await rooms[1]!.kiosk.until((room) => room.waiting.some((person) => person.id === mags));
});

test.afterAll(async () => {
  for (const { kiosk, shell } of rooms) {
    await shell.close();
    await kiosk.close();
  }
  await network?.close();
  await server?.stop();
});

/** A dose given in a room through its host, by Aisha witnessed by Tom. */
async function doseMags(kiosk: CentralKiosk): Promise<void> {
  const nurse = await signInAtHost(kiosk, clinicStaff.nurse);
  const witness = await signInAtHost(kiosk, clinicStaff.hca);
  const visitId = await upToAdministration(kiosk, mags, nurse, witness);
  accept(await kiosk.ask(administration(visitId, witness), nurse));
}

test('the top bar says how each room stands with central, and a double dose found on reconnection is shown in both rooms until acknowledged', async ({ browser }) => {
  const [roomOne, roomTwo] = await Promise.all([browser.newPage(), browser.newPage()]);
  for (const [page, room] of [[roomOne, rooms[0]!], [roomTwo, rooms[1]!]] as const) {
    await page.goto(room.shell.url);
    // A locator, not a predicate: the page's CSP forbids the eval Playwright polls a predicate with.
    await page.locator('body[data-kiosk-ready="true"]').waitFor({ state: 'attached' });
    await expect(page.getByTestId('sync-status')).toContainText('Synced');
  }

  network.cut();
  await doseMags(rooms[0]!.kiosk);
  await doseMags(rooms[1]!.kiosk);
  const offline = roomTwo.getByTestId('sync-status');
  await expect(offline).toHaveAttribute('data-sync-standing', 'offline');
  await expect(offline).toContainText(/Offline — \d+ events waiting to sync/);
  await expect(offline).toContainText(/central store/);
  await expect(roomOne.getByTestId('sync-status')).toContainText('Synced');

  network.restore();
  for (const page of [roomOne, roomTwo]) {
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync-standing', 'synced');
    const incident = page.getByTestId('incident');
    await expect(incident).toHaveCount(1);
    await expect(incident).toContainText('Mags');
    await expect(incident).toContainText(/two doses in one session: \d\d:\d\d in Injection room 1, by Aisha Khan; and \d\d:\d\d in Injection room 2, by Aisha Khan/);
  }

  await signIn(roomOne, demoStaff.priya);
  const incident = roomOne.getByTestId('incident');
  await incident.getByRole('textbox', { name: 'What was done', exact: true }).fill('Observed for two hours with naloxone ready; prescriber told');
  await incident.getByRole('button', { name: 'Acknowledge', exact: true }).tap();
  await expect(roomOne.getByTestId('incident')).toHaveCount(0);
  await expect(roomTwo.getByTestId('incident')).toHaveCount(0);
});
