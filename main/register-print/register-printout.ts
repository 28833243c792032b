/**
 * A printout of the register built with the host's own report code (main/host/reports/register.ts),
 * so paper and screen show the same lines and balances; and the one way to write it to a file, PDF
 * or CSV by the file's extension. Shared by the Records screen's "Save the register as a PDF" (the
 * host) and the `register:pdf` command (a kiosk's ledger opened read-only).
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { clinicTimeZone } from '../host/clinic-context/clinic-context.js';
import { registerReport, type RegisterRecords } from '../host/reports/register.js';
import { registerCsv } from './register-csv.js';
import { registerPdf, type RegisterPrintout } from './register-pdf.js';
import { chooseRegisterLines, type RegisterChoice } from './register-selection.js';

export interface PrintoutRequest {
  choice: RegisterChoice;
  /** The person the footer names: who asked for the printout. */
  printedBy: string;
  printedAt: Date;
}

export function registerPrintout(db: Database, records: RegisterRecords, request: PrintoutRequest): RegisterPrintout {
  const timeZone = clinicTimeZone(records.reference);
  const { choice } = request;
  return {
    clinicName: records.reference.clinic()?.name ?? 'Clinic not set up',
    timeZone,
    printedBy: request.printedBy,
    printedAt: request.printedAt,
    sections: chooseRegisterLines(registerReport(db, records, request.printedAt).sections, choice, timeZone),
    span: choice.from !== undefined && choice.to !== undefined ? { from: choice.from, to: choice.to } : null,
  };
}

export type PrintoutFormat = 'pdf' | 'csv';

/** A file's format by its extension; null for any other. */
export function printoutFormatOf(file: string): PrintoutFormat | null {
  const extension = extname(file).toLowerCase();
  return extension === '.pdf' ? 'pdf' : extension === '.csv' ? 'csv' : null;
}

export async function printoutBytes(printout: RegisterPrintout, format: PrintoutFormat): Promise<Buffer> {
  return format === 'pdf' ? registerPdf(printout) : Buffer.from(registerCsv(printout.sections, printout.timeZone), 'utf8');
}

/** Writes the printout; `wx`: an earlier printout is never overwritten. */
export async function writePrintout(printout: RegisterPrintout, file: string, format: PrintoutFormat): Promise<void> {
  writeFileSync(file, await printoutBytes(printout, format), { flag: 'wx', mode: 0o600 });
}
