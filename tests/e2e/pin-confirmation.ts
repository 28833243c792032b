/**
 * Signing by touch: both people tap their own PIN on the confirmation's keypad, then record the
 * entry (renderer/components/pin-pair.tsx): the preparation, the dose, the waste, and the register's stock entries.
 */
import type { Page } from '@playwright/test';
import type { StaffMember } from './kiosk-fixture.js';

export async function signWithPins(page: Page, heading: string, confirm: string, actor: StaffMember, witness: StaffMember): Promise<void> {
  const confirmation = page.getByRole('region', { name: heading, exact: true });
  for (const person of [actor, witness]) {
    await confirmation.getByLabel(`PIN for ${person.name}`, { exact: true }).tap();
    for (const digit of person.pin) await confirmation.getByRole('button', { name: digit, exact: true }).tap();
  }
  await confirmation.getByRole('button', { name: confirm, exact: true }).tap();
}

export async function confirmDoseWithPins(page: Page, nurse: StaffMember, witness: StaffMember): Promise<void> {
  await signWithPins(page, 'Confirm the dose with both PINs', 'Record the dose', nurse, witness);
}

export async function signPreparationWithPins(page: Page, nurse: StaffMember, witness: StaffMember): Promise<void> {
  await signWithPins(page, 'Sign the preparation with both PINs', 'Record the preparation', nurse, witness);
}

export async function signWasteWithPins(page: Page, nurse: StaffMember, witness: StaffMember): Promise<void> {
  await signWithPins(page, 'Sign the waste with both PINs', 'Record the waste', nurse, witness);
}
