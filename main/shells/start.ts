/**
 * `npm start`: the Electron kiosk where Electron's binary is present; otherwise one line saying
 * why, and the browser shell instead, so the start command works on any fresh machine.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedToStart, runBrowserShell } from './browser/run-browser-shell.js';
import { electronBinary } from './electron-binary.js';
import { electronVersionOf, ensureSqliteForElectron } from './electron/sqlite-for-electron.js';

const appRoot = fileURLToPath(new URL('../../../', import.meta.url));

function startBrowserShellInstead(why: string): void {
  console.log(`${why}: starting the browser shell instead.`);
  const port = Number(process.env['KIOSK_PORT'] ?? 5170);
  if (!Number.isInteger(port) || port < 0 || port > 65535) failedToStart(new Error(`KIOSK_PORT must be a port number, not "${process.env['KIOSK_PORT']}".`));
  // A refusal (config, data folder, disk) is printed once by failedToStart, with exit code 1.
  runBrowserShell(resolve(process.env['KIOSK_DATA_DIR'] ?? 'kiosk-data'), port).catch(failedToStart);
}

function startElectron(binary: string): void {
  const version = electronVersionOf(binary);
  if (!version) return startBrowserShellInstead(`Electron at ${binary} did not say its version`);
  const sqlite = ensureSqliteForElectron(version);
  if (!sqlite.ok) return startBrowserShellInstead(sqlite.reason);
  const child = spawn(binary, [appRoot], { stdio: 'inherit', env: { ...process.env, KIOSK_SQLITE_BINDING: sqlite.binding } });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = electronBinary();
if (binary) startElectron(binary);
else startBrowserShellInstead('Electron\'s binary is not on this machine (Electron downloads it on first run, which needs internet access)');
