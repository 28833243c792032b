/**
 * Judging a device's line ending against its profile's, without a device: which ending arrived,
 * whether the bytes split across chunks change the verdict, and that a half line or a device
 * speaking its profile's ending is never called a mismatch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyLineEndingWatch, lineEndingMismatch, lineEndingName, watchLineEndings, type LineEndingWatch } from '../../../main/devices/breathalyser/line-ending-watch.js';
import { bytes, chunked } from '../../support/byte-streams.js';

const crlfProfile = { terminator: '\r\n', maxLineLength: 128 };

function watched(settings: { terminator: string; maxLineLength: number }, chunks: Uint8Array[]): LineEndingWatch {
  return chunks.reduce(watchLineEndings, emptyLineEndingWatch(settings));
}

function verdict(settings: { terminator: string; maxLineLength: number }, ...texts: string[]) {
  return lineEndingMismatch(watched(settings, texts.map(bytes)));
}

describe('line ending watch: which ending arrived, against the one the profile expects', () => {
  it.each([
    ['LF alone under a CRLF profile', crlfProfile, ['READY*4B\nBLOW*16\n'], 'LF', 'CRLF'],
    ['CR alone under a CRLF profile, the last CR with nothing after it', crlfProfile, ['READY*4B\rBLOW*16\r'], 'CR', 'CRLF'],
    ['one CR alone and then silence', crlfProfile, ['READY*4B\r'], 'CR', 'CRLF'],
    ['CR alone under an LF profile', { terminator: '\n', maxLineLength: 64 }, ['BAC:0.02\rBAC:0.03\r'], 'CR', 'LF'],
    ['LF alone under a CR profile', { terminator: '\r', maxLineLength: 64 }, ['BAC:0.02\n'], 'LF', 'CR'],
    ['CRLF under a CR profile (each line then starts with an LF)', { terminator: '\r', maxLineLength: 64 }, ['BAC:0.02\r\n', 'BAC:0.03\r', '\n'], 'CRLF', 'CR'],
    ['CRLF under a profile ending in ETX', { terminator: '\u0003', maxLineLength: 64 }, ['BAC:0.02\r\nBAC:0.03\r\n'], 'CRLF', '0x03'],
  ] as const)('%s', (_, settings, texts, sent, expected) => {
    expect(verdict(settings, ...texts)).toMatchObject({ sent, expected });
  });

  it('a CR LF split across two chunks is CR LF, not a CR alone then an LF alone', () => {
    const crProfile = { terminator: '\r', maxLineLength: 64 };
    expect(verdict(crProfile, 'BAC:0.02\r', '\nBAC:0.03\r', '\n')?.sent).toBe('CRLF');
    expect(verdict({ terminator: '\u0003', maxLineLength: 64 }, 'A\r', '\n', 'B')?.sent).toBe('CRLF');
  });

  it('bytes longer than any line with no ending at all are a mismatch that names no ending', () => {
    expect(verdict(crlfProfile, 'R'.repeat(131))).toEqual({ sent: null, expected: 'CRLF', unterminatedBytes: 131 });
    expect(verdict(crlfProfile, 'R'.repeat(130))).toBeNull();
  });

  it('names the usual endings as an engineer sets them on a device', () => {
    expect(['\r\n', '\n', '\r', '\u0003\u0004'].map(lineEndingName)).toEqual(['CRLF', 'LF', 'CR', '0x03 0x04']);
  });
});

describe('line ending watch: never a mismatch for a working device or a half line', () => {
  it.each([
    ['lines in the profile\'s ending', ['READY*4B\r\nBLOW*16\r\n']],
    ['a CRLF split between chunks', ['READY*4B\r', '\n']],
    ['a half line, as from a device switched off mid-line', ['READY*4B\r\nRESULT 1']],
    ['an LF alone before the profile\'s ending came after all', ['RE\nADY\r\n']],
  ])('%s', (_, texts) => {
    expect(verdict(crlfProfile, ...texts)).toBeNull();
  });

  it('the profile\'s ending forgets what came before it', () => {
    const mismatched = watched(crlfProfile, [bytes('READY*4B\n')]);
    expect(lineEndingMismatch(mismatched)?.sent).toBe('LF');
    const recovered = watchLineEndings(mismatched, bytes('BLOW*16\r\n'));
    expect(recovered).toMatchObject({ unterminatedBytes: 0, otherEndings: [] });
    expect(lineEndingMismatch(recovered)).toBeNull();
  });
});

const lineBody = fc.stringMatching(/^[A-Z0-9 .*/%]{0,40}$/);

describe('line ending watch: properties', () => {
  it('lines in the profile\'s ending, split anywhere, leave nothing unterminated and no mismatch', () => {
    fc.assert(
      fc.property(fc.array(lineBody, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(), { maxLength: 12 }), (lines, cuts) => {
        const watch = watched(crlfProfile, chunked(bytes(lines.map((line) => `${line}\r\n`).join('')), cuts));
        expect(watch.unterminatedBytes).toBe(0);
        expect(lineEndingMismatch(watch)).toBeNull();
        expect(watch.tail.length).toBeLessThanOrEqual(2);
      }),
      { numRuns: 2_000 },
    );
  });

  it('lines in another ending, split anywhere, are judged the same as when they come whole', () => {
    fc.assert(
      fc.property(fc.array(lineBody, { minLength: 1, maxLength: 10 }), fc.constantFrom('\n', '\r'), fc.array(fc.nat(), { maxLength: 12 }), (lines, ending, cuts) => {
        const stream = bytes(lines.map((line) => `${line}${ending}`).join(''));
        const whole = lineEndingMismatch(watched(crlfProfile, [stream]));
        expect(whole?.sent).toBe(ending === '\n' ? 'LF' : 'CR');
        expect(lineEndingMismatch(watched(crlfProfile, chunked(stream, cuts)))).toEqual(whole);
      }),
      { numRuns: 2_000 },
    );
  });
});
