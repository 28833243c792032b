/**
 * kiosk.json is refused for anything it does not say exactly: an unknown key at any depth (a
 * misspelt "profle" inside "breathalyser" used to be dropped without a word, leaving the device
 * unconfigured) and a key given twice (JSON.parse keeps the second, the one nobody checked).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfigError, loadKioskConfig } from '../../../main/config/kiosk-config.js';
import { freshDir } from '../../support/temp-dir.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function folderWith(text: string): string {
  const dir = freshDir();
  cleanups.push(dir.remove);
  writeFileSync(join(dir.path, 'kiosk.json'), text);
  return dir.path;
}

function refusalOf(dataDir: string): string {
  try {
    loadKioskConfig(dataDir);
  } catch (error) {
    expect(error).toBeInstanceOf(KioskConfigError);
    return (error as Error).message;
  }
  throw new Error('The config was accepted.');
}

const serial = { kind: 'serial', path: '/dev/ttyUSB0', profile: 'mq3-ascii' };
const clinicConfig = (breathalyser: object) => ({ configVersion: 1, demoData: false, breathalyser, breathResultTimeoutSeconds: 60 });

describe('kiosk.json read strictly', () => {
  it('refuses an unknown key inside each breathalyser variant, naming it', () => {
    const variants: Array<[object, string]> = [
      [{ kind: 'none', path: '/dev/ttyUSB0' }, 'path'],
      [{ ...serial, profle: 'mq3-ascii' }, 'profle'],
      [{ kind: 'usb', vendorId: '1a86', productId: '7523', profile: 'mq3-ascii', baud: 9600 }, 'baud'],
    ];
    for (const [breathalyser, unknown] of variants) {
      expect(refusalOf(folderWith(JSON.stringify(clinicConfig(breathalyser))))).toMatch(new RegExp(`"${unknown}"[\\s\\S]*breathalyser`));
    }
    const demo = folderWith(JSON.stringify({ ...clinicConfig({ kind: 'simulated', resultText: '0 ug/100ml', delaySeconds: 2 }), demoData: true }));
    expect(refusalOf(demo)).toMatch(/"delaySeconds"/);
  });

  it('refuses an unknown key inside "central", naming it', () => {
    const central = { url: 'postgres://k:p@db.example/central', clinicId: 'c1', kioskId: '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4', kioskName: 'Room 1', pollSecs: 5 };
    expect(refusalOf(folderWith(JSON.stringify({ ...clinicConfig({ kind: 'none' }), central })))).toMatch(/"pollSecs"[\s\S]*central/);
  });

  it('refuses a key given twice, at the top or inside, naming the key and its line', () => {
    const twiceAtTop = '{\n  "configVersion": 1,\n  "demoData": false,\n  "breathalyser": { "kind": "none" },\n  "breathResultTimeoutSeconds": 60,\n  "demoData": true\n}\n';
    expect(refusalOf(folderWith(twiceAtTop))).toMatch(/kiosk\.json is not valid JSON: the key "demoData" appears twice: keep one, at line 6/);
    const twiceInside = '{\n  "configVersion": 1,\n  "demoData": false,\n  "breathalyser": {\n    "kind": "serial",\n    "path": "/dev/ttyUSB0",\n' +
      '    "profile": "mq3-ascii",\n    "profile": "alcomate-premium"\n  },\n  "breathResultTimeoutSeconds": 60\n}\n';
    expect(refusalOf(folderWith(twiceInside))).toMatch(/the key "profile" appears twice in "breathalyser": keep one, at line 8/);
  });

  it('still reads a config that says everything once and nothing unknown', () => {
    expect(loadKioskConfig(folderWith(JSON.stringify(clinicConfig(serial)))).breathalyser).toEqual(serial);
  });
});
