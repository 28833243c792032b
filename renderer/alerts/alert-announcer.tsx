/**
 * Sounds and announces each new alert on every screen of the room, the locked one included: staff
 * watch people for up to an hour, not the screen. The sound is the site's (`alertSounds` in the
 * room view, 'off' silences one event); the words go to a live region for screen readers. Each
 * alert played is also counted on `document.body.dataset.lastAlert`, so a test can see it fired.
 * Must not touch: what is overdue or a red flag; the host says.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoomView, VisitAlertStates } from '../../shared/contract/index.js';
import { playAlertSound, unlockSoundOnFirstTouch } from './alert-sounds.js';
import { alertWords, newAlerts, statesByVisit, visitAlertsIn } from './new-alerts.js';

export function AlertAnnouncer({ room, locked }: { room: RoomView; locked: boolean }) {
  const seen = useRef<Map<string, VisitAlertStates> | null>(null);
  const played = useRef(0);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => { unlockSoundOnFirstTouch(); }, []);
  useEffect(() => {
    const now = visitAlertsIn(room, locked);
    const fresh = newAlerts(seen.current, now);
    // Kept through a lock and an unlock alike: the visit ids are the same on both views.
    seen.current = new Map([...(seen.current ?? []), ...statesByVisit(now)]);
    if (fresh.length === 0) return;
    for (const alert of fresh) {
      const sound = room.alertSounds[alert.event];
      if (sound === 'off') continue;
      playAlertSound(sound);
      played.current += 1;
      document.body.dataset.lastAlert = `${alert.event}:${sound}:${played.current}`;
    }
    setAnnouncement(fresh.map((alert) => `${alertWords[alert.event]}: ${alert.label}`).join('. '));
  }, [room, locked]);
  return <p className="visually-hidden" role="status" aria-live="assertive" aria-label="Alerts">{announcement}</p>;
}
