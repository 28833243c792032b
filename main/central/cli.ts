/**
 * `npm run central -- setup|add-kiosk|migrate ...`: sets up the central PostgreSQL store, a
 * clinic and its kiosks (see central-commands.ts for the options).
 */
import { runCentralCommand } from './central-commands.js';

const code = await runCentralCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
process.exitCode = code;
