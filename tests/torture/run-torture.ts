/**
 * `npm run torture -- [--seed S] [--kills N] [--sync-events N] [--claims N] [--parser-inputs N]
 * [--disk-fills N] [--only kills,sync,claims,parser,disk]`: the torture suite at full size (about
 * an hour), or any size. Prints progress and one line of figures per part, then PASS or FAIL;
 * exits 1 on any loss or fault, 2 on a usage error. Not part of CI: `npm test` runs a small
 * setting of each part (torture-small.test.ts).
 */
import { parseTortureArgs, runTorture, usage } from './torture.js';

const parsed = parseTortureArgs(process.argv.slice(2));
if ('problem' in parsed) {
  console.error(`${parsed.problem}\n${usage}`);
  process.exit(2);
}
const { passed } = await runTorture(parsed, (line) => console.log(line));
process.exit(passed ? 0 : 1);
