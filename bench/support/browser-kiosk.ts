/**
 * A kiosk on a copy of the one-year history, run in this process as the end-to-end tests run it
 * (the real composition root and browser shell, a clock the bench sets), and Debian's Chromium
 * driven by Playwright with the same launch flags as the tests.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { KioskConfig } from '../../main/config/kiosk-config.js';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import { startBrowserShell } from '../../main/shells/browser/browser-shell.js';
import { chromiumLaunch } from '../../playwright.config.js';
import { benchNow } from '../seed/one-year-history.js';
import { copyOfSeed } from '../seed/seed-cache.js';

export const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunch);
}

/** A clock the bench sets: the clinic day after the seeded year, morning session open. */
export class BenchClock {
  private current = Date.parse(benchNow);
  now = (): Date => new Date(this.current);
  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}

export interface SeededKiosk {
  host: Host;
  clock: BenchClock;
  dataDir: string;
  url: string;
  close(): Promise<void>;
}

export function changeKioskConfig(dataDir: string, change: Partial<KioskConfig>): void {
  const file = join(dataDir, 'kiosk.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...change }, null, 2));
}

export async function openSeededKiosk(seedDir: string, breathalyser: KioskConfig['breathalyser'] = { kind: 'none' }): Promise<SeededKiosk> {
  const copy = copyOfSeed(seedDir, 'kiosk-bench-');
  changeKioskConfig(copy.path, { breathalyser });
  const clock = new BenchClock();
  const logger = silentLogger();
  const host = await openKioskHost({ dataDir: copy.path, clock, logger });
  const shell = await startBrowserShell({ host, rendererDir, port: 0, logger });
  return {
    host, clock, dataDir: copy.path, url: shell.url,
    async close() {
      await shell.close();
      await host.close();
      copy.remove();
    },
  };
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  // A locator, not a predicate: the page's CSP forbids the eval Playwright polls a predicate with.
  await page.locator('body[data-kiosk-ready="true"]').waitFor({ state: 'attached' });
  return page;
}

/** Signs a person in at the sheet as the wall screen does (badge typed, PIN on the keypad); they then act. */
export async function signInAtScreen(page: Page, who: { displayName: string; badgeNumber: string; pin: string }): Promise<void> {
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: 'Staff sign-in' });
  const badge = sheet.getByRole('textbox', { name: 'Badge number', exact: true });
  await badge.click();
  await badge.pressSequentially(who.badgeNumber);
  await badge.press('Enter');
  for (const digit of who.pin) await sheet.getByRole('button', { name: digit, exact: true }).click();
  await sheet.getByRole('button', { name: 'Sign in', exact: true }).click();
  await sheet.getByRole('button', { name: `Sign out ${who.displayName}`, exact: true }).waitFor();
  await sheet.getByRole('button', { name: 'Done', exact: true }).click();
  await page.getByRole('status').filter({ hasText: `Acting as ${who.displayName}` }).waitFor();
}

export async function tapNumber(page: Page, label: string, digits: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  for (const key of digits) await page.getByRole('button', { name: key, exact: true }).click();
}
