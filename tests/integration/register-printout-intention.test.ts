/**
 * "Save the register as a PDF" on the Records screen, through the host as the screen sends it: a
 * nurse's request writes the register into the kiosk's printouts folder, printed by her, and the
 * reply names the file; a health-care assistant, who may not read the register, is refused and no
 * file is written; a section the register does not have is refused in words; the ledger gains nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { as, refusedWith } from '../support/host-session.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { freshDir } from '../support/temp-dir.js';
import { fillRegister } from '../support/register-lines.js';

const kiosk = kioskPerTest();

describe('saving the register as a PDF from the Records screen', () => {
  it('writes the PDF into the printouts folder for a nurse, printed by her, and refuses a health-care assistant', async () => {
    const room = await kiosk();
    const { nurse, hca } = await fillRegister(room.host, room.clock, 1);
    const before = room.ledger().length;
    const printouts = join(room.dataDir, 'printouts');

    expect(refusedWith(await as(room.host, hca)({ type: 'saveRegisterPrintout', sectionId: null, from: null, to: null }))).toBe('roleNotAllowed');
    expect(existsSync(printouts) ? readdirSync(printouts) : []).toEqual([]);
    expect(refusedWith(await as(room.host, nurse)({ type: 'saveRegisterPrintout', sectionId: 'no-such-product', from: null, to: null })))
      .toBe('noSuchRegisterSection');

    const reply = await as(room.host, nurse)({ type: 'saveRegisterPrintout', sectionId: null, from: null, to: null });
    if (!reply.ok || reply.savedTo === undefined) throw new Error(`Not saved: ${reply.ok ? 'no file named' : reply.reason}`);
    expect(dirname(reply.savedTo)).toBe(printouts);
    expect(reply.savedTo).toMatch(/register-2026-11-23-\d{4}\.pdf$/);
    expect(readFileSync(reply.savedTo).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', reply.savedTo, '-'], { encoding: 'utf8' });
    expect(text).toContain('Printed by Aisha Khan at 23 Nov 2026');
    expect(text).toContain('Diamorphine, powder for injection, 500 mg ampoule');

    const again = await as(room.host, nurse)({ type: 'saveRegisterPrintout', sectionId: null, from: '2026-11-23', to: '2026-11-23' });
    expect(again.ok && again.savedTo).not.toBe(reply.savedTo);
    expect(readdirSync(printouts)).toHaveLength(2);
    expect(room.ledger()).toHaveLength(before);
  }, 60_000);

  it('writes into the folder kiosk.json names, one section for a span of days, and refuses a relative folder at start', async () => {
    const shared = freshDir('printouts-');
    try {
      const room = await kiosk({ printoutsFolder: shared.path });
      const { nurse } = await fillRegister(room.host, room.clock, 1);
      const reply = await as(room.host, nurse)({ type: 'saveRegisterPrintout', sectionId: 'demo-cdp-diamorphine-500mg', from: '2026-11-23', to: '2026-11-23' });
      if (!reply.ok || reply.savedTo === undefined) throw new Error(`Not saved: ${reply.ok ? 'no file named' : reply.reason}`);
      expect(dirname(reply.savedTo)).toBe(shared.path);
      const text = execFileSync('pdftotext', ['-layout', reply.savedTo, '-'], { encoding: 'utf8' });
      expect(text).toContain('Diamorphine, powder for injection, 500 mg ampoule');
      expect(text).not.toContain('100 mg ampoule');
      expect(existsSync(join(room.dataDir, 'printouts'))).toBe(false);
      await expect(kiosk({ printoutsFolder: 'printouts' })).rejects.toThrow(/absolute path/);
    } finally {
      shared.remove();
    }
  }, 60_000);
});
