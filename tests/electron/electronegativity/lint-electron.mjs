/**
 * `npm run lint:electron`: @doyensec/electronegativity over the Electron shell and the renderer,
 * failing on any HIGH or MEDIUM finding (a missing permission handler or CSP is only MEDIUM to
 * it) and on any file it could not parse (a file it did not read is a file it did not check). Its own CLI cannot do either (it exits 0 on findings, and its option
 * parsing breaks with the newer commander that npm hoists), so this runs it through its Node API.
 *
 * It reads a staged copy: electronegativity skips .cts and .cjs files, so the preload is copied
 * as .ts. Findings that were reviewed and accepted are in accepted.json beside this file, each
 * with its reason; an accepted finding that no longer occurs fails the run too, so the list
 * cannot go stale. The Electron version comes from the installed package (-e), so nothing is
 * looked up on the network.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const appRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scanned = ['main/shells', 'renderer'];
const failingSeverities = ['HIGH', 'MEDIUM'];
const accepted = JSON.parse(readFileSync(new URL('./accepted.json', import.meta.url), 'utf8'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const electronegativity = require('@doyensec/electronegativity');
const run = electronegativity.default ?? electronegativity;

function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-electronegativity-'));
  for (const folder of scanned) {
    cpSync(join(appRoot, folder), join(dir, folder), {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    });
  }
  // The preload under a name the tool reads.
  cpSync(join(appRoot, 'main/shells/electron/preload.cts'), join(dir, 'main/shells/electron/preload.cts.ts'));
  return dir;
}

function quiet(task) {
  // The tool prints its own progress and translation warnings; keep the run's output to the findings.
  const { log, warn, info } = console;
  console.log = console.warn = console.info = () => undefined;
  return task().finally(() => Object.assign(console, { log, warn, info }));
}

const dir = stage();
let result;
try {
  result = await quiet(() => run({
    input: dir,
    electronVersionOverride: electronVersion,
    isRelative: true,
    excludeFromScan: accepted.excludedChecks.map((entry) => entry.check),
    parserPlugins: [],
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const fileOf = (issue) => (issue.file === 'N/A' ? 'N/A' : relative(dir, join(dir, issue.file)).replace(/\.cts\.ts$/, '.cts'));
const acceptance = (issue) => accepted.acceptedFindings.find((entry) => entry.check === issue.id && entry.file === fileOf(issue));
const unparsed = result.errors.filter((error) => !error.tolerable);
const failing = [];

console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version} for Electron ${electronVersion}: ${result.globalChecks + result.atomicChecks} checks over ${scanned.join(', ')}`);
for (const issue of result.issues) {
  const entry = acceptance(issue);
  const where = issue.file === 'N/A' ? '(whole app)' : `${fileOf(issue)}:${issue.location.line}`;
  const verdict = entry ? 'accepted' : failingSeverities.includes(issue.severity.name) ? 'FAILS' : 'noted';
  console.log(`  ${verdict.padEnd(8)} ${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id} ${where}`);
  console.log(`           ${issue.description}${entry ? `\n           accepted: ${entry.reason}` : ''}`);
  if (verdict === 'FAILS') failing.push(issue);
}
for (const error of unparsed) console.log(`  FAILS    could not parse ${relative(dir, error.file)}: ${error.message}`);
const stale = accepted.acceptedFindings.filter((entry) => !result.issues.some((issue) => issue.id === entry.check && fileOf(issue) === entry.file));
for (const entry of stale) console.log(`  FAILS    accepted.json lists ${entry.check} in ${entry.file}, which no longer occurs: remove the entry`);

const failures = failing.length + unparsed.length + stale.length;
console.log(failures === 0
  ? `electronegativity: no high or medium finding left (${result.issues.length} finding(s) in all, each accepted or low).`
  : `electronegativity: ${failures} problem(s) above. Fix them, or accept a reviewed one in tests/electron/electronegativity/accepted.json with its reason.`);
process.exit(failures === 0 ? 0 : 1);
