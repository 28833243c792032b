/**
 * The idle lock: after the host's idle time with no touch or key, the screen asks the host to lock
 * (everyone signed out; the host then sends only a locked room with counts and the Overdose
 * buttons), and stops drawing the room at once rather than wait for the answer. Owns: noticing
 * idleness. Must not touch: what a locked screen may show (the host decides and sends it).
 */
import { useCallback, useEffect, useState } from 'react';
import type { RoomView } from '../../shared/contract/index.js';
import { useHost } from '../carrier/use-host.js';

const activity = ['pointerdown', 'keydown', 'wheel'] as const;

/** Whether this screen is locked (by the host, or by its own timer while the host's answer is on its way), and a way to clear the latter. */
export function useIdleLock(room: RoomView | null): { locked: boolean; signedInAgain: () => void } {
  const { request } = useHost();
  const [idle, setIdle] = useState(false);
  const seconds = room?.idleLockSeconds ?? null;
  const hostLocked = room !== null && room.locked !== null;

  useEffect(() => {
    // Once the host has locked, its view governs; a sign-in unlocks it.
    if (hostLocked) setIdle(false);
  }, [hostLocked]);

  useEffect(() => {
    if (seconds === null || hostLocked || idle) return undefined;
    const lock = () => {
      setIdle(true);
      request({ type: 'lockScreen' }, null).catch(() => undefined);
    };
    let timer = window.setTimeout(lock, seconds * 1000);
    const touched = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, seconds * 1000);
    };
    for (const type of activity) document.addEventListener(type, touched, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of activity) document.removeEventListener(type, touched, { capture: true });
    };
  }, [seconds, hostLocked, idle, request]);

  const signedInAgain = useCallback(() => setIdle(false), []);
  return { locked: hostLocked || idle, signedInAgain };
}
