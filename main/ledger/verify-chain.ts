/**
 * Checks one kiosk's chain: consecutive sequence numbers from 1, each event's hash over its
 * canonical bytes, each link to the one before, and each signature with the kiosk's public key.
 * Names the first event that breaks, because an auditor needs to know where the record stops
 * being trustworthy, not only that it does.
 *
 * Events written before the kiosk signed carry no signature and are reported as such, not as
 * broken; but an unsigned event after a signed one, or at or after the event the kiosk started
 * signing from, is broken (stripping signatures must not pass for an old ledger). Reads only.
 */
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { chainBreak, linkAfter, type ChainBreak, type ChainHead } from './hash-chain.js';
import { publicKeyFromPem, signatureMatches } from './event-signature.js';
import { eventsCarrySignatures, storedKioskKey } from './kiosk-identity.js';
import { eventFromRow, storedFormOf, type EventRow } from './ledger.js';

/**
 * `unsignedEvents`: how many events at the start were written before the kiosk signed (checked by
 * hash alone); `signaturesUnchecked`: no public key was known for this kiosk, so only the hash
 * chain was checked. Each is present only when it applies.
 */
export type ChainCheck =
  | { intact: true; events: number; unsignedEvents?: number; signaturesUnchecked?: true }
  | { intact: false; seq: number; problem: string };

export interface ChainCheckOptions {
  /** The kiosk's public key from outside the file (an auditor's copy, later the central one), used instead of the file's own. */
  publicKey?: KeyObject;
}

type Broken = Extract<ChainCheck, { intact: false }>;

interface KeyInForce { key: KeyObject | null; fileKey: KeyObject | null; given: boolean; signedFromSeq: number | null }

function keyInForce(db: Database, kioskId: string, options: ChainCheckOptions): KeyInForce | Broken {
  const stored = storedKioskKey(db);
  const own = stored?.kioskId === kioskId ? stored : learntKioskKey(db, kioskId);
  let fileKey: KeyObject | null = null;
  if (own?.publicKeyPem) {
    try {
      fileKey = publicKeyFromPem(own.publicKeyPem);
    } catch {
      if (!options.publicKey) return { intact: false, seq: own.signedFromSeq ?? 1, problem: "the kiosk's public key in the file is not a readable Ed25519 key" };
    }
  }
  return { key: options.publicKey ?? fileKey, fileKey, given: options.publicKey !== undefined, signedFromSeq: own?.signedFromSeq ?? null };
}

/** Another kiosk of the clinic, with the key this kiosk learnt for it from central (files from before sync have none). */
function learntKioskKey(db: Database, kioskId: string): { publicKeyPem: string | null; signedFromSeq: number | null } | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'known_kiosks'").get() !== undefined;
  if (!hasTable) return null;
  const row = db.prepare<[string], { public_key_pem: string | null; origin: string }>(
    'SELECT public_key_pem, origin FROM known_kiosks WHERE kiosk_id = ?').get(kioskId);
  if (!row?.public_key_pem || row.origin !== 'kiosk') return null;
  return { publicKeyPem: row.public_key_pem, signedFromSeq: 1 };
}

function badSignature(hash: string, signature: string, keys: KeyInForce): string | null {
  if (keys.key === null || signatureMatches(hash, signature, keys.key)) return null;
  if (keys.given && keys.fileKey !== null && signatureMatches(hash, signature, keys.fileKey)) {
    return 'it was signed with a different key from the one given for this kiosk';
  }
  return "its signature does not match its hash: it was not signed with this kiosk's key";
}

export function verifyChain(db: Database, kioskId: string, options: ChainCheckOptions = {}): ChainCheck {
  const keys = keyInForce(db, kioskId, options);
  if ('intact' in keys) return keys;
  const signed = eventsCarrySignatures(db);
  const rows = db.prepare<[string], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq').iterate(kioskId);
  return checkChainRows(rows, keys, signed);
}

/**
 * This kiosk's own events after `from` (a point verified before), checked as verifyChain checks
 * the whole chain, with the kiosk's own public key: what a start checks, so it stays fast.
 */
export function verifyOwnChainAfter(db: Database, kioskId: string, from: ChainHead | null, publicKey: KeyObject): ChainCheck {
  const stored = storedKioskKey(db);
  const keys: KeyInForce = { key: publicKey, fileKey: null, given: true, signedFromSeq: stored?.signedFromSeq ?? null };
  const rows = db.prepare<[string, number], EventRow>('SELECT * FROM events WHERE kiosk_id = ? AND seq > ? ORDER BY seq').iterate(kioskId, from?.seq ?? 0);
  return checkChainRows(rows, keys, eventsCarrySignatures(db), from);
}

/**
 * One kiosk's events as the central store holds them, checked exactly as a kiosk's file is:
 * `publicKey` is the key the kiosk registered centrally (null: hash chain only); `signsEvents`
 * is false for the clinic's setup pseudo-kiosk, which signs nothing.
 */
export function verifyChainRows(rows: Iterable<EventRow>, publicKey: KeyObject | null, signsEvents: boolean): ChainCheck {
  return checkChainRows(rows, { key: publicKey, fileKey: null, given: publicKey !== null, signedFromSeq: signsEvents && publicKey ? 1 : null }, true);
}

function brokenLinkProblem(found: ChainBreak, foundSeq: number): string {
  switch (found.kind) {
    case 'outOfOrder': return `event ${found.expectedSeq} is missing (next found is ${foundSeq})`;
    case 'unlinked': return 'it does not link to the event before it';
    case 'notItsHash': return 'its contents do not match its hash';
  }
}

function checkChainRows(rows: Iterable<EventRow>, keys: KeyInForce, signed: boolean, from: ChainHead | null = null): ChainCheck {
  let head: ChainHead | null = from;
  let unsigned = 0;
  let signedSoFar = false;
  for (const row of rows) {
    const broken = (problem: string): Broken => ({ intact: false, seq: row.seq, problem });
    // The number is checked before the payload is read: a missing event is named as missing, whatever follows it.
    const expectedSeq = linkAfter(head).seq;
    if (row.seq !== expectedSeq) return { intact: false, seq: expectedSeq, problem: brokenLinkProblem({ kind: 'outOfOrder', expectedSeq }, row.seq) };
    let event;
    try {
      event = eventFromRow(row);
    } catch {
      return broken('its payload no longer matches the event schema');
    }
    // The hash covers the payload as stored, not as the schema reads it today.
    const found = chainBreak(head, storedFormOf(row));
    if (found) return broken(brokenLinkProblem(found, row.seq));
    const signature = signed ? row.signature ?? null : null;
    if (signature === null) {
      if (signedSoFar) return broken('it has no signature, though the events before it are signed');
      if (keys.signedFromSeq !== null && row.seq >= keys.signedFromSeq) {
        return broken(`it has no signature, though this kiosk signs every event from event ${keys.signedFromSeq}`);
      }
      unsigned += 1;
    } else {
      signedSoFar = true;
      const problem = badSignature(event.hash, signature, keys);
      if (problem) return broken(problem);
    }
    head = { seq: event.seq, hash: event.hash };
  }
  const events = head?.seq ?? 0;
  return {
    intact: true,
    events,
    ...(unsigned > 0 ? { unsignedEvents: unsigned } : {}),
    ...(keys.key === null && unsigned < events ? { signaturesUnchecked: true as const } : {}),
  };
}
