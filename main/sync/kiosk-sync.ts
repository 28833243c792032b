/**
 * What the host asks of sync: its state for the screen, a dose claim before administration, and a
 * nudge after each write. A kiosk with no central store configured works alone and says so.
 */
import type { OtherDoseClaim } from '../../shared/ledger/sync-events.js';

export type SyncStatus =
  | { mode: 'alone' }
  | { mode: 'central'; kioskName: string; online: boolean; eventsWaiting: number; lastSuccessAt: string | null; lastError: string | null };

export interface DoseClaimRequest {
  /** The id the doseAdministered event will be written with. */
  eventId: string;
  serviceUserId: string;
  clinicDay: string;
  /** The session's stable id (its window's id as recorded on the day), never its place in the list. */
  sessionId: string;
  /**
   * The session's window on that clinic day in the clinic's zone, as ISO instants: central refuses
   * a second claim for the person whose window overlaps this one, whatever its id.
   */
  sessionOpensAt: string;
  sessionClosesAt: string;
  actorStaffId: string;
  witnessStaffId: string | null;
}

export type DoseClaimAnswer =
  | { kind: 'alone' }
  /** Record the dose with this event id (a claim of this kiosk's own whose dose was never written keeps its id). */
  | { kind: 'claimed'; eventId: string }
  | { kind: 'offline'; why: string }
  | { kind: 'alreadyClaimed'; other: OtherDoseClaim };

export interface KioskSync {
  status(): SyncStatus;
  claimDose(request: DoseClaimRequest): Promise<DoseClaimAnswer>;
  /** Something was written here: push it soon. */
  nudge(): void;
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export function workingAlone(): KioskSync {
  return {
    status: () => ({ mode: 'alone' }),
    claimDose: async () => ({ kind: 'alone' }),
    nudge: () => undefined,
    onChange: () => () => undefined,
    close: async () => undefined,
  };
}
