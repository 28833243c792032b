/**
 * The breathalyser's bytes-to-meaning path (profile schema, line splitter, line parser) without a
 * device: fixture tables for every line kind, error code and unit, and fast-check properties for
 * the clinical rule that line noise never becomes a reading.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { breathTestFailureWords } from '../../main/devices/breathalyser/breath-test-words.js';
import { DeviceErrorCode, DeviceProfile, type DeviceProfileInput } from '../../main/devices/breathalyser/device-profile.js';
import { nmeaXorChecksum, withNmeaXorChecksum } from '../../main/devices/breathalyser/line-checksum.js';
import { parseLine, type ParsedLine } from '../../main/devices/breathalyser/line-parser.js';
import { createLineSplitter, emptyLineSplitter, splitLines } from '../../main/devices/breathalyser/line-splitter.js';
import { builtInProfile } from '../../main/devices/breathalyser/profiles/built-in-profiles.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { bytes, chunked } from '../support/byte-streams.js';
import { isPlausibleFigure } from '../support/plausible-breath.js';

const profile = kioskLineV1;
const crlf = '\r\n';


/** Well formed, by the protocol document, independently of the profile's own patterns. */
function wellFormedResult(line: string): { value: string; unit: string } | null {
  const match = /^(RESULT (-?\d{1,6}(?:\.\d{1,4})?) (ug\/100ml|mg\/l|ug\/l|g\/210l|%bac))(?:\*([0-9A-Fa-f]{2}))?$/.exec(line);
  if (!match) return null;
  const [, body = '', value = '', unit = '', written] = match;
  let xor = 0;
  for (const character of body) xor ^= character.charCodeAt(0);
  return written === undefined || xor === Number.parseInt(written, 16) ? { value, unit } : null;
}

/** A well-formed result line whose figure a breath could give. */
function isValidResultLine(line: string): boolean {
  const result = wellFormedResult(line);
  return result !== null && isPlausibleFigure(result.value, result.unit);
}

function readingsIn(stream: Uint8Array[]): { lines: string[]; parsed: ParsedLine[] } {
  const splitter = createLineSplitter(profile);
  const lines = stream.flatMap((chunk) => splitter.feed(chunk).lines);
  return { lines, parsed: lines.map((line) => parseLine(profile, line)) };
}

function readingOf(parsed: ParsedLine) {
  if (parsed.kind !== 'reading') throw new Error(`expected a reading, got ${JSON.stringify(parsed)}`);
  return parsed.reading;
}

describe('kiosk-line-v1 profile', () => {
  it('is valid data with the documented line settings', () => {
    expect(DeviceProfile.parse(profile)).toEqual(profile);
    expect(profile).toMatchObject({
      baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: '\r\n', maxLineLength: 128,
      startCommand: 'START', abortCommand: 'ABORT', checksum: 'nmea-xor', bloodBreathRatio: 2300, screeningOnly: false,
      resultFollowsAcknowledgement: true,
    });
    expect(builtInProfile('kiosk-line-v1')).toBe(profile);
    expect(builtInProfile('no-such-device')).toBeUndefined();
  });
});

describe('device profile schema', () => {
  const base: DeviceProfileInput = {
    id: 'clinic-device', displayName: 'A clinic device', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1,
    terminator: '\n', maxLineLength: 64, startCommand: null, abortCommand: null, resultFollowsAcknowledgement: false, checksum: 'none',
    lineRules: [{ kind: 'result', pattern: 'BAC:(?<value>\\d+\\.\\d+)' }],
    defaultUnit: '%bac', bloodBreathRatio: 2000, screeningOnly: true,
  };

  it('lower-cases USB ids, since Windows reports them upper-case', () => {
    const parsed = DeviceProfile.parse({ ...base, usb: { vendorId: '1A86', productId: '7523' } });
    expect(parsed.usb).toEqual({ vendorId: '1a86', productId: '7523' });
  });

  it.each<[string, DeviceProfileInput]>([
    ['a pattern that is not a regular expression', { ...base, lineRules: [{ kind: 'ready', pattern: 'READY(' }] }],
    ['a result rule without a value group', { ...base, lineRules: [{ kind: 'result', pattern: 'BAC:\\d+' }] }],
    ['a status rule without a code group', { ...base, lineRules: [{ kind: 'status', pattern: 'ERR \\w+' }] }],
    ['no rules', { ...base, lineRules: [] }],
    ['a command containing the terminator', { ...base, startCommand: 'GO\n' }],
    ['a USB id that is not four hex digits', { ...base, usb: { vendorId: '1a8', productId: '7523' } }],
    ['an unbounded line length', { ...base, maxLineLength: 100_000 }],
    ['a misspelt field', { ...base, screening: true } as DeviceProfileInput],
    ['an implausible blood:breath ratio', { ...base, bloodBreathRatio: 21 }],
    ['results that follow an acknowledgement of no start command', {
      ...base, resultFollowsAcknowledgement: true, lineRules: [...base.lineRules, { kind: 'ready', pattern: 'READY' }],
    }],
    ['results that follow an acknowledgement the device has no line for', { ...base, resultFollowsAcknowledgement: true, startCommand: 'GO' }],
  ])('rejects %s', (_, input) => {
    expect(DeviceProfile.safeParse(input).success).toBe(false);
  });

  it('makes every profile say whether its results follow an acknowledgement, since either guess can be wrong', () => {
    const { resultFollowsAcknowledgement: _, ...silent } = base;
    expect(DeviceProfile.safeParse(silent).success).toBe(false);
    expect(DeviceProfile.safeParse({ ...base, resultFollowsAcknowledgement: true, startCommand: 'GO', lineRules: [...base.lineRules, { kind: 'blowing', pattern: 'BLOWING' }] }).success).toBe(true);
  });

  it('reads a unit-less device in its default unit and ratio', () => {
    const mq3 = DeviceProfile.parse(base);
    const reading = readingOf(parseLine(mq3, 'BAC:0.02'));
    expect(reading).toMatchObject({ rawUnit: '%bac', rawValue: 0.02, bloodBreathRatio: 2000, deviceProfile: 'clinic-device' });
    expect(reading.microgramsPer100mlBreath).toBe(10);
  });
});

describe('parseLine: each line kind', () => {
  it.each<[string, ParsedLine['kind']]>([
    ['READY', 'ready'],
    ['BLOW', 'blowing'],
    ['RESULT 12 ug/100ml', 'reading'],
    ['ERROR NO_SAMPLE', 'deviceError'],
    [withNmeaXorChecksum('READY'), 'ready'],
    [withNmeaXorChecksum('BLOW'), 'blowing'],
    [withNmeaXorChecksum('RESULT 12 ug/100ml'), 'reading'],
    [withNmeaXorChecksum('ERROR TEMPERATURE'), 'deviceError'],
  ])('%j is %s', (line, kind) => {
    expect(parseLine(profile, line).kind).toBe(kind);
  });
});

describe('parseLine: every device error code', () => {
  it.each(DeviceErrorCode.options)('ERROR %s goes to staff in plain words', (code) => {
    const parsed = parseLine(profile, withNmeaXorChecksum(`ERROR ${code}`));
    expect(parsed).toEqual({ kind: 'deviceError', code, message: breathTestFailureWords[code] });
    if (parsed.kind === 'deviceError') expect(parsed.message).toMatch(/^[A-Z].{20,290}\.$/);
  });

  it.each(['NO_DEVICE', 'DEVICE_LOST', 'REFUSED', 'no_sample'])('ERROR %s is not a device code and is rejected', (code) => {
    expect(parseLine(profile, `ERROR ${code}`).kind).toBe('rejected');
  });
});

describe('parseLine: every unit normalised to micrograms per 100 mL of breath', () => {
  it.each<[string, number, number]>([
    ['12 ug/100ml', 12, 12],
    ['35 ug/100ml', 35, 35],
    ['0 ug/100ml', 0, 0],
    ['0.12 mg/l', 0.12, 12],
    ['0.22 mg/l', 0.22, 22],
    ['120 ug/l', 120, 12],
    ['0.0252 g/210l', 0.0252, 12],
    ['0.0276 %bac', 0.0276, 12],
    ['0.08 %bac', 0.08, 34.78],
  ])('RESULT %s', (text, rawValue, micrograms) => {
    const line = withNmeaXorChecksum(`RESULT ${text}`);
    const reading = readingOf(parseLine(profile, line, { simulated: true }));
    expect(reading).toEqual({
      microgramsPer100mlBreath: micrograms,
      rawText: line,
      rawValue,
      rawUnit: text.split(' ')[1],
      bloodBreathRatio: 2300,
      deviceProfile: 'kiosk-line-v1',
      simulated: true,
    });
  });

  it('marks readings as real unless told they are simulated', () => {
    expect(readingOf(parseLine(profile, 'RESULT 12 ug/100ml')).simulated).toBe(false);
  });
});

describe('parseLine: a figure no breath could give is a device fault, never a reading', () => {
  // The ops report: 99999 %bac became 43,477,826 ug/100mL and was shown as a reading.
  it.each([
    ['99999 %bac', 99999, '%bac'], ['1.6 %bac', 1.6, '%bac'], ['1001 ug/100ml', 1001, 'ug/100ml'], ['10.5 mg/l', 10.5, 'mg/l'],
    ['10001 ug/l', 10001, 'ug/l'], ['2.2 g/210l', 2.2, 'g/210l'], ['-1 ug/100ml', -1, 'ug/100ml'], ['-0.02 mg/l', -0.02, 'mg/l'], ['-0 %bac', '-0', '%bac'],
  ] as const)('RESULT %s', (text, value, unit) => {
    const parsed = parseLine(profile, withNmeaXorChecksum(`RESULT ${text}`));
    expect(parsed).toMatchObject({ kind: 'deviceError', code: 'SENSOR_FAULT' });
    if (parsed.kind !== 'deviceError') throw new Error('expected a device error');
    expect(parsed.message).toContain(`reported ${value} ${unit}`);
    expect(parsed.message).toMatch(typeof value === 'string' || value < 0 ? /below zero/ : /more than any living person's breath can hold/);
    expect(parsed.message).toMatch(/Use another breathalyser and tell the clinical lead/);
  });

  it.each([
    ['1000 ug/100ml', 1000], ['10 mg/l', 1000], ['10000 ug/l', 1000], ['2.1 g/210l', 1000], ['1.5 %bac', 652.17], ['0 ug/100ml', 0],
  ] as const)('RESULT %s, at the ceiling or floor, is still a reading', (text, micrograms) => {
    expect(readingOf(parseLine(profile, withNmeaXorChecksum(`RESULT ${text}`))).microgramsPer100mlBreath).toBe(micrograms);
  });

  it('holds for a clinic profile too, in its own default unit', () => {
    const clinic = DeviceProfile.parse({
      id: 'clinic-device', displayName: 'A clinic device', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: '\n',
      maxLineLength: 64, startCommand: null, abortCommand: null, resultFollowsAcknowledgement: false, checksum: 'none',
      lineRules: [{ kind: 'result', pattern: 'Result: (?<value>-?\\d+(?:\\.\\d+)?)' }], defaultUnit: 'mg/l', bloodBreathRatio: 2300, screeningOnly: true,
    });
    expect(parseLine(clinic, 'Result: 0.12')).toMatchObject({ kind: 'reading', reading: { microgramsPer100mlBreath: 12 } });
    expect(parseLine(clinic, 'Result: 400')).toMatchObject({ kind: 'deviceError', code: 'SENSOR_FAULT' });
    expect(parseLine(clinic, 'Result: -0.5')).toMatchObject({ kind: 'deviceError', code: 'SENSOR_FAULT' });
  });
});

describe('parseLine: checksums', () => {
  const body = 'RESULT 12 ug/100ml';
  const right = nmeaXorChecksum(body);
  const wrong = (Number.parseInt(right, 16) ^ 0x01).toString(16).toUpperCase().padStart(2, '0');

  it('accepts a right checksum, in either case of hex digit', () => {
    expect(parseLine(profile, `${body}*${right}`).kind).toBe('reading');
    expect(parseLine(profile, `${body}*${right.toLowerCase()}`).kind).toBe('reading');
  });

  it.each([`${body}*${wrong}`, `${body}*`, `${body}*1`, `${body}*G1`, `${body}*${right}0`, `${body}*${right}*${right}`, `READY*00`])(
    'rejects %j',
    (line) => {
      expect(parseLine(profile, line).kind).toBe('rejected');
    },
  );
});

describe('parseLine: garbage and near misses are rejected, never read', () => {
  it.each([
    '', ' ', 'RESULT', 'RESULT 12', 'RESULT ug/100ml', 'RESULT - ug/100ml', 'RESULT --1 ug/100ml', 'RESULT 1e3 ug/100ml', 'RESULT 0x1F ug/100ml',
    'RESULT Infinity ug/100ml', 'RESULT 12 UG/100ML', 'RESULT 12 mg/dl', 'result 12 ug/100ml', ' RESULT 12 ug/100ml',
    'RESULT 12 ug/100ml ', 'RESULT  12 ug/100ml', 'RESULT 12 ug/100ml\r', 'RESULT 1234567 ug/100ml', 'RESULT 1.23456 mg/l',
    'RESULT 12 ug/100mlRESULT 13 ug/100ml', 'READY!', 'BLOWING', 'ERROR', 'RESULT 1\u00002 ug/100ml', '\u00ff\u00feREADY',
  ])('%j', (line) => {
    expect(parseLine(profile, line).kind).toBe('rejected');
  });

  it('rejects a line longer than the profile allows', () => {
    expect(parseLine(profile, `RESULT 12 ug/100ml${' '.repeat(200)}`)).toMatchObject({ kind: 'rejected' });
  });
});

describe('line splitter', () => {
  it('gives the same lines whether the bytes come merged or split', () => {
    const text = `READY${crlf}BLOW${crlf}RESULT 12 ug/100ml*41${crlf}`;
    const merged = readingsIn([bytes(text)]).lines;
    const byteByByte = readingsIn([...bytes(text)].map((byte) => Uint8Array.of(byte))).lines;
    const splitInsideTerminator = readingsIn([bytes(`READY\r`), bytes(`\nBLOW${crlf}RESULT 12 ug/100ml*41\r`), bytes('\n')]).lines;
    expect(merged).toEqual(['READY', 'BLOW', 'RESULT 12 ug/100ml*41']);
    expect(byteByByte).toEqual(merged);
    expect(splitInsideTerminator).toEqual(merged);
  });

  it('keeps a partial line until its terminator arrives', () => {
    const splitter = createLineSplitter(profile);
    expect(splitter.feed(bytes('RESULT 1'))).toEqual({ lines: [], discardedBytes: 0 });
    expect(splitter.feed(bytes(`2 ug/100ml${crlf}`))).toEqual({ lines: ['RESULT 12 ug/100ml'], discardedBytes: 0 });
  });

  it('takes a line of exactly the maximum length', () => {
    const longest = 'x'.repeat(profile.maxLineLength);
    expect(createLineSplitter(profile).feed(bytes(longest + crlf))).toEqual({ lines: [longest], discardedBytes: 0 });
  });

  it('discards an over-long line, reports it, and resynchronises at the next terminator', () => {
    const splitter = createLineSplitter(profile);
    const tooLong = 'R'.repeat(profile.maxLineLength + 1);
    expect(splitter.feed(bytes(tooLong + crlf + 'READY' + crlf))).toEqual({ lines: ['READY'], discardedBytes: tooLong.length });
  });

  it('never holds more than one line, however long the device talks without a terminator', () => {
    const splitter = createLineSplitter(profile);
    let discarded = 0;
    for (let chunk = 0; chunk < 1000; chunk += 1) {
      discarded += splitter.feed(bytes('RESULT 12 ug/100ml ')).discardedBytes;
      expect(splitter.heldBytes()).toBeLessThanOrEqual(profile.maxLineLength + 1);
    }
    const end = splitter.feed(bytes(`${crlf}BLOW${crlf}`));
    expect(end.lines).toEqual(['BLOW']);
    expect(discarded + end.discardedBytes).toBe(1000 * 'RESULT 12 ug/100ml '.length);
  });

  it('is a pure step: feeding the same state twice gives the same result', () => {
    const start = splitLines(emptyLineSplitter(profile), bytes('READ')).state;
    const once = splitLines(start, bytes(`Y${crlf}`));
    const again = splitLines(start, bytes(`Y${crlf}`));
    expect(once.result).toEqual({ lines: ['READY'], discardedBytes: 0 });
    expect(again).toEqual(once);
  });
});

describe('emulation lines', () => {
  it('every line the emulator can send means what it should under the same profile', () => {
    const emulation = profile.emulation;
    if (!emulation?.ready || !emulation.blowing || !emulation.error) throw new Error('kiosk-line-v1 must carry every emulation line');
    const { error } = emulation;
    expect(parseLine(profile, withNmeaXorChecksum(emulation.ready)).kind).toBe('ready');
    expect(parseLine(profile, withNmeaXorChecksum(emulation.blowing)).kind).toBe('blowing');
    expect(parseLine(profile, withNmeaXorChecksum(emulation.result.replace('{result}', '12 ug/100ml'))).kind).toBe('reading');
    for (const code of DeviceErrorCode.options) {
      expect(parseLine(profile, withNmeaXorChecksum(error.replace('{code}', code)))).toMatchObject({ kind: 'deviceError', code });
    }
  });
});

// Fragments of the protocol's own vocabulary make near-miss lines far likelier than pure random bytes.
const vocabulary = ['RESULT', ' ', '12', '0.', '5', '-', 'e3', 'ug/100ml', 'mg/l', 'ug/l', 'g/210l', '%bac', '*', '4', '1', 'F', crlf, '\r', '\n', 'ERROR ', 'NO_SAMPLE', 'READY'];
const noisyBytes = fc
  .array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(...vocabulary).map(bytes)), { maxLength: 30 })
  .map((parts) => Uint8Array.from(Buffer.concat(parts)));
// Mostly figures a breath could give, so the properties see many readings; the rest are above the ceiling.
const validResultBody = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 999_999 })), fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }), fc.constantFrom('ug/100ml', 'mg/l', 'ug/l', 'g/210l', '%bac'))
  .map(([whole, fraction, unit]) => `RESULT ${whole}${fraction === undefined ? '' : `.${fraction}`} ${unit}`);


describe('properties', () => {
  it('random bytes never give a reading unless they hold a valid RESULT line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), noisyBytes), (stream) => {
        const { lines, parsed } = readingsIn([stream]);
        parsed.forEach((meaning, index) => {
          if (meaning.kind === 'reading') expect(isValidResultLine(lines[index] ?? '')).toBe(true);
        });
      }),
      { numRuns: 20_000 },
    );
  });

  it('a stream of valid lines and garbage gives exactly the valid readings, in order', () => {
    const item = fc.oneof(
      validResultBody.map(withNmeaXorChecksum),
      validResultBody,
      noisyBytes.map((noise) => Buffer.from(noise).toString('latin1').replaceAll(crlf, '')),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (items, cuts) => {
        const stream = bytes(items.map((line) => line + crlf).join(''));
        const read = readingsIn(chunked(stream, cuts)).parsed.flatMap((meaning) => (meaning.kind === 'reading' ? [meaning.reading.rawText] : []));
        expect(read).toEqual(items.filter(isValidResultLine));
      }),
      { numRuns: 5_000 },
    );
  });

  it('split points never change the lines, the discards or what they mean', () => {
    fc.assert(
      fc.property(fc.oneof(noisyBytes, fc.uint8Array({ maxLength: 600 })), fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
        const whole = splitLines(emptyLineSplitter(profile), stream);
        let state = emptyLineSplitter(profile);
        const lines: string[] = [];
        let discardedBytes = 0;
        for (const chunk of chunked(stream, cuts)) {
          const step = splitLines(state, chunk);
          state = step.state;
          lines.push(...step.result.lines);
          discardedBytes += step.result.discardedBytes;
          expect(state.held.length).toBeLessThanOrEqual(profile.maxLineLength + profile.terminator.length - 1);
        }
        expect({ lines, discardedBytes }).toEqual(whole.result);
        expect(state).toEqual(whole.state);
        expect(lines.map((line) => parseLine(profile, line))).toEqual(whole.result.lines.map((line) => parseLine(profile, line)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('a wrong checksum always rejects the line', () => {
    fc.assert(
      fc.property(validResultBody, fc.integer({ min: 1, max: 255 }), (body, flip) => {
        const wrong = (Number.parseInt(nmeaXorChecksum(body), 16) ^ flip).toString(16).padStart(2, '0');
        expect(parseLine(profile, `${body}*${wrong}`).kind).toBe('rejected');
        expect(parseLine(profile, withNmeaXorChecksum(body)).kind).toBe(isValidResultLine(body) ? 'reading' : 'deviceError');
      }),
      { numRuns: 5_000 },
    );
  });

  it('no line, however strange, makes the parser throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (line) => {
        expect(() => parseLine(profile, line)).not.toThrow();
      }),
      { numRuns: 5_000 },
    );
  });
});
