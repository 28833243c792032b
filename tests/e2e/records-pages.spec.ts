/**
 * Records at a wall touchscreen (issue 16, point 8), driven through the real kiosk at 1280x800 as
 * a gloved finger would: the audit filters are touch-sized and read dates the clinic's way, the
 * register fits the screen without a sideways scroll, clearing a re-titration block is offered
 * only for the person blocked, search finds people as it is typed, and a handover note written in
 * Records is read by the nurse at the next check-in with who wrote it.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { demoStaff, expect, openKiosk, signIn, test } from './kiosk-fixture.js';

const { aisha, okafor, sam } = demoStaff;

test.use({ viewport: { width: 1280, height: 800 } });

async function openRecords(page: Page, pageName: string): Promise<void> {
  await page.getByRole('button', { name: 'Records', exact: true }).tap();
  await page.getByRole('button', { name: pageName, exact: true }).tap();
}

async function heightOf(control: Locator): Promise<number> {
  return (await control.boundingBox())?.height ?? 0;
}

test('the audit filters are big enough for a gloved finger, and days read as the clinic writes them', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, sam);
  await openRecords(page, 'Audit');
  const audit = page.getByRole('region', { name: 'Audit', exact: true });
  await expect(audit.getByRole('radio', { name: 'Service user: Everyone', exact: true })).toBeChecked();
  const controls = [
    audit.getByRole('radio', { name: 'Service user: Everyone', exact: true }),
    audit.getByRole('radio', { name: /^Service user: Mags/ }),
    audit.getByRole('radio', { name: 'Staff member: All staff', exact: true }),
    audit.getByRole('radio', { name: 'Staff member: Sam Lee', exact: true }),
    audit.getByRole('button', { name: 'Previous day', exact: true }),
    audit.getByRole('button', { name: 'Today', exact: true }),
    audit.getByRole('button', { name: 'Every day', exact: true }),
  ];
  for (const control of controls) expect(await heightOf(control)).toBeGreaterThanOrEqual(44);
  await expect(audit.getByRole('combobox')).toHaveCount(0);

  // The kiosk's clock stands at 10:00 on Monday 23 November 2026, London.
  await audit.getByRole('button', { name: 'Today', exact: true }).tap();
  await expect(audit.getByText('23 November 2026', { exact: true })).toBeVisible();
  await audit.getByRole('button', { name: 'Previous day', exact: true }).tap();
  await expect(audit.getByText('22 November 2026', { exact: true })).toBeVisible();
  await audit.getByRole('button', { name: 'Next day', exact: true }).tap();
  await expect(audit.getByText('23 November 2026', { exact: true })).toBeVisible();
  // Nothing after today to look at.
  await expect(audit.getByRole('button', { name: 'Next day', exact: true })).toBeDisabled();
  // The demo clinic was set up three days before: nothing today, its records on every day.
  await expect(audit.getByText('Nothing recorded matches these filters.', { exact: true })).toBeVisible();
  await audit.getByRole('button', { name: 'Every day', exact: true }).tap();
  await expect(audit.getByText('Every day', { exact: true }).first()).toBeVisible();
  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(events.getByRole('cell', { name: /^20 Nov 2026, \d\d:\d\d$/ }).first()).toBeVisible();
  await expect(events.getByText(/\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2}/)).toHaveCount(0);
});

test('the register fits the screen at 1280x800 with every reg 19 heading, and no region scrolls sideways', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, sam);
  await openRecords(page, 'Controlled-drug register');
  const register = page.getByRole('region', { name: 'Controlled-drug register', exact: true });
  const table = register.getByRole('table').first();
  await expect(table).toBeVisible();
  for (const heading of ['Date and time', 'Entry', 'Service user and prescriber', 'Form and strength', 'Amount', 'Batch and expiry',
    'Route and site', 'Signed', 'Detail', 'Balance']) {
    await expect(table.getByRole('columnheader', { name: heading, exact: true })).toBeVisible();
  }
  await expect(table.getByText(/^Received: /).first()).toBeVisible();
  await expect(table.getByText(/^Recorded by: /).first()).toBeVisible();
  await expect(table.getByText(/^Witnessed by: /).first()).toBeVisible();
  // A string, not a function: the tests are compiled without the DOM's types.
  const sideways = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(sideways).toBeLessThanOrEqual(0);
  const tableSideways = await page.evaluate(`Math.max(...[...document.querySelectorAll('.register, .register *')].map((e) => e.scrollWidth - e.clientWidth))`);
  expect(tableSideways).toBeLessThanOrEqual(0);
  const box = await table.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(1280);
  const axe = await new AxeBuilder({ page }).include('.register').withRules(['scrollable-region-focusable']).analyze();
  expect(axe.violations).toEqual([]);
});

test('clearing a re-titration block is offered only for the person blocked; search finds people by name as it is typed', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, okafor);
  await openRecords(page, 'Service users');
  // Kez has missed every session since the clinic was set up: paused. Mags has no block to clear.
  const kez = page.getByRole('listitem', { name: 'Kez', exact: true });
  const mags = page.getByRole('listitem', { name: 'Mags', exact: true });
  await expect(kez.getByRole('button', { name: 'Clear re-titration block for Kez', exact: true })).toBeVisible();
  await expect(mags).toBeVisible();
  await expect(page.getByRole('button', { name: /^Clear re-titration block for/ })).toHaveCount(1);
  // Each has an open-ended prescription in force: a new one would overlap it, so none is offered.
  await expect(mags.getByRole('button', { name: 'Issue prescription for Mags', exact: true })).toHaveCount(0);

  const search = page.getByRole('searchbox', { name: 'Search service users', exact: true });
  expect(await heightOf(search)).toBeGreaterThanOrEqual(44);
  await search.tap();
  await search.pressSequentially('ma');
  await expect(mags).toBeVisible();
  await expect(kez).toHaveCount(0);
  await search.fill('Nobody-here');
  await expect(page.getByText('Nobody enrolled is called “Nobody-here”.', { exact: true })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Mags', exact: true })).toHaveCount(0);
  await search.fill('');
  await expect(kez).toBeVisible();
});

test('a handover note written in Records is read at the next check-in, with who wrote it and when', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await signIn(page, sam);
  await openRecords(page, 'Service users');
  const mags = page.getByRole('listitem', { name: 'Mags', exact: true });
  await mags.getByRole('button', { name: 'Write a handover note for Mags', exact: true }).tap();
  const form = page.getByRole('region', { name: 'Handover note for Mags', exact: true });
  await form.getByRole('button', { name: 'Save the handover note', exact: true }).tap();
  await expect(page.getByRole('alert')).toContainText('Write the handover note first.');
  await form.getByRole('textbox', { name: 'Handover note', exact: true }).fill('Housing appointment on Friday: may come early.');
  await form.getByRole('button', { name: 'Save the handover note', exact: true }).tap();
  const notes = mags.getByRole('list', { name: 'Handover notes', exact: true });
  await expect(notes.getByText('Sam Lee, 23 Nov 2026, 10:00', { exact: true })).toBeVisible();
  await expect(notes.getByText('Housing appointment on Friday: may come early.', { exact: true })).toBeVisible();
  // The note kept on her record before notes were dated is still read, undated.
  await expect(notes.getByText('From the record, undated', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Back to room', exact: true }).tap();
  await signIn(page, aisha);
  await page.getByRole('button', { name: /^Check in Mags/ }).tap();
  const atCheckIn = page.getByRole('region', { name: 'Handover notes', exact: true });
  await expect(atCheckIn.getByText('Sam Lee, 23 Nov 2026, 10:00', { exact: true })).toBeVisible();
  await expect(atCheckIn.getByText('Housing appointment on Friday: may come early.', { exact: true })).toBeVisible();
  // Once identity is confirmed the notes leave the screen with the rest of the identity details.
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await expect(page.getByRole('region', { name: 'Handover notes', exact: true })).toHaveCount(0);
});
