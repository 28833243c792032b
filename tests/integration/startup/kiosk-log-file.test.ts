/**
 * kiosk.log never blocks or stops the host. pino.destination met ENOSPC on a full disk and its
 * exit handler retried forever (no replies, SIGTERM ignored). Here a write that fails drops its
 * lines and counts them, writing resumes once the disk takes lines again, and the file is capped.
 * The disk is a real tiny tmpfs when the test runs as root; the same faults are also injected at
 * the file operations, so the behaviour is proved on any machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskLogFile, nodeLogFileAccess, type LogFileAccess } from '../../../main/host/logging/kiosk-log-file.js';
import { freshDir } from '../../support/temp-dir.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

function folder(): string {
  const dir = freshDir('kiosk-log-');
  cleanups.push(dir.remove);
  return dir.path;
}

const waitFor = async (done: () => boolean) => {
  for (let tries = 0; !done(); tries += 1) {
    if (tries > 200) throw new Error('Gave up waiting.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** Node's own file operations, with appends failing with `code` while `failing()` says so. */
function diskThatFails(failing: () => string | null): LogFileAccess {
  return {
    ...nodeLogFileAccess,
    appendFile: async (file, text) => {
      const code = failing();
      if (code) throw errno(code);
      await nodeLogFileAccess.appendFile(file, text);
    },
  };
}

const linesIn = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string; droppedLines?: number });

describe('kiosk.log on a disk that fails', () => {
  for (const code of ['ENOSPC', 'EROFS', 'EIO']) {
    it(`drops and counts lines on ${code} without throwing, says so, and resumes when the disk takes lines again`, async () => {
      const dir = folder();
      let failure: string | null = null;
      const log = new KioskLogFile({ file: join(dir, 'kiosk.log'), retryAfterMs: 50, access: diskThatFails(() => failure), now: () => new Date('2026-11-23T09:00:00.000Z') });
      cleanups.push(() => log.close());
      const logger = pino({ level: 'info' }, log);
      logger.info('before');
      await log.settled();
      failure = code;
      expect(() => logger.info('lost 0')).not.toThrow();
      await log.settled();
      // Until the retry, lines are not queued behind a failing disk: they are counted.
      for (let i = 1; i < 5; i += 1) expect(() => logger.info(`lost ${i}`)).not.toThrow();
      const health = log.health();
      expect(health).toMatchObject({ state: 'dropping', folder: dir, code, droppedLines: 5, since: '2026-11-23T09:00:00.000Z' });
      expect(health.state === 'dropping' && health.words).toContain(dir);
      failure = null;
      await waitFor(() => log.health().state === 'writing');
      logger.info('after');
      await log.settled();
      const lines = linesIn(join(dir, 'kiosk.log'));
      expect(lines.map((line) => line.msg)).toEqual(['before', `kiosk.log lost 5 lines from 2026-11-23T09:00:00.000Z (${code})`, 'after']);
    });
  }

  it('never queues more than its bound while the disk is slow: the rest are counted, not kept', async () => {
    const dir = folder();
    let release: (() => void) | null = null;
    // The first append waits until released; the disk is quick again after it.
    const slow: LogFileAccess = { ...nodeLogFileAccess, appendFile: (file, text) => release !== null ? nodeLogFileAccess.appendFile(file, text)
      : new Promise((resolve) => { release = () => void nodeLogFileAccess.appendFile(file, text).then(resolve); }) };
    const log = new KioskLogFile({ file: join(dir, 'kiosk.log'), maxQueuedBytes: 1000, access: slow });
    cleanups.push(() => log.close());
    const logger = pino({ level: 'info' }, log);
    logger.info('first');
    await waitFor(() => release !== null);
    for (let i = 0; i < 100; i += 1) logger.info(`line ${i} ${'x'.repeat(50)}`);
    const health = log.health();
    expect(health.state).toBe('dropping');
    expect(health.state === 'dropping' && health.droppedLines).toBeGreaterThan(80);
    release!();
    await waitFor(() => log.health().state === 'writing');
    await log.settled();
  });

  it('caps kiosk.log and keeps three older files', async () => {
    const dir = folder();
    const log = new KioskLogFile({ file: join(dir, 'kiosk.log'), maxFileBytes: 2000, keptOldFiles: 3 });
    cleanups.push(() => log.close());
    const logger = pino({ level: 'info' }, log);
    for (let i = 0; i < 200; i += 1) {
      logger.info(`line ${i} ${'y'.repeat(60)}`);
      if (i % 10 === 0) await log.settled();
    }
    await log.settled();
    expect(readdirSync(dir).sort()).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2', 'kiosk.log.3']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(2000);
    expect(linesIn(join(dir, 'kiosk.log')).at(-1)?.msg).toMatch(/^line 199 /);
  });

  it('makes at most one synchronous try at exit, and none once the disk was refusing lines', async () => {
    const dir = folder();
    let syncTries = 0;
    const hanging: LogFileAccess = { ...nodeLogFileAccess, appendFile: () => new Promise(() => undefined), appendFileSync: () => { syncTries += 1; throw errno('ENOSPC'); } };
    const log = new KioskLogFile({ file: join(dir, 'kiosk.log'), access: hanging });
    log.write('{"msg":"on its way"}\n');
    log.write('{"msg":"queued"}\n');
    expect(() => log.flushSync()).not.toThrow();
    expect(() => log.flushSync()).not.toThrow();
    expect(syncTries).toBe(1);

    let failedTries = 0;
    let failAppend: ((error: Error) => void) | null = null;
    const refusing: LogFileAccess = { ...nodeLogFileAccess, appendFile: () => new Promise((_, reject) => { failAppend = reject; }), appendFileSync: () => { failedTries += 1; } };
    const refused = new KioskLogFile({ file: join(dir, 'other.log'), access: refusing });
    cleanups.push(() => refused.close());
    refused.write('{"msg":"on its way"}\n');
    refused.write('{"msg":"queued"}\n');
    await waitFor(() => failAppend !== null);
    failAppend!(errno('ENOSPC'));
    await refused.settled();
    refused.flushSync();
    expect(failedTries).toBe(0);
  });
});

/** A real 64 KiB tmpfs, when this test runs as root and may mount; otherwise the reason it cannot. */
function tinyDisk(): { path: string } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'not running as root (id -u is not 0), so no tmpfs can be mounted' };
  const path = mkdtempSync(join(tmpdir(), 'kiosk-tiny-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed (${String(error).split('\n')[0]})` };
  }
  cleanups.push(() => { execFileSync('umount', [path]); rmSync(path, { recursive: true, force: true }); });
  return { path };
}

describe('kiosk.log on a real disk that fills', () => {
  it('loses lines while the tmpfs is full and writes again once space is freed', async (context) => {
    const disk = tinyDisk();
    if ('reason' in disk) {
      console.log(`Skipped the real full-disk log test: ${disk.reason}.`);
      context.skip();
      return;
    }
    const log = new KioskLogFile({ file: join(disk.path, 'kiosk.log'), retryAfterMs: 50 });
    cleanups.push(() => log.close());
    const logger = pino({ level: 'info' }, log);
    const filler = join(disk.path, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(64 * 1024));
    } catch {
      // The disk is full now, as wanted.
    }
    for (let i = 0; i < 50; i += 1) logger.info(`while full ${i}`);
    await waitFor(() => log.health().state === 'dropping');
    expect(log.health()).toMatchObject({ state: 'dropping', code: 'ENOSPC' });
    rmSync(filler);
    await waitFor(() => log.health().state === 'writing');
    logger.info('space again');
    await log.settled();
    expect(linesIn(join(disk.path, 'kiosk.log')).map((line) => line.msg).at(-1)).toBe('space again');
  });
});
