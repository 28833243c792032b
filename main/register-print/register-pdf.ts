/**
 * The register as a PDF an inspector can read on paper (Misuse of Drugs Regulations 2001 regs 19
 * and 20; DH 2008 guidance on the register): A4 landscape, one section per product from a new page,
 * and on every page the clinic, the section's drug, form and strength, the reg 19 headings, the
 * marks' legend, the footnotes for the corrections on it, who printed it and when (clinic time), and
 * "Page N of M". Rows are placed by hand, never by pdfkit's own flow, so a page break never splits
 * or drops a line; the page count is known only at the end, so pages are buffered (`bufferPages`)
 * and the footers written last with `switchToPage`.
 */
import PDFDocument from 'pdfkit';
import { dateAndTime } from '../../shared/clinic-time/clinic-time-text.js';
import type { RegisterLine } from '../../shared/contract/index.js';
import { entryCells, mgWords, unitsWords, type EntryCells } from './register-entry-words.js';
import { numberCorrections, type Footnote, type SectionFootnotes } from './register-footnotes.js';
import type { PrintedSection } from './register-selection.js';

export interface RegisterPrintout {
  clinicName: string;
  timeZone: string;
  printedBy: string;
  printedAt: Date;
  sections: PrintedSection[];
  /** The span printed, in clinic days, when not the whole register. */
  span: { from: string; to: string } | null;
}

interface Column { key: keyof EntryCells | 'marks'; heading: string; width: number }

const margin = 28;
const fontSize = 7;
const cellPadding = 2;
const columns: readonly Column[] = [
  { key: 'marks', heading: 'Mark', width: 30 },
  { key: 'obtainedOn', heading: 'Date', width: 50 },
  { key: 'supplier', heading: 'Name and address of supplier', width: 72 },
  { key: 'obtained', heading: 'Quantity', width: 52 },
  { key: 'suppliedOn', heading: 'Date', width: 50 },
  { key: 'serviceUser', heading: 'Service user', width: 72 },
  { key: 'authority', heading: 'Prescriber or authority', width: 58 },
  { key: 'supplied', heading: 'Quantity', width: 55 },
  { key: 'recordedBy', heading: 'Recorded by', width: 50 },
  { key: 'witness', heading: 'Witness', width: 50 },
  { key: 'note', heading: 'Entry and notes', width: 138 },
  { key: 'balanceMg', heading: 'mg', width: 50 },
  { key: 'balanceUnits', heading: 'UNIT', width: 58 },
];
// The reg 19 groups over the columns: [heading, first column, columns spanned].
const groups: ReadonlyArray<[string, number, number]> = [
  ['Obtained', 1, 3], ['Supplied (including by administration)', 4, 6], ['Balance', 11, 2],
];

export const markLegend = 'Marks: S = not yet synced: not yet in the clinic\'s register at central, listed after every synced entry; its balance can still move. ' +
  'L = recorded late: reached the register later than the day after the movement (reg 19). ' +
  '[n] = corrected or a correction (reg 20): see footnote n below; no entry is ever altered.';

type Doc = PDFKit.PDFDocument;

/** The PDF's bytes. */
export function registerPdf(printout: RegisterPrintout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', layout: 'landscape', bufferPages: true, autoFirstPage: false, margin: 0,
    info: { Title: `Controlled-drug register, ${printout.clinicName}`, Author: printout.printedBy, CreationDate: printout.printedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new RegisterPages(doc, printout).write();
  doc.end();
  return done;
}

class RegisterPages {
  private y = 0;
  private footnotes: Footnote[] = [];
  private section: PrintedSection | null = null;

  constructor(private readonly doc: Doc, private readonly printout: RegisterPrintout) {}

  write(): void {
    if (this.printout.sections.length === 0) {
      this.startPage(null);
      this.note('The register has no sections yet.');
    }
    let firstFootnote = 1;
    for (const printed of this.printout.sections) {
      const { footnotes, next } = numberCorrections(printed, this.printout.timeZone, firstFootnote);
      firstFootnote = next;
      this.writeSection(printed, footnotes);
    }
    this.endPage();
    this.writeFooters();
  }

  private writeSection(printed: PrintedSection, footnotes: SectionFootnotes): void {
    if (this.section !== null) this.endPage();
    this.startPage(printed);
    if (printed.broughtForwardMg !== null) this.broughtForward(printed.broughtForwardMg);
    if (printed.lines.length === 0) this.note(printed.broughtForwardMg === null ? 'No entries yet.' : 'No entries in this span.');
    for (const line of printed.lines) this.entry(line, footnotes);
  }

  private get bottom(): number {
    return this.doc.page.height - margin;
  }

  /** Where the legend starts: above the footer line. */
  private get legendTop(): number {
    return this.bottom - 12 - this.heightOf(markLegend, this.contentWidth, fontSize);
  }

  private get contentWidth(): number {
    return this.doc.page.width - 2 * margin;
  }

  private heightOf(words: string, width: number, size: number): number {
    return this.doc.fontSize(size).font('Helvetica').heightOfString(words, { width });
  }

  private footnotesHeight(footnotes: readonly Footnote[]): number {
    return footnotes.reduce((sum, footnote) => sum + this.heightOf(footnoteText(footnote), this.contentWidth, fontSize) + 1, footnotes.length > 0 ? 4 : 0);
  }

  private startPage(printed: PrintedSection | null): void {
    this.section = printed;
    this.doc.addPage();
    this.footnotes = [];
    this.y = margin;
    this.heading(printed);
    if (printed !== null) this.columnHeadings(printed);
  }

  private heading(printed: PrintedSection | null): void {
    const { doc, printout } = this;
    doc.font('Helvetica-Bold').fontSize(11).text(printout.clinicName, margin, this.y, { width: this.contentWidth, lineBreak: false });
    this.y += 14;
    const span = printout.span ? `, ${printout.span.from} to ${printout.span.to} (clinic days)` : '';
    doc.font('Helvetica').fontSize(8).text(`Controlled-drug register (Misuse of Drugs Regulations 2001, regs 19 and 20)${span}`, margin, this.y, { lineBreak: false });
    this.y += 11;
    if (printed !== null) {
      doc.font('Helvetica-Bold').fontSize(10).text(sectionHeading(printed), margin, this.y, { width: this.contentWidth, lineBreak: false });
      this.y += 14;
    }
  }

  private columnHeadings(printed: PrintedSection): void {
    const { doc } = this;
    const xs = columnStarts();
    doc.font('Helvetica-Bold').fontSize(fontSize);
    for (const [words, first, span] of groups) {
      const width = columns.slice(first, first + span).reduce((sum, column) => sum + column.width, 0);
      doc.text(words, (xs[first] ?? margin) + cellPadding, this.y, { width: width - 2 * cellPadding, align: 'center', lineBreak: false });
    }
    this.y += 10;
    const headingOf = (column: Column) => column.key === 'balanceUnits' ? unitHeading(printed) : column.heading;
    const height = Math.max(...columns.map((column) => doc.heightOfString(headingOf(column), { width: column.width - 2 * cellPadding })));
    columns.forEach((column, index) => doc.text(headingOf(column), (xs[index] ?? margin) + cellPadding, this.y, { width: column.width - 2 * cellPadding }));
    this.y += height + cellPadding;
    this.rule(0.8);
  }

  private rule(width: number): void {
    this.doc.moveTo(margin, this.y).lineTo(margin + this.contentWidth, this.y).lineWidth(width).strokeColor('#777777').stroke();
    this.y += cellPadding;
  }

  private note(words: string): void {
    this.row({ note: words });
  }

  private broughtForward(balanceMg: number): void {
    const counting = this.section?.section.counting ?? null;
    this.row({ note: 'Balance brought forward', balanceMg: mgWords(balanceMg), balanceUnits: unitsWords(counting, balanceMg) });
  }

  private entry(line: RegisterLine, footnotes: SectionFootnotes): void {
    const section = this.section?.section;
    if (!section) return;
    const cells = entryCells(line, section, this.printout.timeZone);
    const corrects = footnotes.correctsWords(line);
    const marks = [line.notYetSynced ? 'S' : null, line.late ? 'L' : null, ...footnotes.marksOf(line).map((n) => `[${n}]`)].filter(Boolean).join(' ');
    this.row({ ...cells, marks, note: [corrects, cells.note].filter(Boolean).join('; ') }, footnotes.placedWith(line));
  }

  /** One line of the table, on a new page of the same section when it does not fit whole on this one. */
  private row(cells: Partial<Record<Column['key'], string>>, footnotes: Footnote[] = []): void {
    const { doc } = this;
    doc.font('Helvetica').fontSize(fontSize);
    const height = Math.max(...columns.map((column) => doc.heightOfString(cells[column.key] ?? '', { width: column.width - 2 * cellPadding }))) + cellPadding;
    if (this.y + height > this.legendTop - this.footnotesHeight([...this.footnotes, ...footnotes])) {
      this.endPage();
      this.startPage(this.section);
      doc.font('Helvetica').fontSize(fontSize);
    }
    const xs = columnStarts();
    columns.forEach((column, index) => {
      const words = cells[column.key];
      if (words) doc.text(words, (xs[index] ?? margin) + cellPadding, this.y, { width: column.width - 2 * cellPadding });
    });
    this.y += height;
    this.rule(0.3);
    this.footnotes.push(...footnotes);
  }

  /** The page's footnotes and the marks' legend, at its foot. */
  private endPage(): void {
    const { doc } = this;
    let y = this.legendTop - this.footnotesHeight(this.footnotes) + 4;
    doc.font('Helvetica').fontSize(fontSize);
    for (const footnote of this.footnotes) {
      doc.text(footnoteText(footnote), margin, y, { width: this.contentWidth });
      y += this.heightOf(footnoteText(footnote), this.contentWidth, fontSize) + 1;
    }
    doc.font('Helvetica').fontSize(fontSize).text(markLegend, margin, this.legendTop, { width: this.contentWidth });
  }

  private writeFooters(): void {
    const { doc, printout } = this;
    const range = doc.bufferedPageRange();
    const printed = `Printed by ${printout.printedBy} at ${dateAndTime(printout.printedAt.toISOString(), printout.timeZone)} (${printout.timeZone})`;
    for (let index = range.start; index < range.start + range.count; index++) {
      doc.switchToPage(index);
      const y = this.bottom - 8;
      doc.font('Helvetica').fontSize(8).text(printed, margin, y, { lineBreak: false });
      doc.text(`Page ${index - range.start + 1} of ${range.count}`, margin, y, { width: this.contentWidth, align: 'right', lineBreak: false });
    }
  }
}

function footnoteText(footnote: Footnote): string {
  return `[${footnote.number}] ${footnote.words}`;
}

function columnStarts(): number[] {
  let x = margin;
  return columns.map((column) => { const start = x; x += column.width; return start; });
}

function unitHeading(printed: PrintedSection): string {
  const counting = printed.section.counting;
  return counting === null ? 'Unit' : counting.unit === 'ampoule' ? 'ampoules' : 'mL';
}

/** Drug, form, strength and unit, as the section's head says them (reg 20: one section per drug, form and strength). */
function sectionHeading(printed: PrintedSection): string {
  const { section } = printed;
  const unit = section.counting === null ? 'kept in mg under the drug name, before the product catalogue' : `counted in ${section.counting.unit === 'ampoule' ? 'ampoules' : 'mL'} and mg`;
  return `${section.title}: ${unit}`;
}
