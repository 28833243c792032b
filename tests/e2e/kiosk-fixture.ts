/**
 * A fresh kiosk per test: its own data folder, the real host core with a clock the test moves,
 * the real browser shell serving the built renderer, and the simulated breathalyser on a socat
 * pty (or none, or the emulator playing a fault: the `breathalyser` option). The page is ready
 * when the renderer sets its readiness flag, never after a sleep.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Page } from '@playwright/test';
import { startEmulator, type EmulatorScenario } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import { startBrowserShell } from '../../main/shells/browser/browser-shell.js';
import { writeKioskConfig } from '../support/kiosk-data.js';
import { ManualClock } from '../support/manual-clock.js';
import { freshDir } from '../support/temp-dir.js';

const rendererDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface Kiosk {
  host: Host;
  clock: ManualClock;
  dataDir: string;
  url: string;
}

/**
 * The kiosk's breathalyser: the simulated one reading `breathResult`; none at all (a broken or
 * missing device); or the emulator playing one scenario on every test (a device error, say),
 * opened as a real serial device.
 */
export type BreathalyserSetup = { kind: 'simulated' } | { kind: 'none' } | { kind: 'emulated'; scenario: EmulatorScenario };

async function breathalyserConfig(setup: BreathalyserSetup, breathResult: string, dataDir: string) {
  switch (setup.kind) {
    case 'simulated':
      return { config: { kind: 'simulated', resultText: breathResult } as const, stop: async () => undefined };
    case 'none':
      return { config: { kind: 'none' } as const, stop: async () => undefined };
    case 'emulated': {
      const emulator = await startEmulator({
        link: join(dataDir, 'breathalyser-e2e'), profile: kioskLineV1, scenario: setup.scenario, resultText: breathResult, delayMs: 300,
      });
      return { config: { kind: 'serial', path: emulator.kioskPath, profile: kioskLineV1.id } as const, stop: () => emulator.stop() };
    }
  }
}

export const test = base.extend<{ breathResult: string; breathalyser: BreathalyserSetup; kiosk: Kiosk }>({
  breathResult: ['0 ug/100ml', { option: true }],
  breathalyser: [{ kind: 'simulated' }, { option: true }],
  kiosk: async ({ breathResult, breathalyser }, use) => {
    const dir = freshDir('kiosk-e2e-');
    const device = await breathalyserConfig(breathalyser, breathResult, dir.path);
    writeKioskConfig(dir.path, { breathalyser: device.config });
    // Inside the morning session (08:00-12:30 Europe/London, which is GMT in November), so check-in
    // is open whatever the time the suite runs.
    const clock = new ManualClock(new Date('2026-11-23T10:00:00Z'));
    const logger = silentLogger();
    const host = await openKioskHost({ dataDir: dir.path, clock, logger });
    const shell = await startBrowserShell({ host, rendererDir, port: 0, logger });
    await use({ host, clock, dataDir: dir.path, url: shell.url });
    await shell.close();
    await host.close();
    await device.stop();
    dir.remove();
  },
});

export { expect };

export async function openKiosk(page: Page, kiosk: Kiosk): Promise<void> {
  await page.goto(kiosk.url);
  // A locator, not a predicate: the page's CSP forbids the eval Playwright polls a predicate with.
  await page.locator('body[data-kiosk-ready="true"]').waitFor({ state: 'attached' });
}

/** The demo clinic's staff (main/demo/demo-clinic.ts), with the badges and PINs it lists. */
export const demoStaff = {
  aisha: { name: 'Aisha Khan', badge: 'N1001', pin: '2468' },
  priya: { name: 'Priya Nair', badge: 'N1002', pin: '1357' },
  tom: { name: 'Tom Reid', badge: 'H2001', pin: '8642' },
  okafor: { name: 'Dr Okafor', badge: 'P3001', pin: '9753' },
  sam: { name: 'Sam Lee', badge: 'L4001', pin: '1593' },
} as const;

export interface StaffMember { name: string; badge: string; pin: string }

/** The demo clinic's catalogue (main/demo/demo-clinic.ts): two register sections, each with 10000 mg received. */
export const demoProducts = {
  ampoule100mg: 'Diamorphine, powder for injection, 100 mg ampoule',
  ampoule500mg: 'Diamorphine, powder for injection, 500 mg ampoule',
} as const;

/** At preparation the nurse names the product drawn from: nothing is chosen for them. */
export async function chooseProduct(page: Page, title: string = demoProducts.ampoule100mg): Promise<void> {
  await page.getByRole('radio', { name: `Product ${title}`, exact: true }).tap();
}

/**
 * Signs each person in as they would at the wall: the badge reader types the number and presses
 * Enter, then the PIN is tapped on the keypad. The last person signed in is the one acting.
 */
export async function signIn(page: Page, ...people: StaffMember[]): Promise<void> {
  await page.getByRole('button', { name: 'Staff', exact: true }).tap();
  const sheet = page.getByRole('dialog', { name: 'Staff sign-in' });
  for (const person of people) {
    const badge = sheet.getByRole('textbox', { name: 'Badge number', exact: true });
    await badge.tap();
    await badge.pressSequentially(person.badge);
    await badge.press('Enter');
    for (const digit of person.pin) await sheet.getByRole('button', { name: digit, exact: true }).tap();
    await sheet.getByRole('button', { name: 'Sign in', exact: true }).tap();
    await expect(sheet.getByRole('button', { name: `Sign out ${person.name}`, exact: true })).toBeVisible();
  }
  await sheet.getByRole('button', { name: 'Done', exact: true }).tap();
  const last = people.at(-1);
  if (last) await expect(actingAs(page)).toContainText(`Acting as ${last.name}`);
}

/** The line in the top bar that says who every step is recorded under. */
export function actingAs(page: Page) {
  return page.getByRole('status').filter({ hasText: /^Acting as|^Nobody signed in/ });
}

/** Makes a signed-in person the one acting, by their chip in the top bar. */
export async function actAs(page: Page, person: StaffMember): Promise<void> {
  await page.getByRole('button', { name: `Act as ${person.name}`, exact: true }).tap();
  await expect(actingAs(page)).toContainText(`Acting as ${person.name}`);
}

/** Taps a number into an on-screen keypad entry, key by key, as a gloved finger would. */
export async function tapNumber(page: Page, label: string, digits: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).tap();
  for (const key of digits) await page.getByRole('button', { name: key, exact: true }).tap();
}

/** Checks a person in from the waiting list and answers the pre-dose check's sedation, with no signs of intoxication. */
export async function checkInToSedation(page: Page, card: string, sedation: string): Promise<void> {
  await page.getByRole('button', { name: `Check in ${card}`, exact: true }).tap();
  await page.getByRole('button', { name: 'Identity confirmed', exact: true }).tap();
  await page.getByRole('radio', { name: `Sedation ${sedation}`, exact: true }).tap();
  await page.getByRole('radio', { name: 'Signs of intoxication: No', exact: true }).tap();
}

/** Records an observation by touch: sedation, respiratory rate and SpO2. */
export async function recordObservation(page: Page, sedation: string, respiratoryRate: string, oxygenSaturation: string): Promise<void> {
  await page.getByRole('radio', { name: `Sedation ${sedation}`, exact: true }).tap();
  await tapNumber(page, 'Respiratory rate (/min)', respiratoryRate);
  await tapNumber(page, 'SpO2 (%)', oxygenSaturation);
  await page.getByRole('button', { name: 'Record observation', exact: true }).tap();
}
