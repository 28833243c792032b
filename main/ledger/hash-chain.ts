/**
 * The per-kiosk hash chain, made and checked here and nowhere else: each event's hash covers its
 * canonical bytes (RFC 8785 JSON), which include its number and the previous event's hash, so an
 * edit, deletion or reordering behind the kiosk's back shows up as a broken link.
 *
 * Used by the local append and the import of pulled events (ledger.ts), `ledger:verify`
 * (verify-chain.ts) and the events central setup writes (main/central/registration.ts). Central
 * also checks each arriving event's number and link in SQL (central migration 0004,
 * `central.check_chain`): PostgreSQL cannot call this, and a shipped migration is never edited.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { genesisHash, type LedgerEvent } from '../../shared/ledger/ledger-event.js';

export type UnhashedEvent = Omit<LedgerEvent, 'hash'>;

/** An event as stored: its payload as written, which may be an older shape than the schema reads it as. */
export type StoredEvent = Omit<LedgerEvent, 'payload'> & { payload: unknown };

/** The last event of one kiosk's chain as held; null when it has none yet. */
export interface ChainHead { seq: number; hash: string }

type ChainLink = Pick<UnhashedEvent, 'seq' | 'prevHash'>;

export function hashEvent(event: UnhashedEvent | Omit<StoredEvent, 'hash'>): string {
  const canonical = canonicalize(event);
  if (canonical === undefined) throw new Error('An event could not be put in canonical form.');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The number and link the event after `head` takes: 1 and the genesis hash for a kiosk's first. */
export function linkAfter(head: ChainHead | null): ChainLink {
  return { seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? genesisHash };
}

/** The event numbered and linked after `head`, with its hash. */
export function chainAfter(head: ChainHead | null, event: Omit<UnhashedEvent, keyof ChainLink>): LedgerEvent {
  const unhashed: UnhashedEvent = { ...event, ...linkAfter(head) };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

export type ChainBreak =
  | { kind: 'outOfOrder'; expectedSeq: number }
  | { kind: 'unlinked' }
  | { kind: 'notItsHash' };

/** How `event` fails to follow `head`: its number first, then its link, then its own hash. */
export function chainBreak(head: ChainHead | null, event: StoredEvent): ChainBreak | null {
  const link = linkAfter(head);
  if (event.seq !== link.seq) return { kind: 'outOfOrder', expectedSeq: link.seq };
  if (event.prevHash !== link.prevHash) return { kind: 'unlinked' };
  const { hash, ...unhashed } = event;
  return hashEvent(unhashed) === hash ? null : { kind: 'notItsHash' };
}
