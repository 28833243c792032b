/**
 * A clinic's own breathalyser profiles, loaded from `<dataDir>/breathalyser-profiles/*.json` and
 * validated by the same schema as the built-ins: a bad file is named with its problem, a clash
 * with a built-in or another file is refused, and a device's own status texts map to kiosk codes.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLine } from '../../main/devices/breathalyser/line-parser.js';
import { DeviceProfileError, clinicProfilesFolderName, findProfile, loadClinicProfiles, readProfileFile } from '../../main/devices/breathalyser/profiles/clinic-profiles.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { freshDir } from '../support/temp-dir.js';

const example = fileURLToPath(new URL('../fixtures/breathalyser/example-desk-breathalyser.profile.json', import.meta.url));

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function dataDirWith(files: Record<string, string>): { dataDir: string; folder: string } {
  const dir = freshDir();
  cleanups.push(dir.remove);
  const folder = join(dir.path, clinicProfilesFolderName);
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return { dataDir: dir.path, folder };
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('clinic breathalyser profiles', () => {
  it('finds a clinic profile by id next to the built-ins, and none when the folder is missing', () => {
    const { dataDir, folder } = dataDirWith({});
    copyFileSync(example, join(folder, 'desk.json'));
    expect(findProfile(dataDir, 'example-desk-breathalyser')).toMatchObject({ id: 'example-desk-breathalyser', usb: { vendorId: '1a86', productId: '7523' } });
    expect(findProfile(dataDir, 'kiosk-line-v1')).toBe(kioskLineV1);
    const empty = freshDir();
    cleanups.push(empty.remove);
    expect(loadClinicProfiles(empty.path)).toEqual([]);
  });

  it('ignores files that are not .json, such as a README beside the profiles', () => {
    const { dataDir } = dataDirWith({ 'README.txt': 'notes' });
    expect(loadClinicProfiles(dataDir)).toEqual([]);
  });

  it('names the file and each problem when a profile is invalid', () => {
    const { dataDir, folder } = dataDirWith({
      'broken.json': JSON.stringify({ id: 'Broken Device', baudRate: 9600, lineRules: [{ kind: 'result', pattern: 'BAC:\\d+' }] }),
    });
    const error = errorOf(() => findProfile(dataDir, 'broken'));
    expect(error).toBeInstanceOf(DeviceProfileError);
    expect(error.message).toContain(join(folder, 'broken.json'));
    expect(error.message).toMatch(/A profile id is lower-case letters/);
    expect(error.message).toMatch(/A result rule needs a named group "value"/);
    expect(error.message).toMatch(/resultFollowsAcknowledgement/);
  });

  it('names the file when it is not JSON', () => {
    const { dataDir, folder } = dataDirWith({ 'typo.json': '{ "id": "x", }' });
    expect(() => loadClinicProfiles(dataDir)).toThrow(`The breathalyser profile ${join(folder, 'typo.json')} could not be read as JSON`);
  });

  it('refuses a profile that takes a built-in id or the id of another file, rather than choosing one silently', () => {
    const clash = JSON.stringify({ ...kioskLineV1, displayName: 'Ours' });
    expect(() => loadClinicProfiles(dataDirWith({ 'ours.json': clash }).dataDir)).toThrow(/uses the id "kiosk-line-v1" of a built-in profile/);
    const twice = JSON.stringify({ ...kioskLineV1, id: 'desk' });
    expect(() => loadClinicProfiles(dataDirWith({ 'a.json': twice, 'b.json': twice }).dataDir)).toThrow(/a\.json and .*b\.json both use the id "desk"/);
  });

  it('says which ids are known and where to add a missing one', () => {
    const { dataDir, folder } = dataDirWith({});
    expect(() => findProfile(dataDir, 'alcolmeter')).toThrow(
      `No breathalyser profile has the id "alcolmeter". Known: kiosk-line-v1, mq3-ascii. Add ${join(folder, 'alcolmeter.json')} or fix the configuration.`,
    );
  });
});

describe('a device\'s own status texts', () => {
  const desk = readProfileFile(example);

  it.each([
    ['Err 01: No Sample', 'NO_SAMPLE'],
    ['Err 02: Flow Low', 'BLOW_INTERRUPTED'],
    ['Err 05: Battery', 'LOW_BATTERY'],
  ])('%j maps to %s', (line, code) => {
    expect(parseLine(desk, line)).toMatchObject({ kind: 'deviceError', code });
  });

  it('never reach past the mapping into the object prototype', () => {
    const tricky = { ...desk, lineRules: [{ kind: 'status' as const, pattern: 'Err (?<code>\\w+)' }] };
    expect(parseLine(tricky, 'Err constructor').kind).toBe('rejected');
    expect(parseLine(tricky, 'Err toString').kind).toBe('rejected');
  });

  it.each(['Err 04: Unknown', 'Err 99: Whatever'])('%j, in no mapping, is rejected', (line) => {
    expect(parseLine(desk, line).kind).toBe('rejected');
  });
});
