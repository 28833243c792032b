/**
 * A log that loses lines (its disk is the ledger's) is said on the room's screen, in the words the
 * log gives, while it lasts; and once it writes again the alert is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/host/clock.js';
import type { LogHealth } from '../../../main/host/logger.js';
import { silentLogger } from '../../../main/host/logger.js';
import { openKioskHost } from '../../../main/host/open-kiosk-host.js';
import { writeKioskConfig } from '../../support/kiosk-data.js';
import { freshDir } from '../../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup(); });

describe('the kiosk log on the room screen', () => {
  it('shows the log\'s words while lines are lost, and nothing once it writes again', async () => {
    const dir = freshDir();
    cleanups.push(dir.remove);
    writeKioskConfig(dir.path);
    const words = `The disk holding ${dir.path} is full: the kiosk's log has lost 12 lines, and the ledger on the same disk will soon refuse new records. Free space on that disk now.`;
    let health: LogHealth = { state: 'dropping', file: `${dir.path}/kiosk.log`, folder: dir.path, code: 'ENOSPC', droppedLines: 12, since: new Date().toISOString(), words };
    const host = await openKioskHost({ dataDir: dir.path, clock: systemClock, logger: silentLogger(), logHealth: () => health });
    cleanups.push(() => host.close());
    expect(host.room().alerts).toContain(words);
    health = { state: 'writing', file: `${dir.path}/kiosk.log` };
    expect(host.room().alerts).not.toContain(words);
  });
});
