/**
 * The overdose panel at the wall screens nurses use (1280x800 and 1920x1080): the main area of the
 * visit, every naloxone button within the screen without scrolling, a clock since the overdose was
 * noticed and a prompt for the next naloxone dose that move with the host's clock, and the visit
 * saying naloxone was given once the response has closed.
 */
import { demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';

const { aisha, tom } = demoStaff;

for (const viewport of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test.describe(`at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport });

    test('every naloxone button is on screen, the clocks move with the host, and the visit says naloxone was given', async ({ page, kiosk }) => {
      await openKiosk(page, kiosk);
      await signIn(page, tom, aisha);
      await page.getByRole('button', { name: 'Check in Dee S', exact: true }).tap();
      await page.getByRole('button', { name: 'Overdose', exact: true }).tap();
      const panel = page.getByRole('region', { name: 'Overdose response', exact: true });
      await expect(panel).toContainText('Open: noticed at 10:00');

      const naloxone = panel.getByRole('button', { name: /^Naloxone / });
      await expect(naloxone).toHaveCount(12);
      for (const button of await naloxone.all()) {
        const box = await button.boundingBox();
        expect(box).not.toBeNull();
        if (!box) continue;
        expect(box.height).toBeGreaterThanOrEqual(48);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      for (const name of ['Oxygen given', 'Emergency services called']) {
        expect((await panel.getByRole('button', { name, exact: true }).boundingBox())?.height).toBeGreaterThanOrEqual(48);
      }

      const sinceNoticed = panel.getByLabel('Time since noticed', { exact: true });
      await expect(sinceNoticed).toHaveText(/^0:0\d$/);
      kiosk.clock.advanceMinutes(1);
      // The next room view (within the host's 5 s refresh) carries the new time.
      await expect(sinceNoticed).toHaveText(/^1:0\d$/, { timeout: 10_000 });

      await panel.getByRole('button', { name: 'Naloxone 0.4 mg IM', exact: true }).tap();
      await expect(panel.getByText(/^Next naloxone due in [23]:\d\d$/)).toBeVisible();
      kiosk.clock.advanceMinutes(3);
      await expect(panel.getByText('Naloxone due now')).toBeVisible({ timeout: 10_000 });

      await panel.getByRole('radio', { name: 'Outcome: recovered and observed', exact: true }).tap();
      await panel.getByRole('button', { name: 'Record outcome', exact: true }).tap();
      await expect(panel).toContainText('recovered and observed at');
      await expect(panel.getByText('Naloxone due now')).toHaveCount(0);
      await expect(page.getByText('Naloxone given: 1 dose, last at 10:01')).toBeVisible();
    });
  });
}
