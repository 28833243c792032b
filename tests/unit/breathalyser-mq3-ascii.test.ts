/**
 * The mq3-ascii built-in profile: the `BAC:<value>` lines common MQ-3 sketches print, read as %BAC
 * at the 2000:1 ratio those sketches assume, normalised to micrograms per 100 mL of breath with the
 * raw text, unit and ratio kept. The sketch has no start command, status codes or checksum.
 */
import { describe, expect, it } from 'vitest';
import { DeviceProfile, acknowledgesStart } from '../../main/devices/breathalyser/device-profile.js';
import { parseLine } from '../../main/devices/breathalyser/line-parser.js';
import { createLineSplitter } from '../../main/devices/breathalyser/line-splitter.js';
import { builtInProfile } from '../../main/devices/breathalyser/profiles/built-in-profiles.js';
import { mq3Ascii } from '../../main/devices/breathalyser/profiles/mq3-ascii.js';

describe('mq3-ascii profile', () => {
  it('is valid data: 9600 8N1, CR LF, no start command so no acknowledgement, %BAC at 2000:1, screening only', () => {
    expect(DeviceProfile.parse(mq3Ascii)).toEqual(mq3Ascii);
    expect(mq3Ascii).toMatchObject({
      baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: '\r\n', startCommand: null, abortCommand: null,
      resultFollowsAcknowledgement: false, checksum: 'none', defaultUnit: '%bac', bloodBreathRatio: 2000, screeningOnly: true,
    });
    expect(acknowledgesStart(mq3Ascii)).toBe(false);
    expect(builtInProfile('mq3-ascii')).toBe(mq3Ascii);
  });

  it('can be spoken by the emulator: its result line reads back under the profile', () => {
    const line = mq3Ascii.emulation?.result.replace('{result}', '0.02') ?? '';
    expect(parseLine(mq3Ascii, line)).toMatchObject({ kind: 'reading', reading: { rawValue: 0.02 } });
  });
});

describe('mq3-ascii: readings normalised to micrograms per 100 mL of breath', () => {
  it.each<[string, number, number]>([
    ['BAC:0.00', 0, 0],
    ['BAC:0', 0, 0],
    ['BAC:0.02', 0.02, 10],
    ['BAC: 0.02', 0.02, 10],
    ['BAC:0.05', 0.05, 25],
    ['BAC:0.08', 0.08, 40],
    ['BAC:0.1234', 0.1234, 61.7],
    ['BAC:0.4', 0.4, 200],
  ])('%j', (line, rawValue, micrograms) => {
    expect(parseLine(mq3Ascii, line)).toEqual({
      kind: 'reading',
      reading: {
        microgramsPer100mlBreath: micrograms, rawText: line, rawValue, rawUnit: '%bac', bloodBreathRatio: 2000, deviceProfile: 'mq3-ascii', simulated: false,
      },
    });
  });
});

describe('mq3-ascii: anything else is rejected, never read', () => {
  it.each([
    '', 'BAC:', 'BAC:--0.02', 'BAC:0.02%', 'BAC:10.0', 'BAC:0.12345', 'BAC:1e-2', 'BAC:0x1', 'BAC:NaN', 'bac:0.02', 'BAC :0.02',
    'BAC:  0.02', ' BAC:0.02', 'BAC:0.02 ', 'BAC:.02', 'BAC:0,02', 'BAC:0.02BAC:0.03', 'BAC:0.02*41', 'Sensor: 512',
    'Warming up...', 'READY', 'RESULT 12 ug/100ml', 'ERROR NO_SAMPLE', '\u0000BAC:0.02', 'BAC:0.02\r',
  ])('%j', (line) => {
    expect(parseLine(mq3Ascii, line).kind).toBe('rejected');
  });

  it('has no status codes: a kiosk-line error line means nothing to it', () => {
    expect(parseLine(mq3Ascii, 'ERROR SENSOR_FAULT').kind).toBe('rejected');
  });

  it('rejects a line longer than 64 bytes, which the splitter never even delivers', () => {
    const long = `BAC:0.02${' '.repeat(60)}`;
    expect(parseLine(mq3Ascii, long).kind).toBe('rejected');
    expect(createLineSplitter(mq3Ascii).feed(Buffer.from(`${long}\r\nBAC:0.03\r\n`, 'latin1'))).toEqual({ lines: ['BAC:0.03'], discardedBytes: long.length });
  });
});

describe('mq3-ascii: a figure no breath could give is a device fault, never a reading', () => {
  // One digit of %BAC lets a sketch print up to 9.9999; above 1.5 % nobody is alive to blow.
  it.each(['BAC:1.6', 'BAC:9.9999', 'BAC:-0.02', 'BAC: -1'])('%j', (line) => {
    expect(parseLine(mq3Ascii, line)).toMatchObject({ kind: 'deviceError', code: 'SENSOR_FAULT', message: expect.stringMatching(/^The breathalyser reported -?[\d.]+ %bac, /) });
  });

  it('takes 1.5 %BAC, the ceiling, as a reading (750 ug/100mL at the sketch\'s 2000:1)', () => {
    expect(parseLine(mq3Ascii, 'BAC:1.5')).toMatchObject({ kind: 'reading', reading: { rawValue: 1.5, microgramsPer100mlBreath: 750 } });
  });
});

describe('mq3-ascii: a sketch printing in its loop, split as a USB-serial adapter delivers it', () => {
  it('gives one reading per complete line and none from the half line at the end', () => {
    const splitter = createLineSplitter(mq3Ascii);
    const lines = ['BAC:0.0', '2\r\nBAC:0.03\r', '\nBAC:0.0', '4\r\nBA'].flatMap((chunk) => splitter.feed(Buffer.from(chunk, 'latin1')).lines);
    expect(lines.map((line) => parseLine(mq3Ascii, line))).toMatchObject([
      { kind: 'reading', reading: { rawValue: 0.02 } },
      { kind: 'reading', reading: { rawValue: 0.03 } },
      { kind: 'reading', reading: { rawValue: 0.04 } },
    ]);
  });
});
