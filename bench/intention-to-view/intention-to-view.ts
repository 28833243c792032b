/**
 * Figure 2: a tap on "Record observation" to the new observation drawn on the visit's screen, in
 * Chromium, with 20 visits open on a kiosk holding a year of history.
 *
 * The marks are made in the page, around the DOM, by a script the bench injects
 * (`performance.mark` before the click; a MutationObserver sees the new row; the end mark after
 * the next animation frame, when the row has been painted), and read back through Playwright.
 * The renderer itself carries no marks: the injected ones measure the same interval to the same
 * precision without putting bench code into the product.
 */
import type { Browser, Page } from '@playwright/test';
import type { Figure } from '../support/figure.js';
import { openPage, openSeededKiosk, signInAtScreen, tapNumber } from '../support/browser-kiosk.js';
import { doseToObservation, signInStaff, staff } from '../support/screen.js';
import { summarise, type Summary } from '../support/stats.js';

const openVisits = 20;
const warmUp = 5;
const runs = 3;
const samplesPerRun = 25;

/** Clicks the button and resolves with the milliseconds until the visit's table has one more row, painted. */
function markedRecord(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const rows = () => document.querySelectorAll('table.records tbody tr').length;
    const before = rows();
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Record observation');
    if (!button) throw new Error('No Record observation button on screen.');
    const drawn = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (rows() <= before) return;
        observer.disconnect();
        // The frame after the commit has been painted once its animation-frame callbacks have run.
        requestAnimationFrame(() => setTimeout(resolve, 0));
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    performance.clearMarks();
    performance.clearMeasures();
    performance.mark('intention');
    button.click();
    await drawn;
    performance.mark('rendered');
    return performance.measure('intention-to-view', 'intention', 'rendered').duration;
  });
}

async function sample(page: Page, visitIndex: number): Promise<number> {
  await page.getByRole('button', { name: /^Open visit for / }).nth(visitIndex).click();
  await page.getByRole('button', { name: 'Record observation', exact: true }).waitFor();
  await page.getByRole('radio', { name: 'Sedation 1', exact: true }).click();
  await tapNumber(page, 'Respiratory rate (/min)', '14');
  await tapNumber(page, 'SpO2 (%)', '97');
  const ms = await markedRecord(page);
  await page.getByRole('button', { name: 'Back to room', exact: true }).click();
  return ms;
}

export async function measureIntentionToView(browser: Browser, seedDir: string): Promise<{ figures: Figure[]; summary: Summary }> {
  const kiosk = await openSeededKiosk(seedDir);
  try {
    const ids = await signInStaff(kiosk.host);
    for (let index = 1; index <= openVisits; index += 1) {
      await doseToObservation(kiosk.host, ids, `bench-su-${String(index).padStart(2, '0')}`, false);
    }
    const page = await openPage(browser, kiosk.url);
    await signInAtScreen(page, staff.hca);
    let taken = 0;
    const next = () => sample(page, taken++ % openVisits);
    for (let index = 0; index < warmUp; index += 1) await next();
    const results: number[][] = [];
    for (let run = 0; run < runs; run += 1) {
      const times: number[] = [];
      for (let index = 0; index < samplesPerRun; index += 1) times.push(await next());
      results.push(times);
    }
    await page.context().close();
    const summary = summarise(results);
    return {
      summary,
      figures: [
        { figure: 2, name: '2 intention to rendered view, 20 open visits, median', value: summary.median, unit: 'ms' },
        { figure: 2, name: '2 intention to rendered view, 20 open visits, p95', value: summary.p95, unit: 'ms', target: { atMost: 100, of: 'value' } },
      ],
    };
  } finally {
    await kiosk.close();
  }
}
