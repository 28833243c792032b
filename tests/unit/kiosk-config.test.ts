import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfigError, defaultKioskConfig, loadKioskConfig } from '../../main/config/kiosk-config.js';
import { freshDir } from '../support/temp-dir.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function folderWith(text?: string): string {
  const dir = freshDir();
  cleanups.push(dir.remove);
  if (text !== undefined) writeFileSync(join(dir.path, 'kiosk.json'), text);
  return dir.path;
}

describe('the kiosk configuration file', () => {
  it('is written with the embedded defaults on first start, readable by its owner only', () => {
    const dir = folderWith();
    expect(loadKioskConfig(dir)).toEqual(defaultKioskConfig);
    expect(JSON.parse(readFileSync(join(dir, 'kiosk.json'), 'utf8'))).toEqual(defaultKioskConfig);
    expect(statSync(join(dir, 'kiosk.json')).mode & 0o777).toBe(0o600);
  });

  it('stops the start with the file and the problem named when it is not JSON', () => {
    expect(() => loadKioskConfig(folderWith('{ demoData: yes'))).toThrow(/kiosk\.json is not valid JSON/);
  });

  it('names each field that fails, and refuses fields it does not know', () => {
    const bad = { ...defaultKioskConfig, breathResultTimeoutSeconds: 1, breathalyser: { kind: 'serial', path: '' }, colour: 'blue' };
    const error = (() => { try { loadKioskConfig(folderWith(JSON.stringify(bad))); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(KioskConfigError);
    expect(String(error)).toMatch(/breathResultTimeoutSeconds/);
    expect(String(error)).toMatch(/colour/);
  });

  it('refuses a simulated breathalyser outside a demo clinic: its readings are not measurements', () => {
    const real = { ...defaultKioskConfig, demoData: false };
    expect(() => loadKioskConfig(folderWith(JSON.stringify(real)))).toThrow(/simulated breathalyser is for demonstrations only/);
    expect(loadKioskConfig(folderWith(JSON.stringify({ ...real, breathalyser: { kind: 'none' } }))).demoData).toBe(false);
  });

  it('refuses a shifted clock outside a demo clinic: a kiosk that doses real people runs on the real time', () => {
    const real = { ...defaultKioskConfig, demoData: false, breathalyser: { kind: 'none' }, demoClockShiftMinutes: 120 };
    expect(() => loadKioskConfig(folderWith(JSON.stringify(real)))).toThrow(/shifted clock is for demonstrations only/);
    expect(loadKioskConfig(folderWith(JSON.stringify({ ...defaultKioskConfig, demoClockShiftMinutes: -90 }))).demoClockShiftMinutes).toBe(-90);
  });

  it('takes a central store as setup printed it, with the poll and claim wait defaulted', () => {
    const central = { url: 'postgres://kiosk_ab:secret@db.example:5432/central', clinicId: 'c1', kioskId: '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4', kioskName: 'Injection room 1' };
    const config = loadKioskConfig(folderWith(JSON.stringify({ ...defaultKioskConfig, demoData: false, breathalyser: { kind: 'none' }, central })));
    expect(config.central).toEqual({ ...central, pollSeconds: 15, claimWaitSeconds: 3 });
  });

  it('refuses a central store for a demo kiosk (demo people must never reach a clinic\'s record), and a URL that is not PostgreSQL', () => {
    const central = { url: 'postgres://kiosk_ab:secret@db.example/central', clinicId: 'c1', kioskId: '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4', kioskName: 'Room 1' };
    expect(() => loadKioskConfig(folderWith(JSON.stringify({ ...defaultKioskConfig, central }))))
      .toThrow(/cannot hold demo data: set "demoData": false, or remove "central"/);
    expect(() => loadKioskConfig(folderWith(JSON.stringify({
      ...defaultKioskConfig, demoData: false, breathalyser: { kind: 'none' }, central: { ...central, url: 'https://db.example' },
    })))).toThrow(/postgres:\/\/ \(or postgresql:\/\/\) URL/);
  });

  it('takes a breathalyser found by its USB ids, stored lower-case, and names a bad id', () => {
    const usb = { ...defaultKioskConfig, demoData: false, breathalyser: { kind: 'usb', vendorId: '1A86', productId: '7523', profile: 'mq3-ascii' } };
    expect(loadKioskConfig(folderWith(JSON.stringify(usb))).breathalyser).toEqual({ kind: 'usb', vendorId: '1a86', productId: '7523', profile: 'mq3-ascii' });
    const bad = { ...usb, breathalyser: { ...usb.breathalyser, vendorId: '1a8g' } };
    expect(() => loadKioskConfig(folderWith(JSON.stringify(bad)))).toThrow(/four hexadecimal digits[\s\S]*breathalyser\.vendorId/);
  });
});
