/**
 * `npm start`: the Electron kiosk where Electron's binary is present; otherwise one line saying
 * why, and the browser shell instead, so the start command works on any fresh machine. Electron
 * fetches its binary on first run, which fails without internet access; asking the `electron`
 * package for its path would trigger that download, so the binary is looked for directly.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedToStart, runBrowserShell } from './browser/run-browser-shell.js';

const appRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const candidate = override ? join(override, relative) : join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

const binary = electronBinary();
if (binary) {
  const child = spawn(binary, [appRoot], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron\'s binary is not installed on this machine (it downloads on first run, which needs internet access): starting the browser shell instead.');
  runBrowserShell(resolve(process.env['KIOSK_DATA_DIR'] ?? 'kiosk-data'), Number(process.env['KIOSK_PORT'] ?? 5170)).catch(failedToStart);
}
