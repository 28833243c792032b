/**
 * Figure 3: cold start of the browser shell, a new Node process on a year of history, to an
 * interactive room board in Chromium: from the spawn to the renderer's readiness flag with the
 * board's heading on screen. The browser itself is already running (a kiosk's Chromium stays up
 * across host restarts); each start gets a fresh copy of the ledger, whose pages the OS may still
 * hold in its cache (the bench does not drop caches, which needs root).
 *
 * Figure 6 is read from the same process once the board is up: the host's resident set size
 * (VmRSS in /proc) with the year loaded and one screen connected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import type { Figure } from '../support/figure.js';
import { changeKioskConfig } from '../support/browser-kiosk.js';
import { summarise, type Summary } from '../support/stats.js';
import { benchNow } from '../seed/one-year-history.js';
import { copyOfSeed } from '../seed/seed-cache.js';

const browserShellCli = fileURLToPath(new URL('../../main/shells/browser/cli.js', import.meta.url));
const warmUp = 1;
const runs = 5;
const settleMs = 1000;

interface Start { coldStartMs: number; rssMb: number }

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Kiosk ready at (\S+)/.exec(out);
      if (found?.[1]) resolve(found[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`The browser shell exited (${code}) before it was ready: ${err.trim()}`)));
  });
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
  const kb = Number(line?.replace(/\D+/g, ''));
  if (!Number.isFinite(kb) || kb === 0) throw new Error(`Could not read the resident set size of process ${pid}.`);
  return kb / 1024;
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function oneStart(browser: Browser, seedDir: string): Promise<Start> {
  const copy = copyOfSeed(seedDir, 'kiosk-bench-cold-');
  // The spawned host runs on the real clock; shifted so it reads the morning after the seeded year.
  changeKioskConfig(copy.path, { demoClockShiftMinutes: Math.round((Date.parse(benchNow) - Date.now()) / 60_000) });
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const began = performance.now();
  const child = spawn(process.execPath, [browserShellCli, '--data-dir', copy.path, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await readyUrl(child);
    await page.goto(url);
    // A locator, not a predicate: the page's CSP forbids the eval Playwright polls a predicate with.
    await page.locator('body[data-kiosk-ready="true"]').waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: 'Open visits', exact: true }).waitFor();
    const coldStartMs = performance.now() - began;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    if (child.pid === undefined) throw new Error('The browser shell has no process id.');
    return { coldStartMs, rssMb: rssMb(child.pid) };
  } finally {
    await context.close();
    await stopped(child);
    copy.remove();
  }
}

export async function measureColdStart(browser: Browser, seedDir: string): Promise<{ figures: Figure[]; coldStart: Summary; rss: Summary }> {
  for (let index = 0; index < warmUp; index += 1) await oneStart(browser, seedDir);
  const starts: Start[] = [];
  for (let run = 0; run < runs; run += 1) starts.push(await oneStart(browser, seedDir));
  // One start per run: each run's "median" is its one start.
  const coldStart = summarise(starts.map((start) => [start.coldStartMs]));
  const rss = summarise(starts.map((start) => [start.rssMb]));
  return {
    coldStart, rss,
    figures: [
      { figure: 3, name: '3 cold start to interactive room board, one-year history, median', value: coldStart.median, unit: 'ms',
        target: { atMost: 2000, of: 'value' } },
      { figure: 6, name: '6 host RSS with one-year history loaded, median', value: rss.median, unit: 'MB', target: { atMost: 200, of: 'value' } },
    ],
  };
}
