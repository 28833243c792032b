/**
 * The per-kiosk hash chain: each event's hash covers its canonical bytes (RFC 8785 JSON) and the
 * previous event's hash, so an edit, deletion or reordering behind the kiosk's back shows up as a
 * broken link when the chain is verified.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { LedgerEvent } from '../../shared/ledger/ledger-event.js';

export type UnhashedEvent = Omit<LedgerEvent, 'hash'>;

export function hashEvent(event: UnhashedEvent): string {
  const canonical = canonicalize(event);
  if (canonical === undefined) throw new Error('An event could not be put in canonical form.');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
