/**
 * The Records screen's register page, as a nurse uses it: "Save the register as a PDF" asks the
 * host, which writes the register into the kiosk's printouts folder, and the page says where it is
 * to open and print. The screen sends the request only; the file is the host's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';

test('a nurse saves the register as a PDF and is told where it is', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, demoStaff.aisha);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Controlled-drug register', exact: true }).tap();
  await page.getByRole('button', { name: 'Save the register as a PDF', exact: true }).tap();
  const saved = page.getByRole('status').filter({ hasText: /^Saved to / });
  await expect(saved).toContainText(': open it to print.');
  const file = /^Saved to (.*): open it to print\.$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  expect(file.startsWith(join(kiosk.dataDir, 'printouts'))).toBe(true);
  expect(existsSync(file)).toBe(true);
  expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
