/**
 * The idle lock by touch, in Chromium: the renderer's two-minute timer driven by Playwright's
 * clock. A touch starts the two minutes again; two minutes without one sign everyone out and
 * leave no service user's name or photo anywhere in the page, while each open visit's Overdose
 * button still starts the response in one touch. Signing in then opens that response.
 */
import { readLedger } from '../support/kiosk-data.js';
import { prepareAndGive } from './dose-steps.js';
import { actingAs, checkInToSedation, demoStaff, expect, openKiosk, recordObservation, signIn, test } from './kiosk-fixture.js';

const { aisha, tom } = demoStaff;
// Every demo service user's preferred and legal name (main/demo/demo-clinic.ts).
const serviceUserNames = ['Jay', 'Jason Pryce', 'Mags', 'Dee', 'Kez'];

test('two minutes without a touch lock the screen: staff signed out, no personal data in the page, the overdose button one touch away', async ({ page, kiosk }) => {
  await page.clock.install();
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await page.getByRole('button', { name: 'Check in Mags D', exact: true }).tap();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(page.getByRole('button', { name: 'Open visit for Mags D', exact: true })).toBeVisible();

  // A touch within the two minutes starts them again.
  await page.clock.fastForward('01:50');
  await page.getByRole('heading', { name: 'Open visits', exact: true }).tap();
  await page.clock.fastForward('01:50');
  await expect(page.getByRole('button', { name: 'Open visit for Mags D', exact: true })).toBeVisible();
  await expect(actingAs(page)).toContainText('Acting as Aisha Khan');

  await page.clock.fastForward('00:15');
  await expect(page.getByRole('heading', { name: 'Screen locked', exact: true })).toBeVisible();
  await expect(actingAs(page)).toHaveText('Nobody signed in');
  await expect(page.getByRole('status').filter({ hasText: /open visit/ })).toHaveText('1 open visit, 3 waiting.');
  expect(kiosk.host.room().staffOnDuty).toEqual([]);
  const html = await page.content();
  expect(serviceUserNames.filter((name) => html.includes(name))).toEqual([]);
  expect(html).not.toContain('data:image/');

  await page.getByRole('button', { name: 'Overdose: Visit 1', exact: true }).tap();
  await expect(page.getByRole('alert').filter({ hasText: 'Overdose response started for Visit 1' })).toBeVisible();
  await expect(page.getByText('Overdose response under way')).toBeVisible();
  const started = readLedger(kiosk.dataDir).filter((row) => row.type === 'overdoseResponseStarted');
  expect(started.map((row) => row.actor_staff_id)).toEqual([null]);

  // Signing in opens the response, to record what is given.
  await signIn(page, aisha);
  await expect(page.getByRole('heading', { name: 'Mags D', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Overdose response', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Naloxone 0.4 mg IM', exact: true }).tap();
  await expect.poll(() => readLedger(kiosk.dataDir).filter((row) => row.type === 'naloxoneGiven').map((row) => row.actor_staff_id))
    .toEqual(['demo-staff-nurse']);
});

test('a locked board still flags, by visit number and without a name, a red flag and an overdue observation', async ({ page, kiosk }) => {
  await page.clock.install();
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToSedation(page, 'Dee S', '1');
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await prepareAndGive(page, '120', null, 'left thigh');
  // Sedation 3, 8 breaths a minute and SpO2 89 %: a red flag, and the next observation due in 5 minutes.
  kiosk.clock.advanceMinutes(5);
  await recordObservation(page, '3', '8', '89');
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await page.getByRole('button', { name: 'Check in Mags D', exact: true }).tap();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  kiosk.clock.advanceMinutes(10);

  await page.clock.fastForward('02:05');
  await expect(page.getByRole('heading', { name: 'Screen locked', exact: true })).toBeVisible();
  const dee = page.getByRole('listitem').filter({ hasText: 'Visit 1' });
  await expect(dee).toContainText('Red flag');
  await expect(dee).toContainText('Observation overdue');
  const mags = page.getByRole('listitem').filter({ hasText: 'Visit 2' });
  await expect(mags).not.toContainText('Red flag');
  await expect(mags).not.toContainText('Observation overdue');
  const html = await page.content();
  expect(serviceUserNames.filter((name) => html.includes(name))).toEqual([]);
});
