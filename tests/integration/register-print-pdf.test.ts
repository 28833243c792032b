/**
 * The printed register as an inspector reads it: a register of receipts, doses, waste and a
 * correction long enough for several pages, printed to PDF from the very sections the Records
 * screen shows, then read back with poppler's `pdftotext -layout` and drawn with `pdftoppm`, as a
 * printer would. Every page carries the clinic, the section, the reg 19 headings, the legend, who
 * printed it and "Page N of M"; the correction is a numbered footnote on its entry's page; and every
 * entry's balance is printed once, in order, so a page break lost nothing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerPdf, type RegisterPrintout } from '../../main/register-print/register-pdf.js';
import { chooseRegisterLines, type RegisterChoice } from '../../main/register-print/register-selection.js';
import type { RegisterSection } from '../../shared/contract/index.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { ampoule100, fillRegister, registerSection } from '../support/register-lines.js';
import { report } from '../support/test-kiosk.js';
import { freshDir } from '../support/temp-dir.js';

const kiosk = kioskPerTest();
const timeZone = 'Europe/London';

function pagesOf(pdf: string): string[] {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '');
}

/** The balance printed at the end of each table row, in order: "9920 mg   99.2 ampoules". */
function printedBalances(pages: readonly string[]): number[] {
  return pages.flatMap((page) => page.split('\n').flatMap((row) => {
    const found = /(-?\d+(?:\.\d+)?) mg\s+-?\d+(?:\.\d+)? (?:ampoules?|mL)\s*$/.exec(row);
    return found ? [Number(found[1])] : [];
  }));
}

/** The first text line of the table row whose cells say `words` (a row's cells wrap onto the lines below it). */
function rowSaying(pages: readonly string[], words: string): string {
  const rows = pages.join('\n').split('\n');
  let at = rows.findIndex((row) => row.includes(words));
  while (at > 0 && !/\d{1,2} \w{3} \d{4},/.test(rows[at] ?? '')) at--;
  return rows[at] ?? '';
}

async function printed(sections: RegisterSection[], dir: string, choice: RegisterChoice = {}): Promise<{ file: string; pages: string[] }> {
  const printout: RegisterPrintout = {
    clinicName: 'Riverside HAT Clinic (demo)', timeZone, printedBy: 'Aisha Khan', printedAt: new Date('2026-11-23T15:04:00Z'),
    sections: chooseRegisterLines(sections, choice, timeZone), span: choice.from && choice.to ? { from: choice.from, to: choice.to } : null,
  };
  const file = join(dir, 'register.pdf');
  writeFileSync(file, await registerPdf(printout));
  return { file, pages: pagesOf(file) };
}

describe('the register printed to PDF', () => {
  it('runs over pages with headings, page numbers, the printer, the correction footnote, the marks and every balance once', async () => {
    const room = await kiosk();
    const { nurse } = await fillRegister(room.host, room.clock, 70);
    const screen = await registerSection(room.host, nurse, ampoule100);
    // Working alone no line is ever unsynced or late (the kiosk's ledger is the register), so two
    // lines of the screen's own section are shown as a syncing kiosk's would be.
    const lines = screen.lines.map((line, index) => index === screen.lines.length - 1 ? { ...line, notYetSynced: true, receivedAt: null }
      : index === screen.lines.length - 2 ? { ...line, late: true } : line);
    const section = { ...screen, lines };
    const dir = freshDir('register-pdf-');
    try {
      const { file, pages } = await printed([section], dir.path);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      pages.forEach((page, index) => {
        expect(page).toContain('Riverside HAT Clinic (demo)');
        expect(page).toContain('Diamorphine, powder for injection, 100 mg ampoule');
        for (const heading of ['Obtained', 'Supplied (including by administration)', 'Name and address', 'of supplier', 'Service user',
          'Prescriber or', 'authority', 'Recorded by', 'Witness', 'Balance', 'ampoules']) expect(page).toContain(heading);
        expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
        expect(page).toContain('Printed by Aisha Khan at 23 Nov 2026, 15:04 (Europe/London)');
        expect(page).toContain('S = not yet synced');
      });
      expect(printedBalances(pages)).toEqual(section.lines.map((line) => line.balanceMg));

      const corrected = pages.findIndex((page) => page.includes('DEL-0100'));
      const footnote = pages[corrected] ?? '';
      expect(footnote).toMatch(/\[1\] The receipt of \d+ \w+ 2026, \d\d:\d\d was corrected by the correction of/);
      expect(rowSaying(pages, 'DEL-0100')).toMatch(/^\s*\[1\]\s+23 Nov 2026,\s+From Hospital\s+3 ampoules,/);
      expect(rowSaying(pages, 'Correction [1] of the receipt of')).toMatch(/^\s*\[1\]\s+23 Nov 2026,/);
      expect(rowSaying(pages, 'DEL-1070')).toMatch(/^\s*S\s+23 Nov 2026,/);
      expect(rowSaying(pages, 'DEL-1069')).toMatch(/^\s*L\s+23 Nov 2026,/);
      expect(rowSaying(pages, 'DEL-1068')).toMatch(/^\s+23 Nov 2026,/);
      // Each entry names the ledger event behind it (read in the page's own order, where a wrapped cell stays in one piece).
      const inOrder = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      for (const line of section.lines) expect(inOrder).toContain(`ledger: kiosk ${line.kioskId.slice(0, 8)}, event ${line.seq}`);

      execFileSync('pdftoppm', ['-r', '40', '-png', file, join(dir.path, 'page')]);
      expect(readdirSync(dir.path).filter((name) => name.startsWith('page') && name.endsWith('.png'))).toHaveLength(pages.length);
    } finally {
      dir.remove();
    }
  }, 120_000);

  it('starts each section on a new page, and opens a span of days with the balance brought forward', async () => {
    const room = await kiosk();
    const { nurse } = await fillRegister(room.host, room.clock, 2);
    const { sections } = await report(room.host, nurse, 'register');
    const titles = sections.map((section) => section.title);
    const dir = freshDir('register-pdf-');
    try {
      const whole = await printed(sections, dir.path);
      const titlesOnPages = whole.pages.map((page) => titles.filter((title) => page.includes(`${title}:`)));
      expect(titlesOnPages).toEqual(titles.map((title) => [title]));
      expect(printedBalances(whole.pages)).toEqual(sections.flatMap((section) => section.lines.map((line) => line.balanceMg)));

      const span = await printed(sections, dir.path, { sectionId: ampoule100, from: '2026-11-23', to: '2026-11-23' });
      const section = sections.find((each) => each.sectionId === ampoule100);
      const first = section?.lines.findIndex((line) => line.at >= '2026-11-23') ?? 0;
      expect(span.pages[0]).toContain('2026-11-23 to 2026-11-23 (clinic days)');
      expect(span.pages[0]).toMatch(/^\s+Balance brought forward\s+10000 mg\s+100 ampoules\s*$/m);
      expect(printedBalances(span.pages)).toEqual([10_000, ...(section?.lines.slice(first).map((line) => line.balanceMg) ?? [])]);
    } finally {
      dir.remove();
    }
  }, 60_000);

  it('prints one page saying so for a register with no sections yet', async () => {
    const dir = freshDir('register-pdf-');
    try {
      const { pages } = await printed([], dir.path);
      expect(pages).toHaveLength(1);
      expect(pages[0]).toContain('The register has no sections yet.');
      expect(pages[0]).toContain('Page 1 of 1');
    } finally {
      dir.remove();
    }
  });
});
