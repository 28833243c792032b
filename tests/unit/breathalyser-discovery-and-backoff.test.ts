/**
 * The pure parts of the breathalyser lifecycle: finding a port by USB ids in a port list, and the
 * delay before trying a lost device again.
 */
import { describe, expect, it } from 'vitest';
import { portMatching } from '../../main/devices/breathalyser/discovery/usb-port-discovery.js';
import { reconnectDelayMs } from '../../shared/retry/reconnect-backoff.js';

describe('finding a breathalyser by its USB ids', () => {
  const ports = [
    { path: '/dev/ttyS0' },
    { path: '/dev/ttyACM0', vendorId: '2341', productId: '0043' },
    { path: 'COM4', vendorId: '1A86', productId: '7523' },
  ];

  it('compares ids lower-cased, since Windows reports them upper-case', () => {
    expect(portMatching(ports, { vendorId: '1a86', productId: '7523' })?.path).toBe('COM4');
    expect(portMatching(ports, { vendorId: '2341', productId: '0043' })?.path).toBe('/dev/ttyACM0');
  });

  it('needs both ids to match, and ignores ports without ids', () => {
    expect(portMatching(ports, { vendorId: '1a86', productId: '0043' })).toBeUndefined();
    expect(portMatching([{ path: '/dev/ttyS0' }], { vendorId: '0000', productId: '0000' })).toBeUndefined();
  });
});

describe('reconnect backoff', () => {
  it('doubles from the first delay up to the cap', () => {
    const settings = { firstDelayMs: 1000, maxDelayMs: 15_000 };
    expect([1, 2, 3, 4, 5, 6, 100, 10_000].map((failures) => reconnectDelayMs(settings, failures))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });

  it('never waits less than the first delay, even before any failure is counted', () => {
    expect(reconnectDelayMs({ firstDelayMs: 100, maxDelayMs: 400 }, 0)).toBe(100);
  });
});
