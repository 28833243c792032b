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

/** The kiosk's ledger holds fewer of its own events than central does (cut off, or put back from an older copy). */
export interface LedgerBehindCentral { centralSeq: number; ownSeq: number }

export function ledgerBehindWords(behind: LedgerBehindCentral): string {
  return `This kiosk's ledger ends at its event ${behind.ownSeq}, but the central store holds ${behind.centralSeq} of its events: ` +
    'the ledger was cut off or put back from an older copy. New steps are not recorded here, except an overdose response. ' +
    'Carry on in another room and call your clinic\'s IT support: they rebuild this kiosk from the central store (`npm run kiosk:rebuild`).';
}

export interface KioskSync {
  status(): SyncStatus;
  /** Non-null while the ledger is behind central's mark for this kiosk: the host then records nothing but an overdose response. */
  ledgerBehind(): LedgerBehindCentral | null;
  claimDose(request: DoseClaimRequest): Promise<DoseClaimAnswer>;
  /** Something was written here: push it soon. */
  nudge(): void;
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export function workingAlone(): KioskSync {
  return {
    status: () => ({ mode: 'alone' }),
    ledgerBehind: () => null,
    claimDose: async () => ({ kind: 'alone' }),
    nudge: () => undefined,
    onChange: () => () => undefined,
    close: async () => undefined,
  };
}
