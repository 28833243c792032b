import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download cannot run on these machines. Without the
// background-networking flag Chromium keeps dialling out and is refused by the closed network.
export const chromiumLaunch = {
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
};

export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunch,
    hasTouch: true,
    viewport: { width: 1280, height: 900 },
    trace: 'off',
  },
  projects: [
    { name: 'browser-shell', testMatch: 'e2e/**/*.spec.ts', use: { browserName: 'chromium' } },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
