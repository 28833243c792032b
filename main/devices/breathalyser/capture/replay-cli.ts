/**
 * `npm run breathalyser:replay -- --profile my-device.json --transcript capture.txt`: replays a
 * clinic's captured transcript through the kiosk's own splitter and parser under the profile they
 * wrote, and prints what each line would mean. Exits 1 when the profile or transcript is invalid.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readProfileFile } from '../profiles/clinic-profiles.js';
import { builtInProfile } from '../profiles/built-in-profiles.js';
import { describeReplay, replayTranscript } from './replay-transcript.js';

function main(): void {
  const { values } = parseArgs({ options: { profile: { type: 'string' }, transcript: { type: 'string' } }, strict: true });
  if (!values.profile || !values.transcript) {
    process.stderr.write('Usage: replay-cli.js --profile <profile.json or built-in id> --transcript <socat -x -v transcript>\n');
    process.exit(2);
  }
  const profile = builtInProfile(values.profile) ?? readProfileFile(values.profile);
  process.stdout.write(`${describeReplay(replayTranscript(profile, readFileSync(values.transcript, 'utf8')))}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
