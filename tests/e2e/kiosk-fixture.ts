/**
 * A fresh kiosk per test: its own data folder, the real host core with a clock the test moves,
 * the real browser shell serving the built renderer, and the simulated breathalyser on a socat
 * pty. The page is ready when the renderer sets its readiness flag, never after a sleep.
 */
import { fileURLToPath } from 'node:url';
import { test as base, type Page } from '@playwright/test';
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

export const test = base.extend<{ breathResult: string; kiosk: Kiosk }>({
  breathResult: ['0 ug/100ml', { option: true }],
  kiosk: async ({ breathResult }, use) => {
    const dir = freshDir('kiosk-e2e-');
    writeKioskConfig(dir.path, { breathalyser: { kind: 'simulated', resultText: breathResult } });
    const clock = new ManualClock(new Date());
    const logger = silentLogger();
    const host = await openKioskHost({ dataDir: dir.path, clock, logger });
    const shell = await startBrowserShell({ host, rendererDir, port: 0, logger });
    await use({ host, clock, dataDir: dir.path, url: shell.url });
    await shell.close();
    await host.close();
    dir.remove();
  },
});

export { expect } from '@playwright/test';

export async function openKiosk(page: Page, kiosk: Kiosk): Promise<void> {
  await page.goto(kiosk.url);
  await page.waitForFunction("document.body.dataset.kioskReady === 'true'");
}

export async function signIn(page: Page, ...names: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Staff', exact: true }).tap();
  for (const name of names) await page.getByRole('button', { name: `Sign in ${name}`, exact: true }).tap();
  await page.getByRole('button', { name: 'Done', exact: true }).tap();
}

/** Taps a number into an on-screen keypad entry, key by key, as a gloved finger would. */
export async function tapNumber(page: Page, label: string, digits: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).tap();
  for (const key of digits) await page.getByRole('button', { name: key, exact: true }).tap();
}
