/**
 * Dose safety as time passes, at the wall screen: the host judges the dose again at every step,
 * and the nurse reads the answer before the tap. Dee is checked in for the morning and the queue
 * runs past the morning's grace time: the screen says no dose can be given, the dose buttons are
 * off, and End visit is the way on to a check-in for the afternoon. After a dose, an observation
 * past the site's red-flag thresholds turns the board card red (words only, no numbers) and puts
 * the overdose response one touch away. After naloxone, a dose waits for a prescriber's decision,
 * recorded with its reason. A change to the site rules waits for a second person.
 */
import type { Page } from '@playwright/test';
import { readLedger } from '../support/kiosk-data.js';
import { checkInToSedation, demoStaff, expect, openKiosk, recordObservation, signIn, test } from './kiosk-fixture.js';
import { payloadOf, staffIdOf, visitEventsOf } from './ledger-reading.js';
import { prepareAndGive } from './dose-steps.js';

const { aisha, tom, sam, okafor } = demoStaff;

function card(page: Page, name: string) {
  return page.getByRole('button', { name: `Open visit for ${name}`, exact: true });
}

async function checkInToPreparation(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Check in ${name}`, exact: true }).tap();
  await expect(page.getByRole('region', { name: `Visit for ${name}`, exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await page.getByRole('radio', { name: 'Sedation 1', exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await expect(page.getByRole('textbox', { name: 'Amount drawn (mg)', exact: true })).toBeVisible();
}

test('past the session\'s grace time the nurse sees that no dose can be given before tapping, and ends the visit to check in again', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToPreparation(page, 'Dee S');
  const blocked = page.getByRole('region', { name: 'No dose now', exact: true });
  await expect(blocked).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Record preparation', exact: true })).toBeEnabled();

  // 10:00 to 13:10: the morning closed at 12:30 and its 30 minutes' grace ended at 13:00. The
  // screen follows the host's clock on its own (the room view is sent again every few seconds).
  kiosk.clock.advanceMinutes(190);
  await expect(blocked).toContainText('No dose can be prepared or given now');
  await expect(blocked).toContainText('grace time ended at 13:00');
  await expect(page.getByRole('button', { name: 'Record preparation', exact: true })).toBeDisabled();

  // End visit is the way on, inside the notice; no second End visit lower down.
  await expect(page.getByRole('button', { name: 'End visit', exact: true })).toHaveCount(1);
  await blocked.getByRole('button', { name: 'End visit', exact: true }).tap();
  await page.getByRole('radio', { name: 'other', exact: true }).tap();
  await page.getByRole('textbox', { name: 'Note', exact: true }).fill('Morning grace time over; checked in again for the afternoon.');
  await page.getByRole('button', { name: 'Confirm end of visit', exact: true }).tap();
  await expect(page.getByText(/Visit ended at/)).toBeVisible();

  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await checkInToPreparation(page, 'Dee S');
  await expect(page.locator('.stage-line')).toContainText('Afternoon');
  await expect(blocked).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Record preparation', exact: true })).toBeEnabled();

  const dee = visitEventsOf(kiosk.dataDir, 'demo-su-3').map((row) => row.type);
  expect(dee).not.toContain('dosePrepared');
  expect(dee.filter((type) => type === 'visitStarted')).toHaveLength(2);
  expect(dee).toContain('visitEnded');
});

test('an observation past the red-flag thresholds is shown in red in words, turns the card and offers the overdose response in one touch', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToPreparation(page, 'Dee S');
  await prepareAndGive(page, '120', null, 'left thigh');

  // Sedation 3, 8 breaths a minute and SpO2 89 %: past every demo threshold (3-4, under 10, under 92).
  kiosk.clock.advanceMinutes(5);
  await recordObservation(page, '3', '8', '89');
  const table = page.getByRole('table', { name: 'Observations so far' });
  await expect(table.locator('tr.row-red-flag')).toContainText('Red flag');
  const flag = page.getByRole('region', { name: 'Red flag', exact: true });
  await expect(flag).toContainText('Red flag at the last observation');
  // Brought forward by the site rule (5 minutes after a red flag): 10:05 + 5.
  await expect(page.getByText('Next observation due by 10:10')).toBeVisible();

  // The board says so from across the room, without the numbers.
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(card(page, 'Dee S')).toContainText('Red flag');
  await expect(card(page, 'Dee S')).toHaveClass(/visit-card-overdue/);
  await expect(card(page, 'Dee S')).not.toContainText('89');
  await expect(card(page, 'Dee S')).not.toContainText('breath');

  await card(page, 'Dee S').tap();
  await flag.getByRole('button', { name: 'Start overdose response', exact: true }).tap();
  const panel = page.getByRole('region', { name: 'Overdose response', exact: true });
  await expect(panel).toContainText('Open: noticed at 10:05');
  await expect(flag).toContainText('The overdose response is open.');
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(card(page, 'Dee S')).toContainText('Overdose response');

  const dee = visitEventsOf(kiosk.dataDir, 'demo-su-3').map((row) => row.type);
  expect(dee.slice(-2)).toEqual(['observationRecorded', 'overdoseResponseStarted']);
});

test('a pre-dose finding from a visit that ended is shown at the next check-in this session, on the visit screen only', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await checkInToSedation(page, 'Mags D', '3');
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Sedation level 3');
  await page.getByRole('button', { name: 'End visit', exact: true }).tap();
  await page.getByRole('radio', { name: 'left before dose', exact: true }).tap();
  await page.getByRole('button', { name: 'Confirm end of visit', exact: true }).tap();
  await expect(page.getByText(/Visit ended at/)).toBeVisible();

  kiosk.clock.advanceMinutes(10);
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await page.getByRole('button', { name: 'Check in Mags D', exact: true }).tap();
  const cautions = page.getByRole('region', { name: 'Before the pre-dose check', exact: true });
  await expect(cautions).toContainText('10:00');
  await expect(cautions).toContainText('Aisha Khan');
  const caution = await cautions.getByRole('listitem').first().innerText();
  // The wall screen's board is read by anyone in the room: the finding stays on the visit screen.
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await expect(card(page, 'Mags D')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(caution);
});

test('after naloxone at check-in no dose is offered until the nurse records a prescriber\'s decision and reason', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
  await page.getByRole('button', { name: 'Overdose', exact: true }).tap();
  const panel = page.getByRole('region', { name: 'Overdose response', exact: true });
  await panel.getByRole('button', { name: 'Naloxone 0.4 mg IN', exact: true }).tap();
  await expect(panel.getByRole('table', { name: 'Naloxone given' })).toContainText('IN');
  await panel.getByRole('radio', { name: 'Outcome: recovered and observed', exact: true }).tap();
  await panel.getByRole('button', { name: 'Record outcome', exact: true }).tap();
  await expect(panel).toContainText('recovered and observed at');

  const blocked = page.getByRole('region', { name: 'No dose now', exact: true });
  await expect(blocked).toContainText('Naloxone was given this session');
  const decision = page.getByRole('region', { name: 'Prescriber\'s decision after naloxone', exact: true });
  await decision.getByRole('button', { name: 'Record the prescriber\'s decision', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Choose the prescriber who decided first.');
  await decision.getByRole('radio', { name: 'Prescriber Dr Okafor', exact: true }).tap();
  await decision.getByRole('textbox', { name: 'Prescriber\'s reason', exact: true }).fill('Reviewed by phone: alert and breathing well; usual dose may be given.');
  await decision.getByRole('button', { name: 'Record the prescriber\'s decision', exact: true }).tap();
  await expect(decision).toHaveCount(0);
  await expect(blocked).toHaveCount(0);

  const recorded = visitEventsOf(kiosk.dataDir, 'demo-su-3').find((row) => row.type === 'prescriberDecidedAfterNaloxone');
  expect(recorded?.actor_staff_id).toBe(staffIdOf(kiosk.dataDir, aisha.name));
  expect(payloadOf(recorded)).toMatchObject({
    prescriberId: staffIdOf(kiosk.dataDir, okafor.name), reason: 'Reviewed by phone: alert and breathing well; usual dose may be given.',
  });
});

test('a change to the site rules waits for another clinic lead or a prescriber, and its author cannot approve it', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Site rules', exact: true }).tap();
  // The demo's set-up version has no author on staff: the clinic lead may approve it.
  await page.getByRole('button', { name: 'Approve version 1', exact: true }).tap();
  await expect(page.getByText('Approved by Sam Lee.')).toBeVisible();

  const grace = page.getByRole('textbox', { name: 'Grace time after a session closes (min)', exact: true });
  await expect(grace).toHaveValue('30');
  await grace.fill('20');
  await page.getByRole('button', { name: 'Save as a new version', exact: true }).tap();
  const waiting = page.getByRole('region', { name: 'Version 2 waits for approval', exact: true });
  await expect(waiting).toContainText('version 1 stays in force');
  await expect(waiting.getByRole('table', { name: 'What changes' })).toContainText('grace minutes after close');
  await expect(waiting).toContainText('You made version 2: another clinic lead or a prescriber must approve it.');
  await expect(page.getByRole('button', { name: 'Approve version 2', exact: true })).toHaveCount(0);
  await expect(page.getByText('Site rules version 2 waits for approval by another clinic lead or a prescriber', { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Site rules in force: version 1', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await signIn(page, okafor);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Site rules', exact: true }).tap();
  await page.getByRole('button', { name: 'Approve version 2', exact: true }).tap();
  await expect(page.getByRole('heading', { name: 'Site rules in force: version 2', exact: true })).toBeVisible();
  await expect(page.getByText('Approved by Dr Okafor.')).toBeVisible();
  await expect(page.getByText('waits for approval by another clinic lead', { exact: false })).toHaveCount(0);

  const approvals = readLedger(kiosk.dataDir).filter((row) => row.type === 'siteRulesApproved');
  expect(approvals).toHaveLength(2);
});
