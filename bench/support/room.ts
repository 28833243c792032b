import type { Host } from '../../main/host/host.js';
import type { RoomView } from '../../shared/contract/index.js';

/** Resolves with the first room view, current or pushed later, that satisfies the predicate. */
export function roomWhere(host: Host, predicate: (room: RoomView) => boolean, timeoutMs = 15_000): Promise<RoomView> {
  const now = host.room();
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('The room never showed what the bench was waiting for.'));
    }, timeoutMs);
    const stop = host.onRoom((room) => {
      if (!predicate(room)) return;
      clearTimeout(timer);
      stop();
      resolve(room);
    });
  });
}
