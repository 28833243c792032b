/**
 * The port lifecycle as pure functions: where it looks, when it opens, what staff are shown, and
 * how long it waits before trying a failed or lost device again.
 */
import { describe, expect, it } from 'vitest';
import {
  firstLifecycle,
  nextLifecycle,
  type LifecycleCommand,
  type LifecycleEvent,
  type LifecycleRules,
  type PortLifecycle,
} from '../../../main/devices/breathalyser/port-lifecycle.js';

const backoff = { firstDelayMs: 1000, maxDelayMs: 15_000 };
const atPath: LifecycleRules = { device: { path: '/dev/ttyUSB0' }, discoveryPollMs: 1500, backoff };
const byUsb: LifecycleRules = { device: { usb: { vendorId: '1a86', productId: '7523' } }, discoveryPollMs: 1500, backoff };

function play(rules: LifecycleRules, events: LifecycleEvent[]): { lifecycle: PortLifecycle; commands: LifecycleCommand[][] } {
  const first = firstLifecycle(rules);
  let lifecycle = first.lifecycle;
  const commands = [first.commands];
  for (const event of events) {
    const step = nextLifecycle(rules, lifecycle, event);
    lifecycle = step.lifecycle;
    commands.push(step.commands);
  }
  return { lifecycle, commands };
}

const withoutLogs = (commands: LifecycleCommand[]) => commands.filter((command) => command.do !== 'log');
const waits = (commands: LifecycleCommand[][]) => commands.flat().flatMap((command) => (command.do === 'waitToTryAgain' ? [command.ms] : []));
const lost: LifecycleEvent = { type: 'lost', disconnected: true };
const failed: LifecycleEvent = { type: 'openFailed', reason: 'ENOENT' };
const again: LifecycleEvent = { type: 'timeToTryAgain' };

describe('a device at a fixed path', () => {
  it('is opened at once, shown connecting, then ready', () => {
    const { lifecycle, commands } = play(atPath, [{ type: 'opened' }]);
    expect(commands[0]).toEqual([{ do: 'openPort', path: '/dev/ttyUSB0' }]);
    expect(lifecycle).toEqual({ step: 'open', shown: 'ready', where: '/dev/ttyUSB0', failures: 0 });
  });

  it('that cannot be opened is shown unavailable, and keeps showing it while it is tried again', () => {
    const { lifecycle, commands } = play(atPath, [failed, again]);
    expect(withoutLogs(commands[2] ?? [])).toEqual([{ do: 'openPort', path: '/dev/ttyUSB0' }]);
    expect(lifecycle).toMatchObject({ step: 'opening', shown: 'unavailable' });
    expect(commands[1]).toContainEqual(expect.objectContaining({ do: 'log', level: 'warn', details: { err: 'ENOENT' }, message: 'Breathalyser could not be opened' }));
  });

  it('once lost, it shows "disconnected" through failed attempts until it opens again', () => {
    const { lifecycle } = play(atPath, [{ type: 'opened' }, lost, again, failed, again]);
    expect(lifecycle).toMatchObject({ step: 'opening', shown: 'lost' });
    expect(play(atPath, [{ type: 'opened' }, lost, again, failed, again, { type: 'opened' }]).lifecycle).toMatchObject({ shown: 'ready', failures: 0 });
  });

  it('waits longer after each failure, doubling up to the cap, and starts over once open', () => {
    const { commands } = play(atPath, [{ type: 'opened' }, lost, again, failed, again, failed, again, failed, again, failed, again, failed, again, { type: 'opened' }, lost]);
    expect(waits(commands)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 1000]);
  });
});

describe('a device found by its USB ids', () => {
  it('is looked for in the port list, polled until it appears, and opened where it is found', () => {
    const missing = play(byUsb, [{ type: 'portsListed', ports: [{ path: '/dev/ttyS0' }] }, again]);
    expect(missing.commands[0]).toEqual([{ do: 'listPorts' }]);
    expect(missing.commands[1]).toEqual([{ do: 'waitToTryAgain', ms: 1500 }]);
    expect(missing.commands[2]).toEqual([{ do: 'listPorts' }]);
    expect(missing.lifecycle).toEqual({ step: 'looking', shown: 'discovering', where: 'USB 1a86:7523', failures: 0 });

    // Upper-case, as Windows reports them.
    const found = play(byUsb, [{ type: 'portsListed', ports: [{ path: 'COM4', vendorId: '1A86', productId: '7523' }] }]);
    expect(withoutLogs(found.commands[1] ?? [])).toEqual([{ do: 'openPort', path: 'COM4' }]);
    expect(found.lifecycle).toMatchObject({ step: 'opening', shown: 'opening', where: 'COM4' });
  });

  it('once lost, is looked for again after the backoff, since it may come back at another path', () => {
    const listed: LifecycleEvent = { type: 'portsListed', ports: [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }] };
    const { lifecycle, commands } = play(byUsb, [listed, { type: 'opened' }, lost, again]);
    expect(withoutLogs(commands[3] ?? [])).toEqual([{ do: 'waitToTryAgain', ms: 1000 }]);
    expect(commands[4]).toEqual([{ do: 'listPorts' }]);
    expect(lifecycle).toMatchObject({ step: 'looking', shown: 'discovering' });
  });
});

describe('events that come too late', () => {
  it('a loss, an open or a port list out of turn changes nothing', () => {
    const opening = play(atPath, []).lifecycle;
    expect(nextLifecycle(atPath, opening, lost)).toEqual({ lifecycle: opening, commands: [] });
    expect(nextLifecycle(atPath, opening, { type: 'portsListed', ports: [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }] })).toEqual({ lifecycle: opening, commands: [] });
    const open = play(atPath, [{ type: 'opened' }]).lifecycle;
    expect(nextLifecycle(atPath, open, { type: 'opened' })).toEqual({ lifecycle: open, commands: [] });
    expect(nextLifecycle(atPath, open, failed)).toEqual({ lifecycle: open, commands: [] });
    expect(nextLifecycle(atPath, open, again)).toEqual({ lifecycle: open, commands: [] });
  });

  it('once closing, nothing is opened, listed or waited for again', () => {
    const { lifecycle, commands } = play(byUsb, [{ type: 'closing' }, again, { type: 'portsListed', ports: [{ path: 'COM4', vendorId: '1a86', productId: '7523' }] }, { type: 'opened' }]);
    expect(commands.slice(1)).toEqual([[], [], [], []]);
    expect(lifecycle.step).toBe('closed');
  });
});
