/**
 * `npm run bench [-- --json <file>]`: every figure of issue 7 on this machine, one line each
 * (`name: value unit`, then the ratio to its baseline where it has one, and its target), and the
 * same figures with their full summaries as JSON when asked. Seeds are fixed; each figure warms
 * up, takes several runs, and reports medians and p95/p99 over all of them.
 */
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureColdStart } from './cold-start/cold-start.js';
import { measureIntentionToView } from './intention-to-view/intention-to-view.js';
import { measureLedgerAppend } from './ledger-append/ledger-append.js';
import { seededDataDir, seedSummary } from './seed/seed-cache.js';
import { measureSync } from './sync/sync-throughput.js';
import { measureSerialToView } from './serial-to-view/serial-to-view.js';
import { launchChromium } from './support/browser-kiosk.js';
import { figureLine, ratioOf, targetMet, type Figure } from './support/figure.js';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    // For working on the bench: a seed folder made with `bench:seed -- --out`, and some figures only.
    'seed-dir': { type: 'string' },
    only: { type: 'string' },
  },
});
const only = values.only === undefined ? null : new Set(values.only.split(',').map(Number));
const wanted = (figure: number) => only === null || only.has(figure);

async function main(): Promise<void> {
  const began = performance.now();
  const progress = (line: string) => console.error(line);
  const seedDir = values['seed-dir'] ?? await seededDataDir(progress);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const report = (found: Figure[]) => {
    for (const figure of found) console.log(figureLine(figure));
    figures.push(...found);
  };

  if (wanted(1)) {
    const ledger = await measureLedgerAppend(seedDir);
    report(ledger.figures);
    details['1'] = { step: ledger.step, raw: ledger.raw, bytesPerStep: ledger.bytesPerStep };
  }

  const browser = await launchChromium();
  try {
    if (wanted(2)) {
      const view = await measureIntentionToView(browser, seedDir);
      report(view.figures);
      details['2'] = view.summary;
    }
    // Figures 3 and 6 come from the same cold-started processes.
    const cold = wanted(3) || wanted(6) ? await measureColdStart(browser, seedDir) : null;
    if (cold && wanted(3)) {
      report(cold.figures.filter((figure) => figure.figure === 3));
      details['3'] = cold.coldStart;
    }

    if (wanted(4)) {
      const sync = await measureSync(seedDir, progress);
      report(sync.figures);
      details['4'] = { events: sync.events, runs: sync.runs };
    }

    if (wanted(5)) {
      const serial = await measureSerialToView(browser, seedDir);
      report(serial.figures);
      details['5'] = { toView: serial.summary, toRoomViewPushedByHost: serial.hostPushed };
    }
    if (cold && wanted(6)) {
      report(cold.figures.filter((figure) => figure.figure === 6));
      details['6'] = cold.rss;
    }
  } finally {
    await browser.close();
  }

  const seconds = (performance.now() - began) / 1000;
  console.log(`bench took ${seconds.toFixed(0)} s`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({
      ranAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version },
      seed: seedSummary(seedDir),
      only: only === null ? null : [...only],
      seconds,
      figures: figures.map((figure) => ({ ...figure, ratio: ratioOf(figure), targetMet: targetMet(figure) })),
      details,
    }, null, 2));
  }
}

main().catch((error: unknown) => {
  console.error(`The bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
