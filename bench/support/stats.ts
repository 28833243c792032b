/** Summaries of timed samples, and the seeded random numbers every figure draws from. */

export interface Summary {
  samples: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  /** The median of each run alone: how far apart they are says whether the figure reproduces. */
  runMedians: number[];
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('No samples to summarise.');
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('No samples to summarise.');
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Pools every run's samples for the percentiles, and keeps each run's own median beside them. */
export function summarise(runs: readonly (readonly number[])[]): Summary {
  const all = runs.flat().sort((a, b) => a - b);
  return {
    samples: all.length,
    median: median(all),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    min: all[0] as number,
    max: all.at(-1) as number,
    runMedians: runs.map((run) => median(run)),
  };
}

/** mulberry32: small, fast and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** High-resolution wall-clock milliseconds, comparable with a page's `performance.timeOrigin + performance.now()`. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
