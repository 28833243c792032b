/**
 * `npm start`: the Electron kiosk where Electron's binary is present; otherwise one line saying
 * why, and the browser shell instead, so the start command works on any fresh machine.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedToStart, runBrowserShell } from './browser/run-browser-shell.js';
import { electronBinary } from './electron-binary.js';

const appRoot = fileURLToPath(new URL('../../../', import.meta.url));
const binary = electronBinary();

if (binary) {
  const child = spawn(binary, [appRoot], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron\'s binary is not on this machine (Electron downloads it on first run, which needs internet access): starting the browser shell instead.');
  runBrowserShell(resolve(process.env['KIOSK_DATA_DIR'] ?? 'kiosk-data'), Number(process.env['KIOSK_PORT'] ?? 5170)).catch(failedToStart);
}
