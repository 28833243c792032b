/**
 * The torture suite (tests/torture) at a small setting, inside `npm test`: each part runs for real
 * (real hosts killed, a real PostgreSQL behind the fault proxy, real ptys, a real tmpfs when root)
 * at a size that fits a few minutes on two busy cores. `npm run torture` runs them at full size.
 */
import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { tortureClaims } from './claims.js';
import { tortureDisk } from './disk.js';
import { tortureKills } from './kills.js';
import { tortureParser } from './parser.js';
import type { PartResult } from './part-result.js';
import { tortureSync } from './sync.js';

const seed = 14;
const progress = (line: string) => console.log(line);

function passed(result: PartResult): void {
  console.log([result.figures, ...result.notes.map((note) => `  note: ${note}`)].join('\n'));
  expect(result.failures).toEqual([]);
}

describe('torture suite, small setting', () => {
  it('kills: 12 SIGKILLs of a real host under three screens lose no acknowledged step', { timeout: 120_000 }, async () => {
    passed(await tortureKills({ kills: 12, rng: new Random(seed).fork('kills'), progress, longestWaitMs: 1_000 }));
  });

  // Each event a stock receipt signed with both PINs (two argon2 verifications).
  it('sync: 3,000 events through the fault proxy arrive exactly, both ways', { timeout: 300_000 }, async () => {
    passed(await tortureSync({ events: 3_000, rng: new Random(seed).fork('sync'), progress }));
  });

  it('claims: 20 interleavings of two rooms dosing one person give one dose, or an incident in both rooms', { timeout: 120_000 }, async () => {
    passed(await tortureClaims({ claims: 20, rng: new Random(seed).fork('claims'), progress, perClinic: 10 }));
  });

  it('parser: 50,000 generated inputs and 20 tests on a pty: no malformed or implausible line becomes a reading', { timeout: 60_000 }, async () => {
    passed(await tortureParser({ inputs: 50_000, rng: new Random(seed).fork('parser'), progress, ptyTests: 10 }));
  });

  it('disk: 2 fills of a tmpfs data folder, and a full disk at start', { timeout: 120_000 }, async () => {
    passed(await tortureDisk({ fills: 2, rng: new Random(seed).fork('disk'), progress }));
  });
});
