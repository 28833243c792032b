/**
 * The Electron shell, driven by Playwright's _electron. Electron's binary cannot be downloaded on
 * machines without internet access (the `electron` package fetches it on first run), so these
 * specs run where one exists (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH) and
 * skip with that reason everywhere else.
 */
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../main/shells/electron-binary.js';
import { electronVersionOf, ensureSqliteForElectron, type SqliteBuild } from '../../main/shells/electron/sqlite-for-electron.js';
import { freshDir } from '../support/temp-dir.js';

const binary = electronBinary();
const appRoot = fileURLToPath(new URL('../../', import.meta.url));

const whySkipped = 'No Electron binary on this machine: Electron downloads it on first run, which needs internet access. ' +
  'Set ELECTRON_OVERRIDE_DIST_PATH to a folder holding one to run these specs.';
let sqlite: SqliteBuild = { ok: false, reason: whySkipped };

// The list reporter shows a skip as a dash: say why in the run's output too.
test.beforeAll(() => {
  if (binary === null) return;
  const version = electronVersionOf(binary);
  sqlite = version ? ensureSqliteForElectron(version) : { ok: false, reason: `Electron at ${binary} did not say its version.` };
});
test.beforeEach(() => {
  if (sqlite.ok) return;
  console.log(`Electron spec skipped. ${sqlite.reason}`);
  test.skip(true, sqlite.reason);
});

test('the kiosk window shows the room, with no Node in the page and navigation denied', async () => {
  const data = freshDir();
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [appRoot],
    env: { ...process.env, KIOSK_DATA_DIR: data.path, KIOSK_SQLITE_BINDING: sqlite.ok ? sqlite.binding : '' },
  });
  try {
    const window = await app.firstWindow();
    await window.waitForFunction("document.body.dataset.kioskReady === 'true'");
    await expect(window.getByRole('button', { name: /Check in Jay/ })).toBeVisible();
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(window.url()).toMatch(/^app:\/\/kiosk\//);
    await window.evaluate("window.location.href = 'https://example.invalid/'");
    await expect.poll(() => window.url()).toMatch(/^app:\/\/kiosk\//);
  } finally {
    await app.close();
    data.remove();
  }
});
