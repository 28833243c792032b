/**
 * The clinical rule that line noise never becomes a reading, fuzzed with fast-check for every
 * built-in profile: random bytes, valid lines mixed with garbage and split or merged across
 * chunks at random, over-long lines, corrupted checksummed lines, and lines of any bytes at all.
 *
 * Generated inputs in the normal run: per profile 15,000 + 6,000 + 6,000 + 4,000 + 4,000 + 4,000 = 39,000,
 * times 2 built-in profiles = 78,000, plus 5,000 corrupted lines for the checksummed profile =
 * 83,000 here; tests/unit/breathalyser-parser.test.ts adds 40,000 for kiosk-line-v1: 123,000 in all.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DeviceProfile } from '../../main/devices/breathalyser/device-profile.js';
import { withNmeaXorChecksum } from '../../main/devices/breathalyser/line-checksum.js';
import { parseLine, type ParsedLine } from '../../main/devices/breathalyser/line-parser.js';
import { emptyLineSplitter, splitLines } from '../../main/devices/breathalyser/line-splitter.js';
import { builtInProfiles } from '../../main/devices/breathalyser/profiles/built-in-profiles.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { mq3Ascii } from '../../main/devices/breathalyser/profiles/mq3-ascii.js';
import { bytes, chunked } from '../support/byte-streams.js';
import { isPlausibleFigure } from '../support/plausible-breath.js';

interface FuzzedProfile {
  profile: DeviceProfile;
  /** Written from the protocol document, independently of the profile's own patterns. */
  isValidResultLine: (line: string) => boolean;
  validResultLine: fc.Arbitrary<string>;
  /** Fragments of the profile's vocabulary: near misses are far likelier than from random bytes. */
  vocabulary: string[];
}

function xorOf(body: string): number {
  let xor = 0;
  for (const character of body) xor ^= character.charCodeAt(0);
  return xor;
}

const kioskLine: FuzzedProfile = {
  profile: kioskLineV1,
  isValidResultLine(line) {
    const match = /^(RESULT (\d{1,6}(?:\.\d{1,4})?) (ug\/100ml|mg\/l|ug\/l|g\/210l|%bac))(?:\*([0-9A-Fa-f]{2}))?$/.exec(line);
    if (!match) return false;
    const [, body = '', value = '', unit = '', written] = match;
    return (written === undefined || xorOf(body) === Number.parseInt(written, 16)) && isPlausibleFigure(value, unit);
  },
  // Mostly figures a breath could give, so the properties see many readings; the rest are above the ceiling.
  validResultLine: fc
    .tuple(
      fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999_999 })),
      fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
      fc.constantFrom('ug/100ml', 'mg/l', 'ug/l', 'g/210l', '%bac'),
      fc.boolean(),
    )
    .map(([whole, fraction, unit, checksummed]) => {
      const body = `RESULT ${whole}${fraction === undefined ? '' : `.${fraction}`} ${unit}`;
      return checksummed ? withNmeaXorChecksum(body) : body;
    }),
  vocabulary: ['RESULT', ' ', '12', '0.', '5', '-', 'e3', 'ug/100ml', 'mg/l', '%bac', '*', '4', '1', 'F', '\r\n', '\r', '\n', 'ERROR ', 'NO_SAMPLE', 'READY', 'BLOW'],
};

const mq3: FuzzedProfile = {
  profile: mq3Ascii,
  // "BAC:<value>" as MQ-3 sketches print it: one digit of %BAC, up to four decimals, maybe a space after the colon.
  isValidResultLine: (line) => /^BAC: ?[0-9](?:\.[0-9]{1,4})?$/.test(line) && isPlausibleFigure(line.replace(/^BAC: ?/, ''), '%bac'),
  validResultLine: fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }), fc.boolean())
    .map(([whole, fraction, spaced]) => `BAC:${spaced ? ' ' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`),
  vocabulary: ['BAC', ':', ' ', '0', '.', '02', '1e3', '-', '%', 'bac', 'BAC:', '\r\n', '\r', '\n', 'NaN', '0x1'],
};

const fuzzed: FuzzedProfile[] = [kioskLine, mq3];



function linesOf(profile: DeviceProfile, chunks: Uint8Array[]): { lines: string[]; discardedBytes: number } {
  let state = emptyLineSplitter(profile);
  const lines: string[] = [];
  let discardedBytes = 0;
  for (const chunk of chunks) {
    const step = splitLines(state, chunk);
    state = step.state;
    lines.push(...step.result.lines);
    discardedBytes += step.result.discardedBytes;
    expect(state.held.length).toBeLessThanOrEqual(profile.maxLineLength + profile.terminator.length - 1);
  }
  return { lines, discardedBytes };
}

function readingTexts(profile: DeviceProfile, lines: string[]): string[] {
  return lines.map((line) => parseLine(profile, line)).flatMap((meaning: ParsedLine) => (meaning.kind === 'reading' ? [meaning.reading.rawText] : []));
}

it('fuzzes every built-in profile', () => {
  expect(fuzzed.map(({ profile }) => profile.id).sort()).toEqual(builtInProfiles.map((profile) => profile.id).sort());
});

describe.each(fuzzed)('$profile.id under fuzzing', ({ profile, isValidResultLine, validResultLine, vocabulary }) => {
  const noisyBytes = fc
    .array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(...vocabulary).map(bytes)), { maxLength: 30 })
    .map((parts) => Uint8Array.from(Buffer.concat(parts)));
  const garbageLine = noisyBytes.map((noise) => Buffer.from(noise).toString('latin1').replaceAll(profile.terminator, ''));

  it('random bytes, in random chunks, never give a reading unless they hold a valid result line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), noisyBytes), fc.array(fc.nat(), { maxLength: 10 }), (stream, cuts) => {
        const { lines } = linesOf(profile, chunked(stream, cuts));
        for (const text of readingTexts(profile, lines)) expect(isValidResultLine(text)).toBe(true);
      }),
      { numRuns: 15_000 },
    );
  });

  it('valid lines among garbage, split and merged at random, give exactly the valid readings in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validResultLine, garbageLine), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (items, cuts) => {
        const stream = bytes(items.map((line) => line + profile.terminator).join(''));
        const { lines } = linesOf(profile, chunked(stream, cuts));
        expect(readingTexts(profile, lines)).toEqual(items.filter(isValidResultLine));
      }),
      { numRuns: 6_000 },
    );
  });

  it('split points never change the lines, the discards or what they mean', () => {
    fc.assert(
      fc.property(fc.oneof(noisyBytes, fc.uint8Array({ maxLength: 400 })), fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
        const whole = linesOf(profile, [stream]);
        const split = linesOf(profile, chunked(stream, cuts));
        expect(split).toEqual(whole);
        expect(split.lines.map((line) => parseLine(profile, line))).toEqual(whole.lines.map((line) => parseLine(profile, line)));
      }),
      { numRuns: 6_000 },
    );
  });

  it('an over-long line never becomes a reading, and the splitter picks up at the next line', () => {
    const overLong = fc
      .tuple(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 300 }), validResultLine)
      .map(([padding, valid]) => ((padding.replace(/[\r\n]/g, '') || 'x').repeat(300) + valid).slice(-(profile.maxLineLength + 1 + (padding.length % 200))));
    fc.assert(
      fc.property(overLong, validResultLine, fc.array(fc.nat(), { maxLength: 8 }), (long, next, cuts) => {
        fc.pre(long.length > profile.maxLineLength);
        const stream = bytes(`${long}${profile.terminator}${next}${profile.terminator}`);
        const { lines, discardedBytes } = linesOf(profile, chunked(stream, cuts));
        expect(lines).toEqual([next]);
        expect(discardedBytes).toBe(long.length);
      }),
      { numRuns: 4_000 },
    );
  });

  it('a well-formed result whose figure no breath could give is a device fault, never a reading', () => {
    fc.assert(
      fc.property(validResultLine, (line) => {
        const meaning = parseLine(profile, line);
        if (isValidResultLine(line)) expect(meaning.kind).toBe('reading');
        else expect(meaning).toMatchObject({ kind: 'deviceError', code: 'SENSOR_FAULT' });
      }),
      { numRuns: 4_000 },
    );
  });

  it('no line, however strange, makes the parser throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (line) => {
        parseLine(profile, line);
      }),
      { numRuns: 4_000 },
    );
  });
});

describe('kiosk-line-v1: a checksummed line with one byte changed', () => {
  it('is rejected, or still means exactly what it meant (a hex digit changed only in case)', () => {
    fc.assert(
      fc.property(kioskLine.validResultLine, fc.nat(), fc.integer({ min: 1, max: 255 }), (line, at, flip) => {
        const checksummed = line.includes('*') ? line : withNmeaXorChecksum(line);
        const index = at % checksummed.length;
        const changed = checksummed.slice(0, index) + String.fromCharCode(checksummed.charCodeAt(index) ^ flip) + checksummed.slice(index + 1);
        const meaning = parseLine(kioskLineV1, changed);
        if (meaning.kind === 'rejected') return;
        expect(meaning).toEqual({ ...parseLine(kioskLineV1, checksummed), ...(meaning.kind === 'reading' ? { reading: { ...meaning.reading, rawText: changed } } : {}) });
        expect(changed.toUpperCase()).toBe(checksummed.toUpperCase());
      }),
      { numRuns: 5_000 },
    );
  });
});
