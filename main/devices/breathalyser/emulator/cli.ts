/**
 * `npm run emulate:breathalyser -- --link <path> ...`: runs the emulator by hand, so staff training
 * and developers can point a kiosk at a pretend breathalyser and script what it does.
 * Prints one line when the link is ready to open, and runs until SIGINT or SIGTERM.
 * A profile with no start command (mq3-ascii) cannot be asked for a test, so it plays its
 * scenario every --every-ms, as the sketch it stands for prints in a loop.
 */
import { parseArgs } from 'node:util';
import { builtInProfile } from '../profiles/built-in-profiles.js';
import { emulatorScenarioNames, parseLineEnding, parseScenario, startEmulator } from './breathalyser-emulator.js';

const usage =
  'Usage: cli.js --link <path> [--profile kiosk-line-v1|mq3-ascii] [--scenario result] [--result "12 ug/100ml"] [--delay-ms 1500]\n' +
  '              [--replug-after-ms 1000] [--every-ms 5000] [--line-ending cr|lf|crlf (default: the profile\'s)]\n' +
  `Scenarios: ${emulatorScenarioNames.join(', ')}`;

function wholeMilliseconds(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) fail(`--${name} must be a whole number of milliseconds.`);
  return value;
}

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
      result: { type: 'string' },
      'delay-ms': { type: 'string', default: '1500' },
      'replug-after-ms': { type: 'string', default: '1000' },
      'every-ms': { type: 'string', default: '5000' },
      'line-ending': { type: 'string' },
    },
    strict: true,
  });
  if (!values.link) fail('The emulator needs --link, the path the kiosk will open.');
  const profile = builtInProfile(values.profile) ?? fail(`There is no built-in profile "${values.profile}".`);
  const scenario = parseScenario(values.scenario) ?? fail(`There is no scenario "${values.scenario}".`);
  const delayMs = wholeMilliseconds('delay-ms', values['delay-ms']);
  const replugAfterMs = wholeMilliseconds('replug-after-ms', values['replug-after-ms']);
  const lineEndingText = values['line-ending'];
  const lineEnding = lineEndingText === undefined ? undefined : (parseLineEnding(lineEndingText) ?? fail(`--line-ending must be cr, lf or crlf, not "${lineEndingText}".`));
  const repeatEveryMs = profile.startCommand === null ? wholeMilliseconds('every-ms', values['every-ms']) : undefined;
  // Each profile's own unit: an MQ-3 sketch prints a bare %BAC figure.
  const resultText = values.result ?? (profile.id === 'mq3-ascii' ? '0.02' : '12 ug/100ml');

  const emulator = await startEmulator({ link: values.link, profile, scenario, resultText, delayMs, replugAfterMs, repeatEveryMs, lineEnding });
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
