/**
 * The register as CSV for the clinic manager's spreadsheet: one header row, then one row per line
 * (a balance brought forward is a row of its own), each naming its section, quoted as RFC 4180 says
 * (a field with a comma, a double quote or a line break is quoted, its quotes doubled; CRLF between
 * records). The same lines and balances as the PDF and the screen; dates in clinic time.
 */
import { clinicDate, dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import type { RegisterLine, RegisterSection } from '../../shared/contract/index.js';
import { unitsInMg } from '../../shared/register/products.js';
import type { PrintedSection } from './register-selection.js';

export const registerCsvColumns = [
  'section id', 'section', 'drug', 'unit', 'date and time', 'clinic day', 'entry', 'service user', 'prescriber', 'form',
  'in mg', 'in units', 'out mg', 'out units', 'batch', 'expires on', 'route', 'site', 'recorded by', 'witnessed by', 'detail',
  'balance mg', 'balance units', 'not yet synced', 'late', 'corrects', 'corrected by', 'event id',
] as const;

type CsvRow = Record<(typeof registerCsvColumns)[number], string>;

/** One field, quoted only when it must be (RFC 4180 section 2). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const text = (value: string | number | boolean | null): string => (value === null ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));

function sectionFields(section: RegisterSection): Pick<CsvRow, 'section id' | 'section' | 'drug' | 'unit'> {
  return { 'section id': section.sectionId, section: section.title, drug: section.drug, unit: section.counting?.unit ?? 'mg' };
}

function balanceUnits(section: RegisterSection, mg: number): string {
  return section.counting === null ? '' : String(unitsInMg(section.counting, mg));
}

function lineRow(section: RegisterSection, line: RegisterLine, timeZone: string): CsvRow {
  return {
    ...sectionFields(section),
    'date and time': dateAndTime(line.at, timeZone), 'clinic day': clinicDate(line.at, timeZone), entry: line.kind,
    'service user': text(line.serviceUser), prescriber: text(line.prescriber), form: text(line.form),
    'in mg': text(line.inMg), 'in units': text(line.inUnits), 'out mg': text(line.outMg), 'out units': text(line.outUnits),
    batch: text(line.batch), 'expires on': text(line.expiresOn), route: text(line.route), site: text(line.site),
    'recorded by': text(line.recordedBy), 'witnessed by': text(line.witnessedBy), detail: text(line.detail),
    'balance mg': text(line.balanceMg), 'balance units': balanceUnits(section, line.balanceMg),
    'not yet synced': text(line.notYetSynced), late: text(line.late), corrects: text(line.corrects),
    'corrected by': line.correctedBy.join(' '), 'event id': line.eventId,
  };
}

function broughtForwardRow(section: RegisterSection, balanceMg: number): CsvRow {
  const empty = Object.fromEntries(registerCsvColumns.map((column) => [column, ''])) as CsvRow;
  return { ...empty, ...sectionFields(section), entry: 'balance brought forward', 'balance mg': String(balanceMg), 'balance units': balanceUnits(section, balanceMg) };
}

export function registerCsv(sections: readonly PrintedSection[], timeZone: string): string {
  const rows = sections.flatMap(({ section, broughtForwardMg, lines }) => [
    ...(broughtForwardMg === null ? [] : [broughtForwardRow(section, broughtForwardMg)]),
    ...lines.map((line) => lineRow(section, line, timeZone)),
  ]);
  const records = [
    registerCsvColumns.map(csvField).join(','),
    ...rows.map((row) => registerCsvColumns.map((column) => csvField(row[column])).join(',')),
  ];
  return `${records.join('\r\n')}\r\n`;
}
