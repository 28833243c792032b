import type { Clock } from '../../main/host/clock.js';

/** A clock the test moves by hand, so a 20-minute observation takes no real time. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2026-11-23T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
