/**
 * `npm run emulate:breathalyser -- --link <path> ...`: runs the emulator by hand, so staff training
 * and developers can point a kiosk at a pretend breathalyser and script what it does.
 * Prints one line when the link is ready to open, and runs until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { builtInProfile } from '../profiles/built-in-profiles.js';
import { emulatorScenarioNames, parseScenario, startEmulator } from './breathalyser-emulator.js';

const usage =
  'Usage: cli.js --link <path> [--profile kiosk-line-v1] [--scenario result] [--result "12 ug/100ml"] [--delay-ms 1500]\n' +
  `Scenarios: ${emulatorScenarioNames.join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      link: { type: 'string' },
      profile: { type: 'string', default: 'kiosk-line-v1' },
      scenario: { type: 'string', default: 'result' },
      result: { type: 'string', default: '12 ug/100ml' },
      'delay-ms': { type: 'string', default: '1500' },
    },
    strict: true,
  });
  if (!values.link) fail('The emulator needs --link, the path the kiosk will open.');
  const profile = builtInProfile(values.profile) ?? fail(`There is no built-in profile "${values.profile}".`);
  const scenario = parseScenario(values.scenario) ?? fail(`There is no scenario "${values.scenario}".`);
  const delayMs = Number(values['delay-ms']);
  if (!Number.isInteger(delayMs) || delayMs < 0) fail('--delay-ms must be a whole number of milliseconds.');

  const emulator = await startEmulator({ link: values.link, profile, scenario, resultText: values.result, delayMs });
  process.stdout.write(`Breathalyser emulator on ${emulator.kioskPath}\n`);
  const stop = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The breathalyser emulator could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
