/**
 * The breath test at the wall screen: a reading from the breathalyser goes to the visit that asked
 * for it and to no other, with two people waiting for a test at once; a device that fails a test
 * offers both a retry and a reading entered by hand; and with no breathalyser at all, a reading
 * taken on a handheld device is entered by hand with a reason and a witness.
 */
import type { Page } from '@playwright/test';
import { readLedger } from '../support/kiosk-data.js';
import { actAs, demoStaff, expect, openKiosk, signIn, tapNumber, test } from './kiosk-fixture.js';
import { payloadOf, staffIdOf, visitEventsOf } from './ledger-reading.js';

const { aisha, tom } = demoStaff;

function card(page: Page, name: string) {
  return page.getByRole('button', { name: `Open visit for ${name}`, exact: true });
}

function visitRegion(page: Page, name: string) {
  return page.getByRole('region', { name: `Visit for ${name}`, exact: true });
}

async function openVisit(page: Page, name: string): Promise<void> {
  await card(page, name).tap();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

async function backToRoom(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
}

/** The nurse (acting) checks a person in and proceeds through the pre-dose check to the breath test. */
async function checkInToBreathTest(page: Page, name: string, { askForTest }: { askForTest: boolean }): Promise<void> {
  await page.getByRole('button', { name: `Check in ${name}`, exact: true }).tap();
  await expect(visitRegion(page, name)).toBeVisible();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await page.getByRole('radio', { name: 'Sedation 1', exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
  if (askForTest) await page.getByRole('button', { name: 'Ask for a breath test', exact: true }).tap();
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await expect(page.getByRole('button', { name: 'Start breath test', exact: true })).toBeVisible();
}

/** The line that shows a visit's breath reading, once it has one. */
function readingLine(page: Page) {
  return page.getByText(/^Reading: .+ of breath/);
}

/** The breathalyser's state as the breath-test step shows it. */
function deviceOnStep(page: Page) {
  return page.locator('.step .device');
}

function visitIdOf(dataDir: string, serviceUserId: string): string {
  const started = visitEventsOf(dataDir, serviceUserId).find((row) => row.type === 'visitStarted');
  if (!started?.visit_id) throw new Error(`No visit started for ${serviceUserId}`);
  return started.visit_id;
}

test.describe('a reading from the breathalyser', () => {
  // Under the demo site rules' review level (9 µg/100 mL): the visit goes straight on to preparation.
  test.use({ breathResult: '5 ug/100ml' });

  test('the HCA asks for a breath test, the emulator answers, and the reading appears on that visit and no other', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    await signIn(page, tom, aisha);

    // Jay is flagged for alcohol monitoring; Mags is tested because the nurse asks.
    await checkInToBreathTest(page, 'Jay P', { askForTest: false });
    await backToRoom(page);
    await checkInToBreathTest(page, 'Mags D', { askForTest: true });
    await backToRoom(page);
    for (const name of ['Jay P', 'Mags D']) await expect(card(page, name)).toContainText('Breath test');

    await actAs(page, tom);
    await openVisit(page, 'Jay P');
    await expect(deviceOnStep(page)).toHaveAttribute('data-device-status', 'ready');
    await page.getByRole('button', { name: 'Start breath test', exact: true }).tap();
    await expect(page.getByRole('status').filter({ hasText: 'Blow into the breathalyser now' })).toBeVisible();

    // Mags's screen while, and after, Jay blows: her visit never takes his reading.
    await backToRoom(page);
    await openVisit(page, 'Mags D');
    await expect(page.getByRole('status').filter({ hasText: 'Blow into the breathalyser now' })).toHaveCount(0);
    await expect(deviceOnStep(page)).toHaveAttribute('data-device-status', 'ready');
    await expect(readingLine(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Start breath test', exact: true })).toBeEnabled();
    await backToRoom(page);
    await expect(card(page, 'Mags D')).toContainText('Breath test');
    await expect(card(page, 'Jay P')).toContainText('Observed injection');

    await openVisit(page, 'Jay P');
    await expect(readingLine(page)).toBeVisible();
    await expect(page.getByText('5 µg/100 mL', { exact: true })).toBeVisible();
    await expect(readingLine(page)).toContainText('Simulated');

    const jayVisit = visitIdOf(kiosk.dataDir, 'demo-su-1');
    const results = readLedger(kiosk.dataDir).filter((row) => row.type === 'breathResultRecorded');
    expect(results.map((row) => row.visit_id)).toEqual([jayVisit]);
    expect(payloadOf(results[0])).toMatchObject({ reading: { microgramsPer100mlBreath: 5, simulated: true } });
    const mags = visitEventsOf(kiosk.dataDir, 'demo-su-2').map((row) => row.type);
    expect(mags).toEqual(['visitStarted', 'identityConfirmed', 'preDoseCheckRecorded']);
    expect(readLedger(kiosk.dataDir).filter((row) => row.type === 'breathTestStarted').map((row) => row.visit_id)).toEqual([jayVisit]);
  });
});

test.describe('a device that fails the test', () => {
  test.use({ breathalyser: { kind: 'emulated', scenario: 'error:SENSOR_FAULT' } });

  test('shows the error with both Try again and a reading entered by hand', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    await signIn(page, tom, aisha);
    await checkInToBreathTest(page, 'Jay P', { askForTest: false });
    await actAs(page, tom);
    // While the device works, the reading must come from it.
    await expect(page.getByRole('button', { name: 'Enter a reading by hand', exact: true })).toHaveCount(0);

    await page.getByRole('button', { name: 'Start breath test', exact: true }).tap();
    const failure = page.getByRole('region', { name: 'Breath test failed', exact: true });
    await expect(failure).toContainText('sensor fault');
    await expect(failure.getByRole('button', { name: 'Try again', exact: true })).toBeVisible();
    await failure.getByRole('button', { name: 'Enter a reading by hand', exact: true }).tap();

    const form = page.getByRole('region', { name: 'Breath reading entered by hand', exact: true });
    await tapNumber(page, 'Reading', '0');
    await form.getByRole('radio', { name: 'Unit µg/100 mL', exact: true }).tap();
    await form.getByRole('textbox', { name: 'Device the reading was taken with', exact: true }).fill('Handheld Lion SD-400');
    await form.getByRole('textbox', { name: 'Reason for entering by hand', exact: true }).fill('Kiosk breathalyser reports a sensor fault.');
    await form.getByRole('radio', { name: 'Witness Aisha Khan', exact: true }).tap();
    await form.getByRole('button', { name: 'Record reading', exact: true }).tap();
    await expect(page.getByText('0 µg/100 mL', { exact: true })).toBeVisible();
    await expect(page.getByText('Preparing the dose is not recorded by the person acting now.')).toBeVisible();

    const jay = visitEventsOf(kiosk.dataDir, 'demo-su-1');
    expect(jay.map((row) => row.type).slice(-3)).toEqual(['breathTestStarted', 'breathTestFailed', 'manualBreathReadingRecorded']);
    const manual = jay.at(-1);
    expect([manual?.actor_staff_id, manual?.witness_staff_id]).toEqual([staffIdOf(kiosk.dataDir, tom.name), staffIdOf(kiosk.dataDir, aisha.name)]);
  });
});

test.describe('no breathalyser at the kiosk', () => {
  test.use({ breathalyser: { kind: 'none' } });

  test('a reading taken on a handheld device is entered by hand, with a reason and a witness', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    // The top bar says the device cannot be used, in words as well as colour.
    await expect(page.locator('.top-bar .device')).toContainText('Not working');
    await expect(page.locator('.top-bar .device')).toContainText('No breathalyser is configured for this kiosk.');

    await signIn(page, tom, aisha);
    await checkInToBreathTest(page, 'Jay P', { askForTest: false });
    await expect(deviceOnStep(page)).toHaveAttribute('data-device-status', 'unavailable');
    await expect(deviceOnStep(page)).toContainText('Not working');

    await page.getByRole('button', { name: 'Enter a reading by hand', exact: true }).tap();
    const form = page.getByRole('region', { name: 'Breath reading entered by hand', exact: true });
    // Nothing is sent until every part is there: the screen says what is missing.
    await form.getByRole('button', { name: 'Record reading', exact: true }).tap();
    await expect(page.getByRole('alert')).toContainText('Enter the reading the device showed first.');

    await tapNumber(page, 'Reading', '0.12');
    await form.getByRole('radio', { name: 'Unit mg/L', exact: true }).tap();
    await expect(form.getByText('Reading entered: 0.12 mg/L of breath')).toBeVisible();
    await form.getByRole('textbox', { name: 'Device the reading was taken with', exact: true }).fill('Handheld Lion SD-400, serial 5521');
    await form.getByRole('textbox', { name: 'Reason for entering by hand', exact: true }).fill('No breathalyser connected to the kiosk today.');
    await form.getByRole('button', { name: 'Record reading', exact: true }).tap();
    await expect(page.getByRole('alert')).toContainText('Choose who witnesses the reading first.');
    // The person acting is never offered as their own witness.
    await expect(form.getByRole('radio', { name: 'Witness Aisha Khan', exact: true })).toHaveCount(0);
    await form.getByRole('radio', { name: 'Witness Tom Reid', exact: true }).tap();
    await expect(form.getByText('Recorded by Aisha Khan, witnessed by Tom Reid.')).toBeVisible();
    await form.getByRole('button', { name: 'Record reading', exact: true }).tap();

    // 0.12 mg/L is 12 µg/100 mL: over the review level, so the nurse decides, as for a device reading.
    await expect(page.getByText('12 µg/100 mL', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Proceed', exact: true })).toBeVisible();
    await backToRoom(page);
    await expect(card(page, 'Jay P')).toContainText('Breath test');

    const rows = readLedger(kiosk.dataDir).filter((row) => row.type === 'manualBreathReadingRecorded');
    expect(rows).toHaveLength(1);
    expect([rows[0]?.actor_staff_id, rows[0]?.witness_staff_id]).toEqual([staffIdOf(kiosk.dataDir, aisha.name), staffIdOf(kiosk.dataDir, tom.name)]);
    const payload = payloadOf(rows[0]);
    expect(payload).toMatchObject({
      reason: 'No breathalyser connected to the kiosk today.',
      reading: { microgramsPer100mlBreath: 12, rawValue: 0.12, rawUnit: 'mg/l', deviceProfile: 'manual entry', simulated: false },
    });
    expect(String((payload['reading'] as { rawText: string }).rawText)).toContain('Handheld Lion SD-400, serial 5521');
  });
});
