/**
 * The usual way from preparation to a dose given, by touch, as most specs need it once before
 * the part they are about: Aisha prepares with Tom as witness, both sign with their PINs, the
 * whole amount is given at one site and both sign again.
 */
import type { Page } from '@playwright/test';
import { chooseProduct, demoStaff, expect, tapNumber } from './kiosk-fixture.js';
import { confirmDoseWithPins, signPreparationWithPins } from './pin-confirmation.js';

/** `route`: tapped where the person has more than one; null where their one route is already chosen. */
export async function prepareAndGive(page: Page, mg: string, route: string | null, site: string): Promise<void> {
  await page.getByRole('radio', { name: 'Witness Tom Reid', exact: true }).tap();
  await chooseProduct(page);
  await tapNumber(page, 'Amount drawn (mg)', mg);
  await page.getByRole('button', { name: 'Record preparation', exact: true }).tap();
  await signPreparationWithPins(page, demoStaff.aisha, demoStaff.tom);
  await expect(page.getByText('Recorded by Aisha Khan, witnessed by Tom Reid.')).toBeVisible();
  await tapNumber(page, 'Amount administered (mg)', mg);
  if (route) await page.getByRole('radio', { name: `Route ${route}`, exact: true }).tap();
  await page.getByRole('radio', { name: `Site ${site}`, exact: true }).tap();
  await page.getByRole('button', { name: 'Record administration', exact: true }).tap();
  await confirmDoseWithPins(page, demoStaff.aisha, demoStaff.tom);
  await expect(page.getByRole('button', { name: 'Record observation', exact: true })).toBeVisible();
}
