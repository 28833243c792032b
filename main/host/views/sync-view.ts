/**
 * The sync state as the top bar shows it: working alone, or synced / offline with events waiting,
 * the last sync and the last error in words.
 */
import type { SyncView } from '../../../shared/contract/index.js';
import type { SyncStatus } from '../../sync/kiosk-sync.js';

export function syncView(status: SyncStatus): SyncView {
  if (status.mode === 'alone') return { mode: 'alone' };
  const { online, eventsWaiting, lastSuccessAt, lastError } = status;
  return { mode: 'central', online, eventsWaiting, lastSuccessAt, lastError };
}
