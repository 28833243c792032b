/**
 * Stock leaving the register other than by a dose, at the wall screen: a clinic lead authorises a
 * witness for destruction; a nurse receives stock a service user hands back (kept apart from the
 * stock on hand) and destroys it before the authorised witness, both PINs; and destroys expired
 * cupboard stock before a witness from outside the clinic, named in the register's witness column.
 */
import { readLedger } from '../support/kiosk-data.js';
import { demoProducts, demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';
import { payloadOf, staffIdOf } from './ledger-reading.js';
import { signWithPins } from './pin-confirmation.js';

const { aisha, tom, priya, sam } = demoStaff;

test('a handed-back ampoule is destroyed before an authorised witness, and expired stock before an outside one', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, sam);
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: 'Staff records', exact: true }).tap();
  await page.getByRole('button', { name: 'Authorise Tom Reid to witness destruction', exact: true }).tap();
  await expect(page.getByRole('row').filter({ hasText: 'Tom Reid' })).toContainText('Authorised to witness destruction');

  await signIn(page, priya, tom, aisha);
  await page.getByRole('button', { name: 'Stock', exact: true }).tap();
  const returnForm = page.getByRole('region', { name: 'Stock handed back', exact: true });
  await returnForm.getByRole('radio', { name: `Product handed back: ${demoProducts.ampoule100mg}`, exact: true }).tap();
  await returnForm.getByRole('radio', { name: 'Handed back by Mags', exact: true }).tap();
  await returnForm.getByRole('textbox', { name: 'Quantity handed back (ampoules)', exact: true }).fill('2');
  await returnForm.getByRole('radio', { name: 'Return witnessed by: Tom Reid', exact: true }).tap();
  await returnForm.getByRole('button', { name: 'Record stock handed back', exact: true }).tap();
  await signWithPins(page, 'Sign the return with both PINs', 'Record the return', aisha, tom);
  // Kept apart: the product's own balance does not move.
  await expect(page.getByRole('region', { name: 'Stock handed back, held for destruction', exact: true })).toContainText('200 mg (2 ampoules)');
  await expect(page.getByRole('region', { name: demoProducts.ampoule100mg, exact: true })).toContainText('Register balance: 10000 mg (100 ampoules)');

  const destruction = page.getByRole('region', { name: 'Stock destroyed', exact: true });
  await destruction.getByRole('radio', { name: 'Destroyed from stock handed back', exact: true }).tap();
  await destruction.getByRole('radio', { name: `Product destroyed: ${demoProducts.ampoule100mg}`, exact: true }).tap();
  await expect(destruction.getByText('The section holds 200 mg (2 ampoules).')).toBeVisible();
  await destruction.getByRole('textbox', { name: 'Quantity destroyed (ampoules)', exact: true }).fill('2');
  await destruction.getByRole('radio', { name: 'Destroyed: damaged', exact: true }).tap();
  await destruction.getByRole('radio', { name: 'Witnessed by staff', exact: true }).tap();
  // Shown before the tap: who may not witness, and why.
  const priyaChoice = destruction.getByRole('radio', { name: 'Witness: Priya Nair', exact: true });
  await expect(priyaChoice).toBeDisabled();
  await expect(priyaChoice).toHaveAccessibleDescription(/^Not authorised to witness destruction/);
  await destruction.getByRole('radio', { name: 'Witness: Tom Reid', exact: true }).tap();
  await destruction.getByRole('button', { name: 'Record stock destroyed', exact: true }).tap();
  await signWithPins(page, 'Sign the destruction with both PINs', 'Record the destruction', aisha, tom);
  await expect(page.getByRole('region', { name: 'Stock handed back, held for destruction', exact: true })).toHaveCount(0);
  const destroyed = readLedger(kiosk.dataDir).find((row) => row.type === 'stockDestroyed');
  expect(payloadOf(destroyed)).toMatchObject({ productId: 'demo-cdp-diamorphine-100mg', from: 'patient return', units: 2, quantityMg: 200, reason: 'damaged' });
  expect([destroyed?.actor_staff_id, destroyed?.witness_staff_id]).toEqual([staffIdOf(kiosk.dataDir, aisha.name), staffIdOf(kiosk.dataDir, tom.name)]);

  await destruction.getByRole('radio', { name: 'Destroyed from the cupboard', exact: true }).tap();
  await destruction.getByRole('radio', { name: `Product destroyed: ${demoProducts.ampoule100mg}`, exact: true }).tap();
  await destruction.getByRole('textbox', { name: 'Quantity destroyed (ampoules)', exact: true }).fill('1');
  await destruction.getByRole('radio', { name: 'Destroyed: expired', exact: true }).tap();
  await destruction.getByRole('radio', { name: 'Witnessed from outside', exact: true }).tap();
  await destruction.getByRole('textbox', { name: 'Witness\'s name', exact: true }).fill('Ravi Patel');
  await destruction.getByRole('textbox', { name: 'Witness\'s role', exact: true }).fill('Controlled drugs liaison officer');
  await destruction.getByRole('textbox', { name: 'Witness\'s organisation', exact: true }).fill('Metropolitan Police');
  await destruction.getByRole('button', { name: 'Record stock destroyed', exact: true }).tap();
  const onePin = page.getByRole('region', { name: 'Sign the destruction with your PIN', exact: true });
  await onePin.getByLabel(`PIN for ${aisha.name}`, { exact: true }).tap();
  for (const digit of aisha.pin) await onePin.getByRole('button', { name: digit, exact: true }).tap();
  await onePin.getByRole('button', { name: 'Record the destruction', exact: true }).tap();
  await expect(page.getByRole('region', { name: demoProducts.ampoule100mg, exact: true })).toContainText('Register balance: 9900 mg (99 ampoules)');

  await page.getByRole('button', { name: 'Controlled-drug register', exact: true }).tap();
  const section = page.getByRole('region', { name: demoProducts.ampoule100mg, exact: true });
  await expect(section.getByRole('row').filter({ hasText: 'expired' })).toContainText('Ravi Patel (Controlled drugs liaison officer, Metropolitan Police; from outside the clinic)');
});
