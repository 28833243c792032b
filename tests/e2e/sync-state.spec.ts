/**
 * Sync with the clinic's central store, as the room sees it. The demo kiosk has no central store
 * configured, so the top bar says it is working alone, on every screen. Offline, online and
 * double-dose incidents need a real central PostgreSQL and are tested at integration level.
 */
import { demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';

test('a kiosk with no central store says it is working alone', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  const chip = page.getByTestId('sync-status');
  await expect(chip).toBeVisible();
  await expect(chip).toHaveText('Working alone — no central store configured');
  await expect(chip).toHaveAccessibleName('Central store: Working alone — no central store configured');
  await expect(chip).toHaveAttribute('data-sync-standing', 'alone');
  // Nothing to acknowledge on a kiosk that works alone.
  await expect(page.getByTestId('incident')).toHaveCount(0);

  // Still there once someone is signed in and the records are open.
  await signIn(page, demoStaff.sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await expect(chip).toHaveText('Working alone — no central store configured');
});
