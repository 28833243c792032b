/**
 * Staff watch people, not the screen: each new alert sounds once, with the site's sound, on the
 * screen of the room. Playing is observed through `data-last-alert` on the body (event, sound,
 * count played) and the words in the live region; a silenced event is announced but never played.
 */
import type { Page } from '@playwright/test';
import { demoStaff, expect, openKiosk, recordObservation, signIn, test } from './kiosk-fixture.js';
import { prepareAndGive } from './dose-steps.js';

const { aisha, tom, sam } = demoStaff;

const lastAlert = (page: Page) => page.locator('body');
const announced = (page: Page) => page.getByRole('status', { name: 'Alerts', exact: true });

/** Dee, 120 mg IM: checked in, dosed, and under observation. */
async function deeUnderObservation(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await page.getByRole('radio', { name: 'Sedation 1', exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
  await page.getByRole('button', { name: 'Proceed', exact: true }).tap();
  await prepareAndGive(page, '120', null, 'left thigh');
}

test('an overdue observation, a red flag and an overdose response each sound once, with the site\'s sound', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, tom, aisha);
  await deeUnderObservation(page);
  await expect(lastAlert(page)).not.toHaveAttribute('data-last-alert');

  // The first observation is due at once and overdue 2 min later (demo site rules).
  kiosk.clock.advanceMinutes(3);
  await expect(lastAlert(page)).toHaveAttribute('data-last-alert', 'observationOverdue:chime:1', { timeout: 10_000 });
  await expect(announced(page)).toHaveText('Observation overdue: Dee');
  await expect(page.getByText('Overdue', { exact: true })).toBeVisible();

  // Still overdue at the next refresh (a minute on): no second sound.
  kiosk.clock.advanceMinutes(1);
  await expect(page.getByText('Post-dose observation, 4 min', { exact: false })).toBeVisible({ timeout: 10_000 });
  await expect(lastAlert(page)).toHaveAttribute('data-last-alert', 'observationOverdue:chime:1');

  await recordObservation(page, '3', '8', '90');
  await expect(lastAlert(page)).toHaveAttribute('data-last-alert', 'redFlagRecorded:twoTone:2');
  await expect(announced(page)).toHaveText('Red flag recorded: Dee');

  await page.getByRole('button', { name: 'Start overdose response', exact: true }).tap();
  await expect(lastAlert(page)).toHaveAttribute('data-last-alert', 'overdoseResponseStarted:urgent:3');
  await expect(announced(page)).toHaveText('Overdose response started: Dee');
  const sinceNoticed = page.getByLabel('Time since noticed', { exact: true });
  kiosk.clock.advanceMinutes(1);
  await expect(sinceNoticed).toHaveText(/^1:0\d$/, { timeout: 10_000 });
  await expect(lastAlert(page)).toHaveAttribute('data-last-alert', 'overdoseResponseStarted:urgent:3');
});

test('an event the site has silenced plays nothing, and the others still sound', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Site rules', exact: true }).tap();
  await page.getByRole('radio', { name: 'Overdose response started: Off', exact: true }).tap();
  await expect(page.getByRole('button', { name: 'Play: Overdose response started', exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Save as a new version', exact: true }).tap();
  await expect(page.getByRole('heading', { name: 'Site rules in force: version 2', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();

  await signIn(page, tom, aisha);
  await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
  await page.getByRole('button', { name: 'Overdose', exact: true }).tap();
  await expect(page.getByRole('region', { name: 'Overdose response', exact: true })).toContainText('Open: noticed at 10:00');
  await expect(announced(page)).toHaveText('Overdose response started: Dee');
  await expect(lastAlert(page)).not.toHaveAttribute('data-last-alert');
});
