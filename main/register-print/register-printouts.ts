/**
 * The register saved by the host when someone at the Records screen asks for it on paper: a PDF in
 * the kiosk's `printouts` folder (inside its data folder, private to the kiosk's user like the
 * ledger, since it names service users), named by the clinic time it was printed, never over an
 * earlier one. The screen is told where it is, to open and print.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { clinicDate, clockTime } from '../../shared/clinic-time/clinic-time-text.js';
import { clinicTimeZone } from '../host/clinic-context/clinic-context.js';
import type { RegisterRecords } from '../host/reports/register.js';
import { registerPrintout, writePrintout } from './register-printout.js';
import type { RegisterChoice } from './register-selection.js';

export const printoutsFolderName = 'printouts';

export class RegisterPrintouts {
  constructor(private readonly db: Database, private readonly records: RegisterRecords, private readonly folder: string | null) {}

  /** Writes the PDF and returns its path; throws RegisterChoiceError for a section or span the register does not have. */
  async savePdf(choice: RegisterChoice, printedBy: string, printedAt: Date): Promise<string> {
    if (this.folder === null) throw new Error('This kiosk was started without a data folder, so it has nowhere to save a printout.');
    const printout = registerPrintout(this.db, this.records, { choice, printedBy, printedAt });
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    const file = this.freeName(printedAt);
    await writePrintout(printout, file, 'pdf');
    return file;
  }

  /** "register-2026-11-23-1504.pdf", then "-2", "-3" for a second printout in the same minute. */
  private freeName(printedAt: Date): string {
    const zone = clinicTimeZone(this.records.reference);
    const instant = printedAt.toISOString();
    const stem = `register-${clinicDate(instant, zone)}-${clockTime(instant, zone).replace(':', '')}`;
    for (let n = 1; ; n++) {
      const file = join(this.folder ?? '', `${stem}${n === 1 ? '' : `-${n}`}.pdf`);
      if (!existsSync(file)) return file;
    }
  }
}
