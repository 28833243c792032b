/**
 * Figure 5: the last byte of a RESULT line written to the breathalyser's pty, to the reading drawn
 * on the visit's screen in Chromium. The kiosk opens a socat pty as a `serial` kiosk-line-v1
 * device, as it would hardware; the emulator on the other end answers START with READY and
 * stays silent, and the bench writes the RESULT line itself, taking the time just before the one
 * write that carries the whole line (so the figure includes that write).
 *
 * The two ends are in two processes, so the times are wall-clock milliseconds
 * (`performance.timeOrigin + performance.now()` in both). The page's offset from this process is
 * measured before each run as the bracket with the shortest round trip, and taken off.
 */
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startEmulator } from '../../main/devices/breathalyser/emulator/breathalyser-emulator.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { roomWhere } from '../support/room.js';
import type { Figure } from '../support/figure.js';
import { openPage, openSeededKiosk, type SeededKiosk } from '../support/browser-kiosk.js';
import { accept, cleanPreDoseCheck, signInStaff, startedVisit } from '../support/screen.js';
import { epochNow, summarise, type Summary } from '../support/stats.js';
import { freshDir } from '../support/temp-dir.js';

const flaggedPerson = 'demo-su-1';
const flaggedCard = 'Open visit for Jay P';
// Over the review level and under the withhold level (demo site rules: 9 and 22 µg/100 mL), so the
// visit stays open at the breath review with the reading on screen.
const resultBody = 'RESULT 12 ug/100ml';
const warmUp = 3;
const runs = 3;
const samplesPerRun = 15;

/** This process's wall clock minus the page's, from the calibration with the tightest round trip. */
async function pageOffset(page: Page): Promise<number> {
  let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 };
  for (let index = 0; index < 20; index += 1) {
    const before = epochNow();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = epochNow();
    if (after - before < best.roundTrip) best = { roundTrip: after - before, offset: (before + after) / 2 - inPage };
  }
  return best.offset;
}

/** Resolves with the page's wall-clock time when a breath reading is painted on screen. */
function readingDrawn(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve, reject) => {
    const shown = () => [...document.querySelectorAll('p.reading')].some((node) => node.textContent.startsWith('Reading:'));
    const timer = setTimeout(() => reject(new Error('The reading never appeared on the visit screen.')), 15_000);
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now()), 0));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }));
}

interface Setup { kiosk: SeededKiosk; page: Page; ids: { nurse: string; hca: string }; emulator: Awaited<ReturnType<typeof startEmulator>> }

async function sample(setup: Setup, offset: number, split: number[]): Promise<number> {
  const { kiosk, page, ids, emulator } = setup;
  const visitId = await startedVisit(kiosk.host, flaggedPerson, ids.nurse);
  await accept(kiosk.host, { type: 'confirmIdentity', visitId }, ids.hca);
  await accept(kiosk.host, cleanPreDoseCheck(visitId), ids.nurse);
  await page.getByRole('button', { name: flaggedCard, exact: true }).first().click();
  await page.getByRole('button', { name: 'Start breath test', exact: true }).waitFor();
  await accept(kiosk.host, { type: 'startBreathTest', visitId }, ids.nurse);
  // READY has been heard: the device is waiting for the breath, bound to this visit.
  await roomWhere(kiosk.host, (room) => room.device.status === 'awaitingResult' && room.device.busyWithVisitId === visitId);
  await page.getByRole('status').filter({ hasText: 'Blow into the breathalyser now' }).waitFor();
  const drawn = readingDrawn(page);
  // A second round trip: the observer above is installed once this one answers.
  await page.evaluate(() => undefined);
  // Where the time goes: when the host pushed the room view carrying the reading, in this process.
  const pushed = roomWhere(kiosk.host, (room) => room.visits.some((visit) => visit.visitId === visitId && visit.breath.reading !== null))
    .then(() => epochNow());
  const written = epochNow();
  await emulator.emitUnrequested(resultBody);
  const shownAt = (await drawn) + offset;
  split.push((await pushed) - written);
  await accept(kiosk.host, { type: 'endVisit', visitId, reason: 'other', note: 'Bench: breath test only.' }, ids.nurse);
  // Closed visits stay on the board for five minutes; move on so the next card is the only one.
  kiosk.clock.advanceMinutes(6);
  await page.getByRole('button', { name: 'Back to room', exact: true }).click();
  return shownAt - written;
}

export async function measureSerialToView(browser: Browser, seedDir: string): Promise<{ figures: Figure[]; summary: Summary; hostPushed: Summary }> {
  const links = freshDir('kiosk-bench-pty-');
  const emulator = await startEmulator({
    link: join(links.path, 'breathalyser'), profile: kioskLineV1, scenario: 'silence', resultText: '0 ug/100ml', delayMs: 0,
  });
  const kiosk = await openSeededKiosk(seedDir, { kind: 'serial', path: emulator.kioskPath, profile: kioskLineV1.id });
  try {
    const signedIn = await signInStaff(kiosk.host);
    await roomWhere(kiosk.host, (room) => room.device.status === 'ready');
    const page = await openPage(browser, kiosk.url);
    const setup: Setup = { kiosk, page, ids: signedIn, emulator };
    for (let index = 0; index < warmUp; index += 1) await sample(setup, await pageOffset(page), []);
    const results: number[][] = [];
    const hostPushed: number[][] = [];
    for (let run = 0; run < runs; run += 1) {
      const offset = await pageOffset(page);
      const times: number[] = [];
      const split: number[] = [];
      for (let index = 0; index < samplesPerRun; index += 1) times.push(await sample(setup, offset, split));
      results.push(times);
      hostPushed.push(split);
    }
    await page.context().close();
    const summary = summarise(results);
    return {
      summary,
      hostPushed: summarise(hostPushed),
      figures: [
        { figure: 5, name: '5 serial RESULT line to reading in view, median', value: summary.median, unit: 'ms', target: { atMost: 50, of: 'value' } },
        { figure: 5, name: '5 serial RESULT line to reading in view, p95', value: summary.p95, unit: 'ms' },
      ],
    };
  } finally {
    await kiosk.close();
    await emulator.stop();
    links.remove();
  }
}
