/**
 * The real browser shell (built) started on data folders that cannot hold a kiosk, as an
 * operations engineer found them: each start is refused once, in words naming the folder and
 * what to do, with exit code 1, never a stack trace and never a hang; an empty folder becomes a
 * demo; a folder set up with kiosk:setup starts as its clinic's kiosk; and a full disk leaves no
 * 0-byte kiosk.pid, and the next start with space completes.
 *
 * The full and read-only disks are real tmpfs mounts when the test runs as root (CI does); a
 * read-only folder is chmod 0500 otherwise; what cannot be done is skipped with its reason printed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeKioskConfig } from '../../support/kiosk-data.js';
import { freshDir } from '../../support/temp-dir.js';

const shellCli = fileURLToPath(new URL('../../../dist/main/shells/browser/cli.js', import.meta.url));
const setupCli = fileURLToPath(new URL('../../../dist/main/config/kiosk-setup-cli.js', import.meta.url));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Outcome { code: number | null; stdout: string; stderr: string; ready: boolean }

/** Runs the shell until it is ready (then stops it) or exits; 20 s without either is a hang. */
function startShell(dataDir: string): Promise<Outcome> {
  const child = spawn(process.execPath, [shellCli, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const outcome: Outcome = { code: null, stdout: '', stderr: '', ready: false };
  return new Promise((resolve, reject) => {
    const hang = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`The shell neither started nor stopped in 20 s:\n${outcome.stdout}${outcome.stderr}`)); }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => { outcome.stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      outcome.stdout += chunk.toString();
      if (!outcome.ready && /Kiosk ready at /.test(outcome.stdout)) { outcome.ready = true; child.kill('SIGTERM'); }
    });
    child.once('exit', (code) => { clearTimeout(hang); outcome.code = code; resolve(outcome); });
  });
}

/** One refusal line on stderr, nothing like a stack trace, exit code 1. */
function expectOneCleanRefusal(outcome: Outcome, words: string | RegExp): void {
  expect(outcome.ready).toBe(false);
  expect(outcome.code).toBe(1);
  const lines = outcome.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^The kiosk could not start: /);
  if (typeof words === 'string') expect(lines[0]).toContain(words);
  else expect(lines[0]).toMatch(words);
  expect(outcome.stderr).not.toMatch(/\n\s+at |Error:|sonic boom/);
}

function folder(): string {
  const dir = freshDir('kiosk-start-');
  cleanups.push(dir.remove);
  return dir.path;
}

/** A real tmpfs of `size` mounted for this test, when running as root and allowed to mount. */
function tmpfs(size: string): { path: string; remountReadOnly(): void } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'not running as root (id -u is not 0), so no tmpfs can be mounted' };
  const path = mkdtempSync(join(tmpdir(), 'kiosk-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed (${String(error).split('\n')[0]})` };
  }
  cleanups.push(() => { execFileSync('umount', ['-l', path]); rmSync(path, { recursive: true, force: true }); });
  return { path, remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', path], { stdio: 'pipe' }) };
}

/** Fills the disk holding `folder` until it takes not one more byte; returns the filler file. */
function fillDisk(folder: string, leaveBytes = 0): string {
  const filler = join(folder, 'filler');
  const free = statfsFree(folder) - leaveBytes;
  try {
    writeFileSync(filler, Buffer.alloc(Math.max(free, 0)));
    for (let i = 0; i < 64 && leaveBytes === 0; i += 1) writeFileSync(`${filler}-${i}`, Buffer.alloc(4096));
  } catch {
    // Full, as wanted.
  }
  return filler;
}

function statfsFree(folder: string): number {
  const { bavail, bsize } = statfsSync(folder);
  return bavail * bsize;
}

describe('a kiosk start on its data folder', () => {
  it('refuses a missing kiosk.json next to an existing ledger, once and cleanly, and writes no defaults', async () => {
    const dir = folder();
    writeKioskConfig(dir, { demoData: false, breathalyser: { kind: 'none' } });
    expect((await startShell(dir)).ready).toBe(true);
    rmSync(join(dir, 'kiosk.json'));
    expectOneCleanRefusal(await startShell(dir), `${dir}/kiosk.json is missing, but ${dir} holds this kiosk's ledger. A kiosk never starts on demo defaults next to real records`);
    expect(existsSync(join(dir, 'kiosk.json'))).toBe(false);
  });

  it('refuses a kiosk.json with an unknown breathalyser key, once and cleanly, naming the key', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ configVersion: 1, demoData: false, breathalyser: { kind: 'none', profle: 'x' }, breathResultTimeoutSeconds: 60 }));
    const outcome = await startShell(dir);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^The kiosk could not start: The kiosk configuration .*kiosk\.json has problems:[\s\S]*"profle"/);
    expect(outcome.stderr).not.toMatch(/\n\s+at |sonic boom/);
  });

  it('makes an empty folder a demo kiosk and says so', async () => {
    const dir = folder();
    const outcome = await startShell(dir);
    expect(outcome.ready).toBe(true);
    expect(outcome.stdout).toContain(`First start: ${dir} is set up as a demo kiosk`);
    expect(JSON.parse(readFileSync(join(dir, 'kiosk.json'), 'utf8'))).toMatchObject({ demoData: true });
  });

  it('starts a folder set up with kiosk:setup from what add-kiosk printed, as that clinic\'s kiosk', async () => {
    const dir = folder();
    const settings = join(folder(), 'central.json');
    // As `npm run central -- add-kiosk ... > central.json` leaves it: npm's banner, then the settings.
    writeFileSync(settings, `\n> supervised-dose-kiosk@0.1.0 central\n> npm run -s build:main && node dist/main/central/cli.js add-kiosk\n\n${JSON.stringify({
      central: { url: 'postgres://kiosk_ab12:secret@127.0.0.1:9/central', clinicId: 'riverside', kioskId: '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4', kioskName: 'Injection room 2' },
    }, null, 2)}\n`);
    const setup = (...extra: string[]) => execFileSync(process.execPath, [setupCli, '--data-dir', dir, '--central-settings', settings, '--breathalyser', 'none', ...extra], { encoding: 'utf8', stdio: 'pipe' });
    expect(setup()).toContain(`Wrote ${dir}/kiosk.json: kiosk "Injection room 2" (6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4) of clinic riverside`);
    expect(statSync(join(dir, 'kiosk.json')).mode & 0o777).toBe(0o600);
    expect(() => setup()).toThrow(/already exists, so it was left as it is\. To write over it, run the same command with --replace/);
    const outcome = await startShell(dir);
    expect(outcome.ready).toBe(true);
    expect(outcome.stdout).not.toContain('First start');
    // A demo config is refused for the clinic ledger the first start made.
    expect(() => execFileSync(process.execPath, [setupCli, '--data-dir', dir, '--demo', '--replace'], { stdio: 'pipe' }))
      .toThrow(/is a clinic's ledger, made for real records/);
    // So is one registering another kiosk id.
    const other = join(folder(), 'other.json');
    writeFileSync(other, JSON.stringify({ central: { url: 'postgres://k:p@127.0.0.1:9/central', clinicId: 'riverside', kioskId: '0a1b2c3d-3d4a-4b5c-8d6e-7f8091a2b3c4', kioskName: 'Room 3' } }));
    expect(() => execFileSync(process.execPath, [setupCli, '--data-dir', dir, '--central-settings', other, '--breathalyser', 'none', '--replace'], { stdio: 'pipe' }))
      .toThrow(/belongs to kiosk 6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4, but the central settings register kiosk 0a1b2c3d/);
  });

  it('refuses a data folder whose parent does not exist, naming it and the setting to check', async () => {
    const dir = join(folder(), 'no-such-parent', 'kiosk-data');
    expectOneCleanRefusal(await startShell(dir), `The data folder ${dir} cannot be made: the folder it goes in, ${join(dir, '..')}, does not exist. Check that KIOSK_DATA_DIR or --data-dir`);
  });

  it('refuses a data folder on a read-only disk (or one the kiosk\'s user may not write), in words', async (context) => {
    const disk = tmpfs('1m');
    if ('reason' in disk) {
      if (process.getuid?.() === 0) {
        console.log(`Skipped the read-only disk start: ${disk.reason}.`);
        context.skip();
        return;
      }
      const dir = folder();
      chmodSync(dir, 0o500);
      cleanups.push(() => chmodSync(dir, 0o700));
      expectOneCleanRefusal(await startShell(dir), new RegExp(`The kiosk's user \\(.+\\) may not write in ${dir} \\(EACCES\\)`));
      return;
    }
    const dir = join(disk.path, 'kiosk-data');
    mkdirSync(dir);
    disk.remountReadOnly();
    expectOneCleanRefusal(await startShell(dir), `The disk holding ${dir} is mounted read-only, so the kiosk cannot keep its records there: remount it read-write`);
  });

  it('on a full disk leaves no 0-byte kiosk.pid, says the disk is full, and starts once space is freed', async (context) => {
    const disk = tmpfs('2m');
    if ('reason' in disk) {
      console.log(`Skipped the full-disk start: ${disk.reason}.`);
      context.skip();
      return;
    }
    const dir = join(disk.path, 'kiosk-data');
    mkdirSync(dir);
    const filler = fillDisk(disk.path);
    expectOneCleanRefusal(await startShell(dir), `The disk holding ${dir} is full: free space on it, then start the kiosk again. Nothing was recorded from this start.`);
    for (const name of readdirSync(dir)) expect({ name, size: statSync(join(dir, name)).size }).not.toMatchObject({ size: 0 });
    expect(existsSync(join(dir, 'kiosk.pid'))).toBe(false);
    for (const name of readdirSync(disk.path)) if (name.startsWith('filler')) rmSync(join(disk.path, name));
    expect(existsSync(filler)).toBe(false);
    expect((await startShell(dir)).ready).toBe(true);
  });

  it('with only a little space, stops in words wherever the disk runs out, and the next start with space completes', async (context) => {
    for (const leaveBytes of [16 * 1024, 64 * 1024, 160 * 1024]) {
      const disk = tmpfs('2m');
      if ('reason' in disk) {
        console.log(`Skipped the nearly-full-disk start: ${disk.reason}.`);
        context.skip();
        return;
      }
      const dir = join(disk.path, 'kiosk-data');
      mkdirSync(dir);
      fillDisk(disk.path, leaveBytes);
      const first = await startShell(dir);
      if (!first.ready) expectOneCleanRefusal(first, `The disk holding ${dir} is full: free space on it, then start the kiosk again.`);
      for (const name of readdirSync(dir)) if (!name.startsWith('kiosk.db')) expect({ name, size: statSync(join(dir, name)).size }).not.toMatchObject({ size: 0 });
      rmSync(join(disk.path, 'filler'));
      const again = await startShell(dir);
      expect(again.stderr).toBe('');
      expect(again.ready).toBe(true);
    }
  });
});
