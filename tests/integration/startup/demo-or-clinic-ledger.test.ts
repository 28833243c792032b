/**
 * Only an empty data folder becomes a demo kiosk; a kiosk.json must fit the ledger beside it.
 * A missing kiosk.json used to turn a clinic's kiosk into a demo one without a word (demo
 * defaults, demo people loaded into an empty clinic ledger); each of those is refused here, on a
 * real host and its real files, with nothing added to the ledger.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultKioskConfig } from '../../../main/config/kiosk-config.js';
import { silentLogger } from '../../../main/host/logger.js';
import { openKioskHost } from '../../../main/host/open-kiosk-host.js';
import { readLedger, writeKioskConfig } from '../../support/kiosk-data.js';
import { ManualClock } from '../../support/manual-clock.js';
import { freshDir } from '../../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dir = freshDir('kiosk-purpose-');
  cleanups.push(dir.remove);
  return dir.path;
}

const clinicConfig = { demoData: false, breathalyser: { kind: 'none' } } as const;

async function startAndStop(dataDir: string): Promise<void> {
  const host = await openKioskHost({ dataDir, clock: new ManualClock(), logger: silentLogger() });
  await host.close();
}

const open = (dataDir: string) => openKioskHost({ dataDir, clock: new ManualClock(), logger: silentLogger() });

describe('a kiosk\'s first start and its kiosk.json', () => {
  it('makes an empty folder a demo kiosk, says so on stdout, and writes the demo defaults privately', async () => {
    const dir = folder();
    const said = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await startAndStop(dir);
    expect(said.mock.calls.map(([words]) => String(words)).join('\n')).toContain(`First start: ${dir} is set up as a demo kiosk`);
    expect(JSON.parse(readFileSync(join(dir, 'kiosk.json'), 'utf8'))).toEqual(defaultKioskConfig);
    expect(statSync(join(dir, 'kiosk.json')).mode & 0o777).toBe(0o600);
    expect(readLedger(dir).some((row) => row.type === 'clinicRegistered')).toBe(true);
  });

  it('refuses to start on defaults when kiosk.json is missing next to the ledger, and writes none', async () => {
    const dir = folder();
    writeKioskConfig(dir, clinicConfig);
    await startAndStop(dir);
    const before = readLedger(dir).length;
    rmSync(join(dir, 'kiosk.json'));
    await expect(open(dir)).rejects.toThrow(`${dir}/kiosk.json is missing, but ${dir} holds this kiosk's ledger. ` +
      'A kiosk never starts on demo defaults next to real records: restore kiosk.json from the kiosk\'s backup, ' +
      `or write it with \`npm run kiosk:setup -- --data-dir ${dir}`);
    expect(existsSync(join(dir, 'kiosk.json'))).toBe(false);
    expect(readLedger(dir)).toHaveLength(before);
  });

  it('refuses the same when only the ledger\'s key is left (the ledger itself lost): that folder is a real kiosk\'s', async () => {
    const dir = folder();
    writeKioskConfig(dir, clinicConfig);
    await startAndStop(dir);
    for (const name of ['kiosk.json', 'kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm']) rmSync(join(dir, name), { force: true });
    await expect(open(dir)).rejects.toThrow(/kiosk\.json is missing, but .* holds this kiosk's ledger/);
  });

  it('refuses demo data on a clinic\'s ledger, even an empty one, and loads none into it', async () => {
    const dir = folder();
    writeKioskConfig(dir, clinicConfig);
    await startAndStop(dir);
    writeKioskConfig(dir, { breathalyser: { kind: 'none' } });
    await expect(open(dir)).rejects.toThrow(/says "demoData": true, but .*kiosk\.db is a clinic's ledger/);
    expect(readLedger(dir)).toEqual([]);
  });

  it('refuses a clinic\'s config on a demo ledger: demo people must never reach a clinic\'s record', async () => {
    const dir = folder();
    writeKioskConfig(dir, { breathalyser: { kind: 'none' } });
    await startAndStop(dir);
    writeKioskConfig(dir, clinicConfig);
    await expect(open(dir)).rejects.toThrow(/says "demoData": false, but .*kiosk\.db is a demo ledger \(it holds the demo clinic\)/);
  });

  it('starts again as it was made when its kiosk.json still fits', async () => {
    const dir = folder();
    writeKioskConfig(dir, clinicConfig);
    await startAndStop(dir);
    await startAndStop(dir);
    expect(readLedger(dir).some((row) => row.type === 'clinicRegistered')).toBe(false);
  });
});
