/**
 * One host per data folder: a second host on the same folder is refused with a reason, while a
 * lock left behind by a host that was SIGKILLed does not stop the kiosk coming back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeKioskConfig } from '../support/kiosk-data.js';
import { spawnBrowserShell } from '../support/spawned-shell.js';
import { freshDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the data folder lock', () => {
  it('refuses a second host on a folder already in use, and lets a restart after SIGKILL in', async () => {
    const dir = freshDir();
    cleanups.push(dir.remove);
    writeKioskConfig(dir.path, { breathalyser: { kind: 'none' } });
    const first = await spawnBrowserShell(dir.path);
    cleanups.push(() => first.kill());
    await expect(spawnBrowserShell(dir.path)).rejects.toThrow(/Another kiosk host \(process \d+\) is already using/);
    await first.kill('SIGKILL');
    const again = await spawnBrowserShell(dir.path);
    cleanups.push(() => again.kill());
    expect(again.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=[\w-]{43}$/);
  });

  it.each([
    // Linux pids never go above 4194304, so no process can hold this one.
    ['whose process is gone', { pid: 4194999, bootId: null }],
    // After a power cut the old pid may be reused by an unrelated process: this test's own is running.
    ['taken before the last boot', { pid: process.pid, bootId: 'a-boot-before-the-power-cut' }],
  ])('takes over a lock %s', async (_, lock) => {
    const dir = freshDir();
    cleanups.push(dir.remove);
    writeKioskConfig(dir.path, { breathalyser: { kind: 'none' } });
    writeFileSync(join(dir.path, 'kiosk.pid'), JSON.stringify(lock));
    const shell = await spawnBrowserShell(dir.path);
    cleanups.push(() => shell.kill());
    expect(shell.url).toBeTruthy();
  });
});
