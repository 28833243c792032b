/**
 * The line-ending check inside the driver, over an in-memory cable and with a short check time:
 * the words appear once unterminated bytes show another ending, and go as soon as the profile's
 * own ending arrives on the same connection, with no reconnect needed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openBreathalyser } from '../../../main/devices/breathalyser/breathalyser-adapter.js';
import { withNmeaXorChecksum } from '../../../main/devices/breathalyser/line-checksum.js';
import { kioskLineV1 } from '../../../main/devices/breathalyser/profiles/kiosk-line-v1.js';
import { createInMemoryCable } from '../../../main/devices/breathalyser/transport/in-memory-transport.js';
import { nextOutcome, untilStatus } from '../../support/breathalyser-waits.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function kioskWithDevice() {
  const cable = createInMemoryCable('memory:desk');
  const port = await cable.openDeviceEnd({ received: () => undefined, lost: () => undefined });
  const kiosk = openBreathalyser({
    transport: cable.kioskTransport, path: cable.kioskPath, profile: kioskLineV1, simulated: false, resultTimeoutMs: 10_000, lineEndingCheckMs: 200,
  });
  cleanups.push(() => kiosk.close());
  await untilStatus(kiosk, 'ready');
  const send = (text: string): Promise<void> => port.write(Buffer.from(text, 'latin1'));
  return { kiosk, send };
}

describe('line ending check in the driver', () => {
  it('shows the mismatch, then clears it when a line ends in the profile\'s CR LF', async () => {
    const { kiosk, send } = await kioskWithDevice();
    await send(`${withNmeaXorChecksum('READY')}\n`);
    const shown = await untilStatus(kiosk, 'stalled', 2_000);
    expect(shown.words).toBe(
      "The breathalyser's line ending does not match its profile: it sends LF, the profile expects CRLF. " +
      'Set the device to end lines with CRLF, or ask support to correct its profile; until then enter a reading taken on another device by hand.');
    await send(`${withNmeaXorChecksum('READY')}\r\n`);
    expect(await untilStatus(kiosk, 'ready', 2_000)).toMatchObject({ words: 'The breathalyser is ready.' });
  });

  it('a test started on a device already known to mismatch fails on the device\'s next bytes, not at the result time', async () => {
    const { kiosk, send } = await kioskWithDevice();
    await send('READY*4B\rBLOW*16\r');
    await untilStatus(kiosk, 'stalled', 2_000);
    const outcome = nextOutcome(kiosk, 3_000);
    expect(kiosk.startTest('visit-1')).toEqual({ ok: true });
    expect(kiosk.state()).toMatchObject({ status: 'awaitingResult', busyWithVisitId: 'visit-1' });
    await send('READY*4B\r');
    expect(await outcome).toMatchObject({ kind: 'error', visitId: 'visit-1', code: 'TIMEOUT', message: expect.stringContaining('it sends CR, the profile expects CRLF') });
  });

  it('says how many bytes came without any ending when none came at all', async () => {
    const { kiosk, send } = await kioskWithDevice();
    await send('R'.repeat(200));
    expect((await untilStatus(kiosk, 'stalled', 2_000)).words).toContain('it sent 200 bytes without one, the profile expects CRLF');
  });
});
