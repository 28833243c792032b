/**
 * A demo kiosk started for the first time when the clinic is closed: its clock starts inside the
 * next session, so a visitor can check someone in at any hour, the screen says it runs on a demo
 * clock, and the shift is kept so the demo's time never runs backwards. The rules are unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoClockShiftMinutesAt } from '../../../main/demo/demo-clock.js';
import type { Host } from '../../../main/host/host.js';
import { silentLogger } from '../../../main/host/logger.js';
import { openKioskHost } from '../../../main/host/open-kiosk-host.js';
import { accepted, as, demo, signIn } from '../../support/host-session.js';
import { ManualClock } from '../../support/manual-clock.js';
import { freshDir } from '../../support/temp-dir.js';
import { people } from '../../support/test-kiosk.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function firstStartAt(instant: string): Promise<{ host: Host; dataDir: string; said: string }> {
  const dir = freshDir();
  const said = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const host = await openKioskHost({ dataDir: dir.path, clock: new ManualClock(instant), logger: silentLogger() });
  cleanups.push(dir.remove, () => host.close());
  return { host, dataDir: dir.path, said: said.mock.calls.map(([words]) => String(words)).join('\n') };
}

const kioskJson = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, 'kiosk.json'), 'utf8')) as Record<string, unknown>;

describe('the demo clock at a first start', () => {
  it('at 01:35 starts the demo inside the morning session, says so, and a service user can be checked in', async () => {
    const { host, dataDir, said } = await firstStartAt('2026-11-24T01:35:00Z');
    expect(host.room().session).toBe('Morning session, until 12:30');
    expect(host.room().kiosk.demoClock).toBe(true);
    expect(said).toContain('Demo clock: no session was open, so this demo kiosk runs 6 h 55 min ahead of the real time');
    expect(kioskJson(dataDir)['demoClockShiftMinutes']).toBe(415);
    const nurse = await signIn(host, demo.nurse);
    expect(accepted(await as(host, nurse)({ type: 'startVisit', serviceUserId: people.dee }))).toEqual(expect.any(String));
  });

  it('leaves the clock alone when a session is open, and the screen shows no demo clock', async () => {
    const { host, dataDir } = await firstStartAt('2026-11-24T10:00:00Z');
    expect(host.room().kiosk.demoClock).toBe(false);
    expect(kioskJson(dataDir)).not.toHaveProperty('demoClockShiftMinutes');
  });

  it('moves only forward, to the next opening: after the afternoon closes, the next morning; across the spring clock change too', () => {
    // 19:00 GMT: tomorrow's 08:30 is 13 h 30 min away.
    expect(demoClockShiftMinutesAt(new Date('2026-11-24T19:00:00Z'))).toBe(13 * 60 + 30);
    expect(demoClockShiftMinutesAt(new Date('2026-11-24T12:00:00Z'))).toBe(0);
    // 07:00 BST on the first day of summer time is 06:00 UTC: 08:30 BST is 07:30 UTC.
    expect(demoClockShiftMinutesAt(new Date('2026-03-29T06:00:00Z'))).toBe(90);
  });
});
