/**
 * `npm run register:pdf`, run as built (dist/, from `npm run -s build:main`) against a real kiosk
 * data folder its host has written to and still holds open: it writes the register as a PDF (and
 * as CSV by the extension), opening the encrypted ledger read-only with the kiosk.key beside it and
 * leaving the file byte for byte as it was; it refuses a folder that is not there, a wrong option and
 * a file it would overwrite, in one line, with exit code 2.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { fillRegister } from '../support/register-lines.js';
import { openTestKiosk } from '../support/test-kiosk.js';
import { builtCommand } from '../support/built-cli.js';
import { freshDir } from '../support/temp-dir.js';

const printRegister = builtCommand('main/register-print/register-print-cli.js');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


const digest = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent');

describe('npm run register:pdf', () => {
  it('writes the register of a kiosk data folder as PDF and CSV, leaving the ledger byte-identical', async () => {
    const kiosk = await openTestKiosk();
    cleanups.push(() => kiosk.close());
    await fillRegister(kiosk.host, kiosk.clock, 2);
    const out = freshDir('register-out-');
    cleanups.push(() => out.remove());
    const ledger = join(kiosk.dataDir, ledgerFileName);
    const before = [digest(ledger), digest(`${ledger}-wal`)];

    const pdf = join(out.path, 'register.pdf');
    const ran = await printRegister('--data-dir', kiosk.dataDir, '--out', pdf, '--printed-by', 'Sam Lee, clinic lead');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^Wrote \d+ register lines in \d+ sections to .*register\.pdf\n$/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Riverside HAT Clinic (demo)');
    expect(text).toContain('Printed by Sam Lee, clinic lead at');
    expect(text).toContain('DEL-1002');

    const csv = join(out.path, 'register.csv');
    const one = await printRegister('--data-dir', kiosk.dataDir, '--out', csv, '--section', 'demo-cdp-diamorphine-100mg', '--from', '2026-11-23', '--to', '2026-11-23');
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[1]).toMatch(/^demo-cdp-diamorphine-100mg,.*,balance brought forward,/);

    // Nobody named: the operating-system user who ran it.
    const unnamed = join(out.path, 'unnamed.pdf');
    expect((await printRegister('--data-dir', kiosk.dataDir, '--out', unnamed)).code).toBe(0);
    expect(execFileSync('pdftotext', ['-layout', unnamed, '-'], { encoding: 'utf8' })).toContain(`Printed by ${userInfo().username} (register:pdf command) at`);

    expect([digest(ledger), digest(`${ledger}-wal`)]).toEqual(before);
  }, 60_000);

  it('refuses a folder that is not there, a wrong option and a file it would overwrite, with exit code 2', async () => {
    const out = freshDir('register-out-');
    cleanups.push(() => out.remove());
    const missing = join(out.path, 'no-such-kiosk');
    const noFolder = await printRegister('--data-dir', missing, '--out', join(out.path, 'register.pdf'));
    expect(noFolder).toMatchObject({ code: 2, stdout: '', stderr: `There is no kiosk data folder at ${missing}.\n` });
    expect(existsSync(join(out.path, 'register.pdf'))).toBe(false);

    const wrongKind = await printRegister('--data-dir', out.path, '--out', join(out.path, 'register.txt'));
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/^--out .*register\.txt is neither a \.pdf nor a \.csv file\.\nUsage: /);
    const halfSpan = await printRegister('--data-dir', out.path, '--out', join(out.path, 'register.pdf'), '--from', '2026-11-23');
    expect(halfSpan).toMatchObject({ code: 2 });
    expect(halfSpan.stderr).toMatch(/^Give a span of clinic days with both --from and --to, or neither\./);
    const notAKiosk = await printRegister('--data-dir', out.path, '--out', join(out.path, 'register.pdf'));
    expect(notAKiosk).toMatchObject({ code: 2, stderr: `${out.path} holds no kiosk ledger (kiosk.db): is it the kiosk's data folder?\n` });
    const there = join(out.path, 'already.pdf');
    execFileSync('touch', [there]);
    expect(await printRegister('--data-dir', out.path, '--out', there)).toMatchObject({ code: 2 });
  });
});
