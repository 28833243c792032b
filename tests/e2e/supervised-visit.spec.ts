/**
 * One supervised dose, end to end: a nurse and an HCA sign in with badge and PIN and take Jay
 * through check-in, the pre-dose check, a breath test over the (simulated) serial breathalyser,
 * the observed self-injection witnessed by the HCA, post-dose observation and discharge, all by
 * touch in Chromium. Then the ledger file is read: one event per step, in order, with
 * consecutive sequence numbers, each recorded by the nurse and witnessed by the HCA.
 */
import { readLedger } from '../support/kiosk-data.js';
import { checkInToSedation, chooseProduct, demoProducts, demoStaff, expect, openKiosk, recordObservation, signIn, tapNumber, test } from './kiosk-fixture.js';
import { payloadOf, staffIdOf } from './ledger-reading.js';
import { confirmDoseWithPins, signPreparationWithPins, signWasteWithPins } from './pin-confirmation.js';

const { aisha, tom } = demoStaff;

test('a nurse and an HCA take one service user through a supervised dose by touch', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);

  await page.getByRole('button', { name: 'Check in Jay P', exact: true }).tap();
  await expect(page.getByText('Jason Pryce')).toBeVisible();
  await expect(page.getByText('Prefers the booth by the window')).toBeVisible();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();

  await page.getByRole('radio', { name: 'Sedation 1', exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
  await expect(page.getByText('Breath test required for this person')).toBeVisible();
  // Full name and date of birth belong to the identity check only.
  await expect(page.getByText('Jason Pryce')).toHaveCount(0);
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();

  await page.getByRole('button', { name: 'Start breath test', exact: true }).tap();
  await expect(page.getByRole('textbox', { name: 'Amount drawn (mg)', exact: true })).toBeVisible();

  // The catalogue's products of the prescribed drug, each with what it holds, before any tap; none chosen for the nurse.
  for (const title of [demoProducts.ampoule100mg, demoProducts.ampoule500mg]) {
    const product = page.getByRole('radio', { name: `Product ${title}`, exact: true });
    await expect(product).toContainText(title);
    await expect(product).toContainText('10000 mg available');
    await expect(product).toBeEnabled();
    await expect(product).toHaveAttribute('aria-checked', 'false');
  }

  // Before preparation nobody is fixed as witness: the nurse chooses, and the screen says who.
  await page.getByRole('radio', { name: 'Witness Tom Reid', exact: true }).tap();
  await expect(page.getByText('Recorded by Aisha Khan, witnessed by Tom Reid.')).toBeVisible();
  await chooseProduct(page);
  await tapNumber(page, 'Amount drawn (mg)', '150');
  await page.getByRole('button', { name: 'Record preparation', exact: true }).tap();
  await signPreparationWithPins(page, aisha, tom);

  // From preparation on, the pair is fixed.
  await expect(page.getByText('Recorded by Aisha Khan, witnessed by Tom Reid.')).toBeVisible();
  await expect(page.getByText(`Amount drawn: 150 mg, from ${demoProducts.ampoule100mg}`)).toBeVisible();
  await tapNumber(page, 'Amount administered (mg)', '140');
  await page.getByRole('radio', { name: 'Route IV', exact: true }).tap();
  await page.getByRole('radio', { name: 'Site left arm', exact: true }).tap();
  await page.getByRole('button', { name: 'Record administration', exact: true }).tap();
  await confirmDoseWithPins(page, aisha, tom);

  await expect(page.getByText('Surplus to waste: 10 mg')).toBeVisible();
  await tapNumber(page, 'Amount wasted (mg)', '10');
  await page.getByRole('button', { name: 'Record waste', exact: true }).tap();
  await signWasteWithPins(page, aisha, tom);

  await recordObservation(page, '1', '14', '97');
  await expect(page.getByRole('table', { name: 'Observations so far' })).toContainText('97');
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Observation must go on for 20 more min');

  kiosk.clock.advanceMinutes(21);
  await recordObservation(page, '1', '13', '98');
  await expect(page.getByRole('table', { name: 'Observations so far' })).toContainText('98');
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  await expect(page.getByText(/Discharged at/)).toBeVisible();

  const events = readLedger(kiosk.dataDir).filter((row) => row.visit_id !== null);
  expect(events.map((row) => row.type)).toEqual([
    'visitStarted', 'identityConfirmed', 'preDoseCheckRecorded', 'breathTestStarted', 'breathResultRecorded',
    'dosePrepared', 'doseAdministered', 'surplusWasted', 'observationRecorded', 'observationRecorded', 'visitDischarged',
  ]);
  const allSeqs = readLedger(kiosk.dataDir).map((row) => row.seq);
  expect(allSeqs).toEqual(allSeqs.map((_, index) => index + 1));
  expect(payloadOf(events[5])).toMatchObject({ drawnMg: 150, productId: 'demo-cdp-diamorphine-100mg' });
  expect(payloadOf(events[6])).toMatchObject({ administeredMg: 140, route: 'IV', site: 'left arm' });
  const nurseId = staffIdOf(kiosk.dataDir, aisha.name);
  const hcaId = staffIdOf(kiosk.dataDir, tom.name);
  for (const witnessed of events.slice(5, 8)) {
    expect([witnessed.type, witnessed.actor_staff_id, witnessed.witness_staff_id]).toEqual([witnessed.type, nurseId, hcaId]);
  }
});

test('the room board shows who is in the room without full names, dates of birth or doses', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom);
  await page.getByRole('button', { name: 'Check in Mags D', exact: true }).tap();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  const card = page.getByRole('button', { name: 'Open visit for Mags D', exact: true });
  await expect(card).toBeVisible();
  const board = await page.locator('body').innerText();
  expect(board).not.toContain('Margaret Doyle');
  expect(board).not.toContain('1979');
  expect(board).not.toMatch(/200 ?mg/);
});

test('a dose drawn up and then declined is wasted whole, witnessed, before the visit can end', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToSedation(page, 'Dee S', '1');
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await page.getByRole('radio', { name: 'Witness Tom Reid', exact: true }).tap();
  await expect(page.getByText('Recorded by Aisha Khan, witnessed by Tom Reid.')).toBeVisible();
  await chooseProduct(page);
  await tapNumber(page, 'Amount drawn (mg)', '120');
  await page.getByRole('button', { name: 'Record preparation', exact: true }).tap();
  await signPreparationWithPins(page, aisha, tom);

  await page.getByRole('button', { name: 'End visit', exact: true }).tap();
  await page.getByRole('radio', { name: 'declined dose', exact: true }).tap();
  await page.getByRole('button', { name: 'Confirm end of visit', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('120 mg drawn up is not accounted for');
  await page.getByRole('button', { name: 'Cancel', exact: true }).tap();

  await page.getByRole('button', { name: 'Not given: waste the whole dose', exact: true }).tap();
  await page.getByRole('button', { name: 'Confirm: waste all 120 mg, witnessed', exact: true }).tap();
  await signWasteWithPins(page, aisha, tom);
  await expect(page.getByText('all 120 mg drawn up was wasted, witnessed')).toBeVisible();
  await page.getByRole('button', { name: 'End visit', exact: true }).tap();
  await page.getByRole('radio', { name: 'declined dose', exact: true }).tap();
  await page.getByRole('button', { name: 'Confirm end of visit', exact: true }).tap();
  await expect(page.getByText(/Visit ended at .*: declined dose/)).toBeVisible();

  const hcaId = staffIdOf(kiosk.dataDir, tom.name);
  const steps = readLedger(kiosk.dataDir).filter((row) => row.visit_id !== null).map((row) => [row.type, row.witness_staff_id]);
  expect(steps.slice(-3)).toEqual([['dosePrepared', hcaId], ['surplusWasted', hcaId], ['visitEnded', null]]);
});
