/**
 * The Records screen's register page, as a nurse uses it: "Save the register as a PDF" asks the
 * host, which writes the register into the kiosk's printouts folder, and the page says where it is
 * to open and print. The screen sends the request only; the file is the host's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoProducts, demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';

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

  // One section, for one day: the PDF holds that section alone.
  const panel = page.getByRole('region', { name: 'Save the register as a PDF', exact: true });
  await panel.getByRole('radio', { name: `Print ${demoProducts.ampoule500mg}`, exact: true }).tap();
  await panel.getByLabel('First day (optional)', { exact: true }).fill('2020-01-01');
  await panel.getByRole('button', { name: 'Save the register as a PDF', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Give both the first and the last day');
  await panel.getByLabel('Last day (optional)', { exact: true }).fill('2099-12-31');
  await panel.getByRole('button', { name: 'Save the register as a PDF', exact: true }).tap();
  await expect(saved).not.toHaveText(`Saved to ${file}: open it to print.`);
  const second = /^Saved to (.*): open it to print\.$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  const text = execFileSync('pdftotext', ['-layout', second, '-'], { encoding: 'utf8' });
  expect(text).toContain(demoProducts.ampoule500mg);
  expect(text).not.toContain(demoProducts.ampoule100mg);
});
