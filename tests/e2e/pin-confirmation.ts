/**
 * Recording the dose by touch: both people tap their own PIN on the confirmation's keypad, then
 * record it (renderer/visit/pin-confirmation.tsx).
 */
import type { Page } from '@playwright/test';
import type { StaffMember } from './kiosk-fixture.js';

export async function confirmDoseWithPins(page: Page, nurse: StaffMember, witness: StaffMember): Promise<void> {
  const confirmation = page.getByRole('region', { name: 'Confirm the dose with both PINs', exact: true });
  for (const person of [nurse, witness]) {
    await confirmation.getByLabel(`PIN for ${person.name}`, { exact: true }).tap();
    for (const digit of person.pin) await confirmation.getByRole('button', { name: digit, exact: true }).tap();
  }
  await confirmation.getByRole('button', { name: 'Record the dose', exact: true }).tap();
}
