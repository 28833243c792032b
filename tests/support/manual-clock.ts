import type { Clock } from '../../main/host/clock.js';

/** A clock the test moves by hand, so a 20-minute observation takes no real time. */
export class ManualClock implements Clock {
  private current: number;

  // 10:00 on a November Monday in London: inside the demo clinic's morning session.
  constructor(start: string | Date = '2026-11-23T10:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
