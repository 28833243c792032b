/** Reading the kiosk's ledger file as an auditor would, grouped the way the specs ask about it. */
import { readLedger, type LedgerRow } from '../support/kiosk-data.js';

/** The staff id a display name was enrolled under (the demo clinic's ids are the host's to choose). */
export function staffIdOf(dataDir: string, displayName: string): string {
  const row = readLedger(dataDir).find((r) => r.type === 'staffEnrolled' && JSON.parse(r.payload).displayName === displayName);
  if (!row) throw new Error(`No staffEnrolled event for ${displayName}`);
  return JSON.parse(row.payload).staffId as string;
}

/** Every event of the visits of one service user, in ledger order. */
export function visitEventsOf(dataDir: string, serviceUserId: string): LedgerRow[] {
  const rows = readLedger(dataDir);
  const visitIds = new Set(rows
    .filter((r) => r.type === 'visitStarted' && JSON.parse(r.payload).serviceUserId === serviceUserId)
    .map((r) => r.visit_id));
  return rows.filter((r) => r.visit_id !== null && visitIds.has(r.visit_id));
}

export function payloadOf(row: LedgerRow | undefined): Record<string, unknown> {
  return row ? JSON.parse(row.payload) as Record<string, unknown> : {};
}
