/**
 * The Electron shell, driven by Playwright's _electron. Electron's binary cannot be downloaded on
 * machines without internet access (the `electron` package fetches it on first run), so these
 * specs run where one exists (node_modules/electron/dist, or ELECTRON_OVERRIDE_DIST_PATH) and
 * skip with that reason everywhere else.
 */
import { spawnSync } from 'node:child_process';
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

test('the kiosk window shows the room from kiosk://app, with no Node, no navigation, no new window, no permission and no eval', async () => {
  const data = freshDir();
  const env = { ...process.env, KIOSK_DATA_DIR: data.path, KIOSK_SQLITE_BINDING: sqlite.ok ? sqlite.binding : '' };
  const app = await electron.launch({ executablePath: binary ?? undefined, args: [appRoot], env });
  try {
    const window = await app.firstWindow();
    await window.locator('body[data-kiosk-ready="true"]').waitFor({ state: 'attached' });
    await expect(window.getByRole('button', { name: /Check in Jay/ })).toBeVisible();
    expect(window.url()).toMatch(/^kiosk:\/\/app\//);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');

    await window.evaluate("window.location.href = 'https://example.invalid/'");
    await window.evaluate("window.location.href = 'file:///etc/passwd'");
    await expect.poll(() => window.url()).toMatch(/^kiosk:\/\/app\//);
    expect(await window.evaluate("window.open('kiosk://app/index.html') === null")).toBe(true);
    expect(app.windows()).toHaveLength(1);
    expect(await window.evaluate('Notification.requestPermission()')).toBe('denied');
    // The CSP forbids eval in the page (Playwright's own evaluate is exempt; the eval inside it is not).
    expect(await window.evaluate("(() => { try { return eval('1'); } catch { return 'refused'; } })()")).toBe('refused');
    // The scheme serves nothing outside the renderer folder.
    expect(await window.evaluate("fetch('kiosk://app/..%2f..%2fpackage.json').then((r) => r.status, () => 'refused')")).not.toBe(200);

    // A second start of the kiosk hands over to this one and exits.
    const second = spawnSync(binary ?? '', [appRoot], { env, timeout: 30_000 });
    expect(second.status).toBe(0);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    data.remove();
  }
});
