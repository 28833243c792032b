/**
 * `npm run register:pdf -- --data-dir <kiosk data folder> --out <file.pdf|file.csv> [--section <id>]
 * [--from YYYY-MM-DD --to YYYY-MM-DD] [--printed-by <name>]`: the controlled-drug register of a
 * kiosk's data folder as a PDF for an inspector, or a CSV for the clinic manager (by the extension
 * of `--out`), printed by the person named (else the operating-system user running it) at the time
 * it runs.
 *
 * The ledger is opened read-only with the `kiosk.key` beside it and never migrated, as
 * ledger:verify does: printing the register must not change it. Exits 0 when the file is written, 2
 * when it cannot be (a wrong option, no such folder, a file that is no kiosk ledger or needs a newer
 * kiosk, an `--out` that already exists).
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { printoutFormatOf, registerPrintout, writePrintout, type PrintoutFormat } from './register-printout.js';
import { openKioskRegisterReadOnly, KioskRegisterError } from './kiosk-register-read-only.js';
import { RegisterChoiceError, type RegisterChoice } from './register-selection.js';

const usage = 'Usage: register-print-cli.js --data-dir <kiosk data folder> --out <file.pdf|file.csv> [--section <sectionId>] [--from YYYY-MM-DD --to YYYY-MM-DD] [--printed-by <name>]';

class UsageError extends Error {}

interface Args { dataDir: string; out: string; format: PrintoutFormat; choice: RegisterChoice; printedBy: string }

const clinicDayPattern = /^\d{4}-\d{2}-\d{2}$/;

function parsed(argv: string[]) {
  try {
    return parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, section: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
        'printed-by': { type: 'string' } },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parse(argv: string[]): Args {
  const values = parsed(argv);
  const dataDir = values['data-dir'];
  if (!dataDir) throw new UsageError('Say which kiosk\'s register to print with --data-dir <kiosk data folder>.');
  if (!values.out) throw new UsageError('Say where to write the register with --out <file.pdf> or --out <file.csv>.');
  const format = printoutFormatOf(values.out);
  if (format === null) throw new UsageError(`--out ${values.out} is neither a .pdf nor a .csv file.`);
  const { from, to } = values;
  if ((from === undefined) !== (to === undefined)) throw new UsageError('Give a span of clinic days with both --from and --to, or neither.');
  for (const day of [from, to]) {
    if (day !== undefined && (!clinicDayPattern.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))) {
      throw new UsageError(`${day} is not a clinic day: write it as YYYY-MM-DD.`);
    }
  }
  const choice: RegisterChoice = {
    ...(values.section === undefined ? {} : { sectionId: values.section }),
    ...(from === undefined || to === undefined ? {} : { from, to }),
  };
  const printedBy = values['printed-by']?.trim() || `${userInfo().username} (register:pdf command)`;
  return { dataDir, out: values.out, format, choice, printedBy };
}

async function run(argv: string[]): Promise<void> {
  const args = parse(argv);
  if (existsSync(args.out)) throw new UsageError(`There is already a file at ${args.out}: give another name, or move that one first.`);
  const register = openKioskRegisterReadOnly(args.dataDir);
  try {
    const printout = registerPrintout(register.db, register.records, { choice: args.choice, printedBy: args.printedBy, printedAt: new Date() });
    await writePrintout(printout, args.out, args.format);
    const lines = printout.sections.reduce((sum, section) => sum + section.lines.length, 0);
    process.stdout.write(`Wrote ${lines} register lines in ${printout.sections.length} sections to ${args.out}\n`);
  } finally {
    register.db.close();
  }
}

try {
  await run(process.argv.slice(2));
  process.exitCode = 0;
} catch (error) {
  const known = error instanceof UsageError || error instanceof KioskRegisterError || error instanceof RegisterChoiceError;
  process.stderr.write(known
    ? `${error.message}\n${error instanceof UsageError ? `${usage}\n` : ''}`
    : `The register could not be printed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
