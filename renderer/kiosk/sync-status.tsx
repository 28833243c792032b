/**
 * Sync with the clinic's central store, as the host reports it, always in the top bar. Offline is
 * amber, not red: the kiosk keeps dosing offline by design and sends its events when central is
 * back, so staff need to know, not to stop. Owns: the words and the look. Must not touch: when to
 * sync or what counts as offline (the host says).
 */
import type { SyncView } from '../../shared/contract/index.js';
import { clockTime } from '../../shared/clinic-time/clinic-time-text.js';

type Standing = 'alone' | 'synced' | 'offline';

function events(count: number): string {
  return count === 1 ? '1 event' : `${count} events`;
}

function lastSync(lastSuccessAt: string | null, timeZone: string): string {
  return lastSuccessAt === null ? 'never synced' : `last sync ${clockTime(lastSuccessAt, timeZone)}`;
}

/** The chip's lines: the headline first, then the details that go under it. */
export function syncWords(sync: SyncView, timeZone: string): { standing: Standing; headline: string; details: string[] } {
  if (sync.mode === 'alone') {
    return { standing: 'alone', headline: 'Working alone — no central store configured', details: [] };
  }
  const when = lastSync(sync.lastSuccessAt, timeZone);
  if (sync.online) {
    const waiting = sync.eventsWaiting > 0 ? [`${sync.eventsWaiting} waiting`] : [];
    return { standing: 'synced', headline: 'Synced', details: [...waiting, when] };
  }
  return {
    standing: 'offline',
    headline: `Offline — ${events(sync.eventsWaiting)} waiting to sync`,
    details: [...(sync.lastError ? [sync.lastError] : []), when],
  };
}

export function SyncStatus({ sync, timeZone }: { sync: SyncView; timeZone: string }) {
  const { standing, headline, details } = syncWords(sync, timeZone);
  const label = `Central store: ${[headline, ...details].join('. ')}`;
  return (
    <p className={`sync-status sync-${standing}`} data-testid="sync-status" data-sync-standing={standing}
      role="status" aria-label={label}>
      <span className="sync-headline">{headline}</span>
      {details.map((detail) => <span key={detail} className="sync-detail">{detail}</span>)}
    </p>
  );
}
