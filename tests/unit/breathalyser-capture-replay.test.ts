/**
 * The capture template (docs/breathalyser-capture.md) end to end without a device: a transcript
 * captured with `socat -x -v` is replayed, block by block as its bytes arrived, through the real
 * splitter and parser under the profile written from it. A clinic checks its own capture the same
 * way with `npm run breathalyser:replay`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSocatTranscript, TranscriptError } from '../../main/devices/breathalyser/capture/socat-transcript.js';
import { describeReplay, replayChunks, replayTranscript } from '../../main/devices/breathalyser/capture/replay-transcript.js';
import { readProfileFile } from '../../main/devices/breathalyser/profiles/clinic-profiles.js';
import { mq3Ascii } from '../../main/devices/breathalyser/profiles/mq3-ascii.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/breathalyser/${name}`, import.meta.url));
const profile = readProfileFile(fixture('example-desk-breathalyser.profile.json'));
const transcript = readFileSync(fixture('example-desk-breathalyser.transcript'), 'utf8');

describe('a socat -x -v transcript', () => {
  it('is read into the chunks the device sent, as they arrived', () => {
    const chunks = parseSocatTranscript(transcript);
    expect(chunks).toHaveLength(13);
    expect(chunks.every((chunk) => chunk.direction === 'fromDevice')).toBe(true);
    expect([...(chunks[0]?.bytes ?? [])]).toEqual([0x00, 0xff, 0xfe]);
    expect(Buffer.from(chunks[3]?.bytes ?? []).toString('latin1')).toBe('BLOW');
    expect(chunks.map((chunk) => chunk.bytes.length)).toEqual([3, 14, 15, 4, 5, 10, 10, 42, 15, 8, 24, 17, 44]);
  });

  it('keeps what was typed to the device apart from what it said', () => {
    const typed = [
      '> 2026/11/23 09:23:26.000952849  length=4 from=0 to=3',
      ' 42 41 43 3a                                     BAC:',
      '--',
      '< 2026/11/23 09:23:27.000654444  length=7 from=0 to=6',
      ' 53 54 41 52 54 0d 0a                             START..',
      '--',
    ].join('\n');
    expect(replayTranscript(mq3Ascii, typed).commandsSent).toEqual(['START\r\n']);
  });

  it.each([
    ['a block shorter than its length', '> 2026/11/23 09:23:26.000952849  length=5 from=0 to=4\n 42 41 43                                         BAC\n--\n', /line 1 says length=5 but holds 3/],
    ['text that is not a transcript', 'BAC:0.02\r\n', /Line 1 .* neither a socat block header nor a hex dump/],
  ])('refuses %s, naming the line', (_, text, message) => {
    expect(() => parseSocatTranscript(text)).toThrow(TranscriptError);
    expect(() => parseSocatTranscript(text)).toThrow(message);
  });
});

describe('replaying the example capture through its profile', () => {
  const replay = replayTranscript(profile, transcript);

  it('gives the readings, statuses and rejections the device meant, with raw text, unit and ratio kept', () => {
    expect(replay.lines.map(({ text, meaning }) => [text, meaning.kind === 'deviceError' ? meaning.code : meaning.kind])).toEqual([
      ['\u0000\u00ff\u00feSELF TEST OK', 'rejected'], // power-on noise glued to the self test: ignored, not guessed at
      ['READY TO BLOW', 'ready'],
      ['BLOWING', 'blowing'],
      ['Result: 0.000 mg/L', 'reading'],
      ['READY TO BLOW', 'ready'],
      ['BLOWING', 'blowing'],
      ['Err 02: Flow Low', 'BLOW_INTERRUPTED'],
      ['READY TO BLOW', 'ready'],
      ['BLOWING', 'blowing'],
      ['Result: 0.120 mg/L', 'reading'],
      ['Result: 0.1x0 mg/L', 'rejected'], // line noise in the value: never a reading
      ['READY TO BLOW', 'ready'],
      ['BLOWING', 'blowing'],
      ['Result: 0.350 mg/L', 'reading'],
    ]);
    const readings = replay.lines.flatMap(({ meaning }) => (meaning.kind === 'reading' ? [meaning.reading] : []));
    expect(readings).toEqual([0, 12, 35].map((micrograms, index) => ({
      microgramsPer100mlBreath: micrograms,
      rawText: `Result: ${['0.000', '0.120', '0.350'][index]} mg/L`,
      rawValue: [0, 0.12, 0.35][index],
      rawUnit: 'mg/l',
      bloodBreathRatio: 2300,
      deviceProfile: 'example-desk-breathalyser',
      simulated: false,
    })));
    expect(replay.discardedBytes).toBe(0);
  });

  it('gives the same lines whatever the chunking: the whole capture as one read reads the same', () => {
    const chunks = parseSocatTranscript(transcript);
    const whole = Uint8Array.from(Buffer.concat(chunks.map((chunk) => chunk.bytes)));
    const merged = replayChunks(profile, [{ direction: 'fromDevice', bytes: whole, line: 1 }]);
    expect(merged.lines.map(({ text, meaning }) => [text, meaning])).toEqual(replay.lines.map(({ text, meaning }) => [text, meaning]));
  });

  it('describes each line for a person checking their profile', () => {
    const described = describeReplay(replay);
    expect(described).toContain('"Result: 0.120 mg/L" -> reading 12 ug/100ml (0.12 mg/l)');
    expect(described).toContain('"Err 02: Flow Low" -> device error BLOW_INTERRUPTED');
    expect(described).toContain('"Result: 0.1x0 mg/L" -> ignored: The line matches none of the profile\'s rules.');
  });
});
