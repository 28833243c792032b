/** What each part of the torture suite hands back: its line of figures, and every loss or fault it found. */
export interface PartResult {
  part: string;
  /** One line of figures, e.g. `kills: 1,000 kills, 18,234 acknowledged steps, 0 lost, ...`. */
  figures: string;
  /** Each a sentence; empty when the part passed. */
  failures: string[];
  /** Said beside the figures: what was skipped or switched on, and why. */
  notes: string[];
}

export type Progress = (line: string) => void;

export function count(value: number): string {
  return value.toLocaleString('en-GB');
}

export function minutesSince(startedAt: number): string {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;
}

/** Keeps the first few failures of a kind word for word and counts the rest, so a broken run still prints readably. */
export class Failures {
  private readonly kept: string[] = [];
  private readonly more = new Map<string, number>();

  constructor(private readonly perKind = 5) {}

  add(kind: string, sentence: string): void {
    const shown = this.kept.filter((line) => line.startsWith(`${kind}:`)).length;
    if (shown < this.perKind) this.kept.push(`${kind}: ${sentence}`);
    else this.more.set(kind, (this.more.get(kind) ?? 0) + 1);
  }

  get size(): number {
    return this.kept.length + [...this.more.values()].reduce((sum, n) => sum + n, 0);
  }

  list(): string[] {
    return [...this.kept, ...[...this.more].map(([kind, n]) => `${kind}: and ${count(n)} more like it`)];
  }
}
