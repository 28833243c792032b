/**
 * What a test screen connected to a browser shell keeps of the host's messages: each frame read
 * and validated as the renderer reads it, and the latest room view, with a wait for the first one
 * that matches.
 */
import type { RawData } from 'ws';
import { frameText } from '../../main/shells/browser/browser-shell.js';
import { FromHost, type RoomView } from '../../shared/contract/index.js';

export function hostMessage(data: RawData): FromHost {
  return FromHost.parse(JSON.parse(frameText(data)));
}

export class LatestRoom {
  private latest: RoomView | null = null;
  private readonly waiters = new Set<() => void>();

  /** A message arrived: wake whoever is waiting, on a room view or a reply alike. */
  saw(room: RoomView | null): void {
    if (room) this.latest = room;
    for (const wake of this.waiters) wake();
  }

  /** Resolves with the first room view (the latest, or one pushed later) that satisfies the predicate. */
  until(predicate: (room: RoomView) => boolean, timeoutMs: number): Promise<RoomView> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.latest && predicate(this.latest)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(this.latest);
        }
      };
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error('No room view matched in time')); }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
