/**
 * A clock that ticks every second between room views, on the host's time. The host's `now` is the
 * only time that counts (the screen's own clock may be wrong); this keeps the difference between
 * the two as each view arrives, so a screen whose clock is minutes out still counts true seconds.
 */
import { useEffect, useState } from 'react';

export function useHostNow(hostNow: string): number {
  const [offsetMs, setOffsetMs] = useState(() => Date.parse(hostNow) - Date.now());
  const [, setTick] = useState(0);
  useEffect(() => { setOffsetMs(Date.parse(hostNow) - Date.now()); }, [hostNow]);
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return Date.now() + offsetMs;
}

/** "4:05", or "1:02:05" past an hour: the way a stopwatch reads, to the second. */
export function stopwatch(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${Math.floor(seconds / 60)}:${pad(s)}`;
}
