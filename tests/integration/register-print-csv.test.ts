/**
 * The register as CSV for the clinic manager: parsed back with an RFC 4180 reader it gives the
 * screen's own lines and balances, one row each, under one header row; a note with a comma, double
 * quotes and a line break survives whole. A span of clinic days opens with the balance brought
 * forward, so the running balance still reads true.
 */
import { describe, expect, it } from 'vitest';
import { csvField, registerCsv, registerCsvColumns } from '../../main/register-print/register-csv.js';
import { chooseRegisterLines, RegisterChoiceError } from '../../main/register-print/register-selection.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { ampoule100, correctionReason, fillRegister, registerSection } from '../support/register-lines.js';
import { report } from '../support/test-kiosk.js';

const kiosk = kioskPerTest();
const timeZone = 'Europe/London';

/** RFC 4180: fields split by commas, records by CRLF, a quoted field may hold both and doubles its quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') { field += '"'; at++; } else if (char === '"') quoted = false; else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { record.push(field); field = ''; } else if (char === '\r' && text[at + 1] === '\n') {
      record.push(field); records.push(record); record = []; field = ''; at++;
    } else field += char;
  }
  if (field !== '' || record.length > 0) throw new Error('The CSV does not end with CRLF');
  return records;
}

function rowsOf(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual([...registerCsvColumns]);
  return rows.map((row) => {
    expect(row).toHaveLength(registerCsvColumns.length);
    return Object.fromEntries(registerCsvColumns.map((column, index) => [column, row[index] ?? '']));
  });
}

describe('the register as CSV', () => {
  it('quotes a field only when it holds a comma, a double quote or a line break', () => {
    expect(csvField('Aisha Khan')).toBe('Aisha Khan');
    expect(csvField('From Hospital pharmacy, reference DEL-1')).toBe('"From Hospital pharmacy, reference DEL-1"');
    expect(csvField('read "2" as "3"')).toBe('"read ""2"" as ""3"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
  });

  it('parses back to the same lines and balances as the screen, the correction\'s note whole', async () => {
    const room = await kiosk();
    const { nurse } = await fillRegister(room.host, room.clock, 3);
    const register = await report(room.host, nurse, 'register');
    const rows = rowsOf(registerCsv(chooseRegisterLines(register.sections, {}, timeZone), timeZone));
    const lines = register.sections.flatMap((section) => section.lines.map((line) => ({ section, line })));
    expect(rows).toHaveLength(lines.length);
    rows.forEach((row, index) => {
      const { section, line } = lines[index] ?? { section: null, line: null };
      expect(row).toMatchObject({
        'section id': section?.sectionId, section: section?.title, entry: line?.kind, 'event id': line?.eventId,
        'in mg': String(line?.inMg), 'out mg': String(line?.outMg), 'balance mg': String(line?.balanceMg),
        'recorded by': line?.recordedBy ?? '', 'service user': line?.serviceUser ?? '',
      });
    });
    const correction = rows.find((row) => row.entry === 'correction');
    expect(correction?.detail).toContain(correctionReason);
    expect(correction?.corrects).toBe(rows.find((row) => row['corrected by'] === correction?.['event id'])?.['event id']);
  });

  it('opens a span of clinic days with the balance brought forward, and names a section it does not have', async () => {
    const room = await kiosk();
    const { nurse } = await fillRegister(room.host, room.clock, 2);
    const section = await registerSection(room.host, nurse, ampoule100);
    const [chosen] = chooseRegisterLines([section], { sectionId: ampoule100, from: '2026-11-23', to: '2026-11-23' }, timeZone);
    const rows = rowsOf(registerCsv(chosen ? [chosen] : [], timeZone));
    const before = section.lines.filter((line) => line.at < '2026-11-23');
    expect(before.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ entry: 'balance brought forward', 'balance mg': String(before.at(-1)?.balanceMg), 'balance units': '100' });
    expect(rows.slice(1).map((row) => Number(row['balance mg']))).toEqual(section.lines.slice(before.length).map((line) => line.balanceMg));
    expect(rows.slice(1).every((row) => row['clinic day'] === '2026-11-23')).toBe(true);
    const nothing = chooseRegisterLines([section], { from: '2026-12-01', to: '2026-12-02' }, timeZone)[0];
    expect(nothing).toMatchObject({ broughtForwardMg: section.balanceMg, lines: [] });
    expect(() => chooseRegisterLines([section], { sectionId: 'no-such-product' }, timeZone)).toThrow(RegisterChoiceError);
  });
});
