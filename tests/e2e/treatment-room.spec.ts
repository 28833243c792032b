/**
 * The treatment room as it really runs: a nurse and an HCA signed in at one wall screen, three
 * service users in the room at once. Mags is too sedated to dose and her dose is withheld; Jay's
 * breath reading is over the review level and the nurse decides to proceed; Dee overdoses during
 * observation and needs two doses of naloxone. Then the ledger file is read. Also: what an HCA
 * acting may not do, and a prescriber clearing a re-titration block from the Records screen.
 */
import type { Page } from '@playwright/test';
import { readLedger } from '../support/kiosk-data.js';
import { actAs, actingAs, checkInToSedation, demoProducts, demoStaff, expect, openKiosk, recordObservation, signIn, tapNumber, test } from './kiosk-fixture.js';
import { payloadOf, staffIdOf, visitEventsOf } from './ledger-reading.js';
import { prepareAndGive } from './dose-steps.js';
import { signWithPins } from './pin-confirmation.js';

const { aisha, tom, okafor } = demoStaff;

// Jay is flagged for alcohol monitoring: this reading is over the review level (9) and under the
// withhold level (22) of the demo site rules.
test.use({ breathResult: '15 ug/100ml' });

async function checkIn(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Check in ${name}`, exact: true }).tap();
  await expect(page.getByRole('region', { name: `Visit for ${name}`, exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await expect(page.getByRole('radio', { name: 'Sedation 1', exact: true }).or(page.getByText('The pre-dose decision is not recorded'))).toBeVisible();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
}

function card(page: Page, name: string) {
  return page.getByRole('button', { name: `Open visit for ${name}`, exact: true });
}

async function openVisit(page: Page, name: string): Promise<void> {
  await card(page, name).tap();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

async function observe(page: Page, sedation: string, rate: string, spo2: string): Promise<void> {
  await page.getByRole('radio', { name: `Sedation ${sedation}`, exact: true }).tap();
  await tapNumber(page, 'Respiratory rate (/min)', rate);
  await tapNumber(page, 'SpO2 (%)', spo2);
  await page.getByRole('button', { name: 'Record observation', exact: true }).tap();
  await expect(page.getByRole('table', { name: 'Observations so far' }).getByRole('cell', { name: spo2, exact: true })).toBeVisible();
}

async function proceedThroughPreDoseCheck(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'Sedation 1', exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
}

test('a nurse and an HCA run three service users through the room at once', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, aisha, tom);

  // The HCA checks all three in before anyone is finished.
  await checkIn(page, 'Mags D');
  await checkIn(page, 'Jay P');
  await checkIn(page, 'Dee S');
  for (const name of ['Mags D', 'Jay P', 'Dee S']) await expect(card(page, name)).toContainText('Pre-dose check');

  await actAs(page, aisha);
  await expect(actingAs(page)).toHaveText('Acting as Aisha Khan · nurse');

  // Mags: drifting off mid-conversation. Sedation 3 may not proceed: the nurse withholds, with a reason.
  await openVisit(page, 'Mags D');
  await page.getByRole('radio', { name: 'Sedation 3', exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Sedation level 3');
  await page.getByRole('textbox', { name: 'Reason', exact: true }).fill('Drifting off mid-conversation. Offered the afternoon session.');
  await page.getByRole('button', { name: 'Withhold dose', exact: true }).tap();
  await expect(page.getByText(/^Dose withheld at \d\d:\d\d: Drifting off mid-conversation/)).toBeVisible();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(card(page, 'Mags D')).toContainText('Dose withheld');

  // Jay: the breath reading is over the review level; the nurse proceeds, with a reason.
  await openVisit(page, 'Jay P');
  await proceedThroughPreDoseCheck(page);
  await page.getByRole('button', { name: 'Start breath test', exact: true }).tap();
  await expect(page.getByText('15 µg/100 mL', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('give the reason');
  await page.getByRole('textbox', { name: 'Reason', exact: true }).fill('No signs of intoxication; reading well under the withhold level.');
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await prepareAndGive(page, '150', 'IV', 'right arm');
  await observe(page, '1', '14', '97');
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(card(page, 'Jay P')).toContainText('Post-dose observation');

  // Dee: dosed, then an overdose during observation.
  await openVisit(page, 'Dee S');
  await proceedThroughPreDoseCheck(page);
  await prepareAndGive(page, '120', null, 'left thigh');
  await observe(page, '2', '12', '95');

  await page.getByRole('button', { name: 'Overdose', exact: true }).tap();
  const panel = page.getByRole('region', { name: 'Overdose response', exact: true });
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Naloxone 0.4 mg IM', exact: true }).tap();
  const given = panel.getByRole('table', { name: 'Naloxone given' });
  await expect(given.getByRole('row')).toHaveCount(2);

  // The room board shows the response from across the room; the card's own Overdose button
  // opens the response already under way instead of starting another.
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(card(page, 'Dee S')).toContainText('Overdose response');
  await expect(card(page, 'Dee S')).toHaveClass(/visit-card-overdue/);
  await page.getByRole('button', { name: 'Overdose: Dee S', exact: true }).tap();
  await expect(panel).toBeVisible();

  kiosk.clock.advanceMinutes(3);
  await panel.getByRole('button', { name: 'Naloxone 0.4 mg IM', exact: true }).tap();
  await expect(given.getByRole('row')).toHaveCount(3);
  await expect(given).toContainText('Aisha Khan');
  await panel.getByRole('button', { name: 'Oxygen given', exact: true }).tap();
  await expect(panel).toContainText(/Given at \d\d:\d\d/);
  await panel.getByRole('radio', { name: 'Outcome: recovered and observed', exact: true }).tap();
  await panel.getByRole('textbox', { name: 'Outcome note', exact: true }).fill('Breathing well after the second dose; talking.');
  await panel.getByRole('button', { name: 'Record outcome', exact: true }).tap();
  await expect(panel).toContainText('recovered and observed at');

  // Naloxone wears off before diamorphine does: observation runs on from the last dose of it.
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('after the last naloxone dose');

  kiosk.clock.advanceMinutes(61);
  await observe(page, '1', '14', '98');
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  await expect(page.getByText(/Discharged at/)).toBeVisible();

  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await openVisit(page, 'Jay P');
  await observe(page, '1', '13', '98');
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  await expect(page.getByText(/Discharged at/)).toBeVisible();

  // The ledger, as an auditor would read it.
  const nurseId = staffIdOf(kiosk.dataDir, aisha.name);
  const hcaId = staffIdOf(kiosk.dataDir, tom.name);

  const mags = visitEventsOf(kiosk.dataDir, 'demo-su-2');
  expect(mags.map((r) => r.type)).not.toContain('dosePrepared');
  const magsCheck = mags.filter((r) => r.type === 'preDoseCheckRecorded').at(-1);
  expect(payloadOf(magsCheck)).toMatchObject({ sedation: '3', decision: 'withhold', reason: 'Drifting off mid-conversation. Offered the afternoon session.' });
  expect(magsCheck?.actor_staff_id).toBe(nurseId);
  expect(mags[0]?.actor_staff_id).toBe(hcaId);

  const jay = visitEventsOf(kiosk.dataDir, 'demo-su-1');
  expect(jay.map((r) => r.type)).toEqual([
    'visitStarted', 'identityConfirmed', 'preDoseCheckRecorded', 'breathTestStarted', 'breathResultRecorded', 'breathReviewDecided',
    'dosePrepared', 'doseAdministered', 'observationRecorded', 'observationRecorded', 'visitDischarged',
  ]);
  expect(payloadOf(jay[4])).toMatchObject({ reading: { microgramsPer100mlBreath: 15 } });
  expect(payloadOf(jay[5])).toMatchObject({ decision: 'proceed', reason: 'No signs of intoxication; reading well under the withhold level.' });
  expect(payloadOf(jay[7])).toMatchObject({ administeredMg: 150, route: 'IV', site: 'right arm' });
  expect([jay[7]?.actor_staff_id, jay[7]?.witness_staff_id]).toEqual([nurseId, hcaId]);

  const dee = visitEventsOf(kiosk.dataDir, 'demo-su-3');
  expect(dee.map((r) => r.type)).toEqual([
    'visitStarted', 'identityConfirmed', 'preDoseCheckRecorded', 'dosePrepared', 'doseAdministered', 'observationRecorded',
    'overdoseResponseStarted', 'naloxoneGiven', 'naloxoneGiven', 'oxygenGiven', 'overdoseOutcomeRecorded',
    'observationRecorded', 'visitDischarged',
  ]);
  const naloxone = dee.filter((r) => r.type === 'naloxoneGiven');
  expect(naloxone.map((r) => payloadOf(r))).toEqual([
    expect.objectContaining({ doseMg: 0.4, route: 'IM' }),
    expect.objectContaining({ doseMg: 0.4, route: 'IM' }),
  ]);
  expect(naloxone.map((r) => r.actor_staff_id)).toEqual([nurseId, nurseId]);
  expect(payloadOf(dee[10])).toMatchObject({ outcome: 'recovered and observed' });
  const minutesAfterNaloxone = (Date.parse(String(payloadOf(dee[12]).at)) - Date.parse(String(payloadOf(naloxone[1]).givenAt))) / 60_000;
  expect(minutesAfterNaloxone).toBeGreaterThanOrEqual(60);
});

test('an HCA acting sees who may make the pre-dose decision instead of the form', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, aisha, tom);
  await expect(actingAs(page)).toHaveText('Acting as Tom Reid · HCA');
  await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();

  await expect(page.getByText('The pre-dose decision is not recorded by the person acting now.')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Sedation 1', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Proceed', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Withhold dose', exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Switch to Aisha Khan', exact: true }).tap();
  await expect(actingAs(page)).toHaveText('Acting as Aisha Khan · nurse');
  await expect(page.getByRole('button', { name: 'Proceed', exact: true })).toBeVisible();
});

test('a prescriber clears a re-titration block from Records, and the person can then be checked in', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, okafor);
  const kez = page.getByRole('button', { name: 'Check in Kez E', exact: true });
  await expect(kez).toBeDisabled();
  await expect(page.getByText(/paused/i).first()).toBeVisible();

  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Service users', exact: true }).tap();
  await page.getByRole('button', { name: 'Clear re-titration block for Kez', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Note for the record', exact: true }).fill('Seen today; restarting at 100 mg with review in a week.');
  await page.getByRole('button', { name: 'Confirm: clear re-titration block', exact: true }).tap();
  await expect(page.getByRole('button', { name: 'Clear re-titration block for Kez', exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(kez).toBeEnabled();
  await signIn(page, tom);
  await kez.tap();
  await expect(page.getByRole('region', { name: 'Visit for Kez E', exact: true })).toBeVisible();
  await expect(page.getByText('Kerry Ellis')).toBeVisible();
});

test('a wrong PIN is refused with the host\'s reason and is not left on screen', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await page.getByRole('button', { name: 'Staff', exact: true }).tap();
  const sheet = page.getByRole('dialog', { name: 'Staff sign-in' });
  await expect(sheet.getByRole('heading', { name: 'Demo clinic', exact: true })).toBeVisible();
  const badge = sheet.getByRole('textbox', { name: 'Badge number', exact: true });
  await badge.pressSequentially(aisha.badge);
  await badge.press('Enter');
  for (const digit of '1111') await sheet.getByRole('button', { name: digit, exact: true }).tap();
  await sheet.getByRole('button', { name: 'Sign in', exact: true }).tap();
  await expect(sheet.getByRole('alert')).not.toBeEmpty();
  await expect(sheet.getByLabel('PIN', { exact: true })).toHaveValue('');
  await expect(sheet.getByRole('button', { name: `Sign out ${aisha.name}`, exact: true })).toHaveCount(0);
  await expect(sheet.getByText('Nobody is signed in.')).toBeVisible();
});

test('at sedation 3 a nurse may reduce the dose within the prescribed range with the prescriber\'s agreement', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToSedation(page, 'Mags D', '3');
  await page.getByRole('textbox', { name: 'Reason', exact: true }).fill('Drowsy but rousable; reduced dose agreed.');
  await page.getByRole('button', { name: 'Reduce dose', exact: true }).tap();
  await expect(page.getByText('Prescribed range for a reduced dose: 120 to 180 mg')).toBeVisible();
  await tapNumber(page, 'Reduced dose (mg)', '150');
  await page.getByRole('button', { name: 'Confirm reduced dose', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('prescriber');
  await page.getByRole('textbox', { name: 'Prescriber contacted (who, how, what they agreed)', exact: true })
    .fill('Dr Okafor by phone: agreed 150 mg.');
  await page.getByRole('button', { name: 'Confirm reduced dose', exact: true }).tap();
  await expect(page.getByText('Draw up no more than 150 mg')).toBeVisible();

  const check = visitEventsOf(kiosk.dataDir, 'demo-su-2').find((r) => r.type === 'preDoseCheckRecorded');
  expect(payloadOf(check)).toMatchObject({ sedation: '3', decision: 'reduce', reducedDoseMg: 150, prescriberContact: 'Dr Okafor by phone: agreed 150 mg.' });
});

test('at sedation 4 the dose is withheld, and after the overdose response the visit stays open until the observation it needs is done', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await page.getByRole('radio', { name: 'Sedation 4', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Reason', exact: true }).fill('Hard to rouse on arrival.');
  await page.getByRole('button', { name: 'Overdose', exact: true }).tap();
  const panel = page.getByRole('region', { name: 'Overdose response', exact: true });
  await expect(panel).toContainText('Open: noticed at');
  await page.getByRole('button', { name: 'Withhold dose', exact: true }).tap();
  await expect(page.getByText('The overdose response is still open.', { exact: false })).toBeVisible();
  await expect(page.getByText('Reason: Hard to rouse on arrival.')).toBeVisible();

  await panel.getByRole('radio', { name: 'Given 2 min ago', exact: true }).tap();
  await panel.getByRole('button', { name: 'Naloxone 0.4 mg IN', exact: true }).tap();
  await expect(panel.getByRole('table', { name: 'Naloxone given' })).toContainText('IN');
  await panel.getByRole('button', { name: 'Emergency services called', exact: true }).tap();
  await expect(panel).toContainText(/Called at \d\d:\d\d/);
  await panel.getByRole('radio', { name: 'Outcome: recovered and observed', exact: true }).tap();
  await panel.getByRole('button', { name: 'Record outcome', exact: true }).tap();
  await expect(panel).toContainText('recovered and observed at');

  // The outcome does not close the visit: naloxone wears off before the opioid does. Until the
  // observation time has passed, the only ways out are transfer to hospital and leaving against advice.
  await expect(page.getByText('Keep observing after the overdose response.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'End visit', exact: true }).tap();
  await expect(page.getByRole('region', { name: 'Ending the visit', exact: true }).getByRole('radio'))
    .toHaveText(['transferred to hospital', 'left against advice']);
  await page.getByRole('button', { name: 'Cancel', exact: true }).tap();
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('must be observed for');

  // 60 minutes after the naloxone (given at 09:58), and an observation after it: the visit closes.
  kiosk.clock.advanceMinutes(61);
  await recordObservation(page, '1', '14', '97');
  await expect(page.getByRole('table', { name: 'Observations so far' }).getByRole('cell', { name: '97', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Discharge', exact: true }).tap();
  // Closed now, an hour after the withhold: the board keeps it for a few minutes from its closing, so staff see the outcome.
  await expect(page.getByText(/^Dose withheld at \d\d:\d\d/)).toBeVisible();

  const dee = visitEventsOf(kiosk.dataDir, 'demo-su-3');
  expect(dee.map((r) => r.type).slice(-3)).toEqual(['overdoseOutcomeRecorded', 'observationRecorded', 'visitDischarged']);
  const naloxone = dee.find((r) => r.type === 'naloxoneGiven');
  expect(Date.parse(String(payloadOf(naloxone).at)) - Date.parse(String(payloadOf(naloxone).givenAt))).toBe(2 * 60_000);
});

test('a clinic lead approves the site rules and a nurse records the start-of-day stock check and a receipt, each signed with both PINs', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await expect(page.getByText('Clinical thresholds not yet approved by a clinic lead', { exact: false })).toBeVisible();
  await signIn(page, demoStaff.sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Site rules', exact: true }).tap();
  await page.getByRole('button', { name: 'Approve version 1', exact: true }).tap();
  await expect(page.getByText('Approved by', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('Clinical thresholds not yet approved by a clinic lead', { exact: false })).toHaveCount(0);

  await signIn(page, tom, aisha);
  await page.getByRole('button', { name: 'Stock', exact: true }).tap();
  // Each product's section says what the register holds, in mg and in its own unit.
  await expect(page.getByRole('region', { name: demoProducts.ampoule100mg, exact: true })).toContainText('Register balance: 10000 mg (100 ampoules)');
  await expect(page.getByRole('region', { name: demoProducts.ampoule500mg, exact: true })).toContainText('Register balance: 10000 mg (20 ampoules)');

  const checkForm = page.getByRole('region', { name: 'Stock check', exact: true });
  await checkForm.getByRole('radio', { name: `Product counted: ${demoProducts.ampoule100mg}`, exact: true }).tap();
  await checkForm.getByRole('radio', { name: 'Start of day', exact: true }).tap();
  await checkForm.getByRole('textbox', { name: 'Counted in the cupboard (ampoules)', exact: true }).fill('100');
  await checkForm.getByRole('radio', { name: 'Count witnessed by: Tom Reid', exact: true }).tap();
  await checkForm.getByRole('button', { name: 'Record stock check', exact: true }).tap();
  await signWithPins(page, 'Sign the count with both PINs', 'Record the count', aisha, tom);
  await expect(page.getByRole('table', { name: 'Stock checks' })).toContainText('start of day');
  const check = readLedger(kiosk.dataDir).find((r) => r.type === 'stockChecked');
  expect(payloadOf(check)).toMatchObject({
    productId: 'demo-cdp-diamorphine-100mg', countedUnits: 100, countedMg: 10_000, kind: 'start of day', discrepancyMg: 0,
  });
  expect([check?.actor_staff_id, check?.witness_staff_id]).toEqual([staffIdOf(kiosk.dataDir, aisha.name), staffIdOf(kiosk.dataDir, tom.name)]);

  const receiptForm = page.getByRole('region', { name: 'Stock received', exact: true });
  await receiptForm.getByRole('radio', { name: `Product received: ${demoProducts.ampoule500mg}`, exact: true }).tap();
  await receiptForm.getByRole('textbox', { name: 'Quantity received (ampoules)', exact: true }).fill('4');
  await expect(receiptForm.getByText('4 ampoules is 2000 mg.')).toBeVisible();
  await receiptForm.getByRole('textbox', { name: 'Batch number', exact: true }).fill('B-7731');
  await receiptForm.getByLabel('Expiry date', { exact: true }).fill('2099-06-30');
  await receiptForm.getByRole('textbox', { name: 'Supplier', exact: true }).fill('Hospital pharmacy');
  await receiptForm.getByRole('radio', { name: 'Receipt witnessed by: Tom Reid', exact: true }).tap();
  await receiptForm.getByRole('button', { name: 'Record stock received', exact: true }).tap();
  // A wrong PIN is refused and nothing is recorded; the right ones record the receipt.
  await signWithPins(page, 'Sign the receipt with both PINs', 'Record the receipt', aisha, { ...tom, pin: '0000' });
  await expect(page.getByRole('alert')).toContainText(`${tom.name}'s PIN was not right.`);
  expect(readLedger(kiosk.dataDir).filter((r) => r.type === 'stockReceived')).toHaveLength(2);
  await signWithPins(page, 'Sign the receipt with both PINs', 'Record the receipt', aisha, tom);
  await expect(page.getByRole('region', { name: demoProducts.ampoule500mg, exact: true })).toContainText('Register balance: 12000 mg (24 ampoules)');
  const receipt = readLedger(kiosk.dataDir).filter((r) => r.type === 'stockReceived').at(-1);
  expect(payloadOf(receipt)).toMatchObject({
    productId: 'demo-cdp-diamorphine-500mg', units: 4, quantityMg: 2000, batch: 'B-7731', expiresOn: '2099-06-30', supplier: 'Hospital pharmacy',
  });
  expect([receipt?.actor_staff_id, receipt?.witness_staff_id]).toEqual([staffIdOf(kiosk.dataDir, aisha.name), staffIdOf(kiosk.dataDir, tom.name)]);

  // Reg 20: the receipt was 3 ampoules, not 4. The entry stays; a witnessed correction below it moves the balance.
  await page.getByRole('button', { name: 'Controlled-drug register', exact: true }).tap();
  const section = page.getByRole('region', { name: demoProducts.ampoule500mg, exact: true });
  await section.getByRole('row').filter({ hasText: 'B-7731' }).getByRole('button', { name: 'Correct', exact: true }).tap();
  const correction = section.getByRole('region', { name: 'Correct this entry', exact: true });
  await expect(correction.getByRole('textbox', { name: 'Right mg in', exact: true })).toHaveValue('2000');
  await correction.getByRole('textbox', { name: 'Right mg in', exact: true }).fill('1500');
  await correction.getByRole('textbox', { name: 'Reason (required): what was wrong, and why', exact: true }).fill('Three ampoules came, not four.');
  await correction.getByRole('radio', { name: 'Correction witnessed by: Tom Reid', exact: true }).tap();
  await correction.getByRole('button', { name: 'Record correction', exact: true }).tap();
  await signWithPins(page, 'Sign the correction with both PINs', 'Record the correction', aisha, tom);
  await expect(section.getByRole('table')).toHaveAccessibleName(`${demoProducts.ampoule500mg}: balance 11500 mg (23 ampoules)`);
  await expect(section.getByRole('row').filter({ hasText: 'B-7731' }).first()).toContainText('(corrected, see below)');
  await expect(section.getByRole('row').filter({ hasText: /^.*correction of the receipt of/ })).toContainText('11500 mg (23 ampoules)');
});

test('a clinic lead enrols a nurse who can then sign in, and a prescriber changes a prescription', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, demoStaff.sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Staff records', exact: true }).tap();
  await page.getByRole('button', { name: 'Enrol a member of staff', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Rosa Mendes');
  await page.getByRole('radio', { name: 'Role: Nurse', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Badge number', exact: true }).fill('N1003');
  await page.getByLabel('PIN', { exact: true }).fill('4321');
  await page.getByRole('button', { name: 'Enrol', exact: true }).tap();
  await expect(page.getByRole('cell', { name: 'Rosa Mendes', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await signIn(page, { name: 'Rosa Mendes', badge: 'N1003', pin: '4321' });

  await signIn(page, okafor);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  const jay = page.getByRole('listitem', { name: 'Jay', exact: true });
  await jay.getByRole('button', { name: 'Change prescription', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Dose per session (mg)', exact: true }).fill('160');
  await page.getByRole('textbox', { name: 'Reason for the change', exact: true }).fill('Titrating up after review.');
  await page.getByRole('button', { name: 'Save the change', exact: true }).tap();
  await expect(jay.getByRole('cell', { name: /^160 mg/ })).toBeVisible();
  const change = readLedger(kiosk.dataDir).find((r) => r.type === 'prescriptionChanged');
  expect(payloadOf(change)).toMatchObject({ prescriptionId: 'demo-su-1-rx-1', dosePerSessionMg: 160, reason: 'Titrating up after review.' });
});

test('a clinic lead enrols a service user with a photo taken at the kiosk, and once prescribed they can be checked in', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, demoStaff.sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Enrol a service user', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Preferred name', exact: true }).fill('Robin');
  await page.getByRole('textbox', { name: 'Legal name', exact: true }).fill('Robin Achebe');
  await page.getByLabel('Date of birth', { exact: true }).fill('1988-05-09');
  // A camera shot arrives as a file; the kiosk shrinks it to a JPEG before it leaves the screen.
  await page.locator('#service-user-photo').setInputFiles({ name: 'robin.png', mimeType: 'image/png', buffer: Buffer.from(cameraShotPng, 'base64') });
  await expect(page.getByRole('img', { name: 'The photo to be saved' })).toBeVisible();
  await page.getByRole('button', { name: 'Enrol', exact: true }).tap();
  await expect(page.getByText('Robin', { exact: true }).first()).toBeVisible();
  const enrolled = payloadOf(readLedger(kiosk.dataDir).find((r) => r.type === 'serviceUserEnrolled' && payloadOf(r).preferredName === 'Robin'));
  expect(enrolled).toMatchObject({ legalName: 'Robin Achebe', dateOfBirth: '1988-05-09', photo: expect.stringMatching(/^data:image\/jpeg;base64,/) });
  // Without a prescription nobody can be checked in.
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(page.getByRole('button', { name: /^Check in Robin/ })).toHaveCount(0);

  await signIn(page, okafor);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Issue prescription for Robin', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Dose per session (mg)', exact: true }).fill('60');
  await page.getByRole('button', { name: 'Route IV', exact: true }).tap();
  // The forms are chosen from the catalogue's, never typed: none is chosen for the prescriber.
  await page.getByRole('button', { name: 'Issue prescription', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Choose the forms the prescription allows.');
  await page.getByRole('button', { name: 'Form powder for injection', exact: true }).tap();
  await page.getByRole('button', { name: 'Issue prescription', exact: true }).tap();
  await expect(page.getByRole('cell', { name: /^60 mg/ })).toBeVisible();
  expect(payloadOf(readLedger(kiosk.dataDir).find((r) => r.type === 'prescriptionIssued' && payloadOf(r).serviceUserId === enrolled.serviceUserId)))
    .toMatchObject({ dosePerSessionMg: 60, routes: ['IV'], allowedForms: ['powder for injection'], prescriberId: staffIdOf(kiosk.dataDir, okafor.name) });

  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await signIn(page, tom);
  const robin = page.getByRole('button', { name: 'Check in Robin A', exact: true });
  await expect(robin.locator('img')).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  await robin.tap();
  await expect(page.getByText('Robin Achebe')).toBeVisible();
});

// A 16 x 16 PNG, as a camera's file input would hand over (any real photo is larger).
const cameraShotPng =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAB1UlEQVR4nAXBoQ6AIABAQT+MaCQaiUSjgaCFsVEobswCwaDFsVEoFIvlfZZ3A0ZgRozETBiF0ZgZs2BWjMMETMRkzIUpmDawCbaRTbJNbIpNs81sC9vK5tgCW2TLbBdbYWsDVmBHrMROWIXV2Bm7YFeswwZsxGbshS3YNuAFfsRL/IRXeI2f8Qt+xTt8wEd8xl/4gm8DQRBGgiRMBEXQhJmwEFaCIwRCJGTCRSiENrAL9pFdsk/sil2zz+wL+8ru2AN7ZM/sF3thbwOH4Bg5JMfEoTg0x8yxcKwcjiNwRI7McXEUjjaQBGkkSdJEUiRNmkkLaSU5UiBFUiZdpEJqA6fgHDkl58SpODXnzLlwrpyOM3BGzsx5cRbONnAL7pFbck/ciltzz9wL98rtuAN35M7cF3fhbgOP4Bl5JM/Eo3g0z8yz8Kw8jifwRJ7Mc/EUnjZQBXWkSupEVVRNnakLdaU6aqBGaqZe1EJtA03QRpqkTTRF07SZttBWmqMFWqRl2kUrtDbQBX2kS/pEV3RNn+kLfaU7eqBHeqZf9EJvA6/gHXkl78SreDXvzLvwrryON/BG3sx78RbeNvAJvpFP8k18ik/zzXwL38rn+AJf5Mt8F1/haz9UW92QvXo1iwAAAABJRU5ErkJggg==';
