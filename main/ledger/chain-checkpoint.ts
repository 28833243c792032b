/**
 * The host checks its own chain at every start, and refuses to record on one that breaks: an
 * edited, reordered, re-signed or cut-off ledger is named in words before anyone doses from it.
 *
 * A start checks only the events since the last verified point (the checkpoint), so it stays fast
 * on a year of history; `npm run ledger:verify` checks the whole chain. The checkpoint is signed
 * with the kiosk's key, which is not in the file: someone holding the file alone cannot move it
 * past an edit, nor cut events off below it unseen. Someone holding the whole data folder (key
 * included) can; central's copy of the chain catches that (sync: ledger-behind-central.ts).
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { verifyOwnChainAfter } from './verify-chain.js';

interface CheckpointRow { kiosk_id: string; seq: number; hash: string; signature: string }

export class LedgerIntegrityError extends Error {}

function checkpointBytes(kioskId: string, seq: number, hash: string): Buffer {
  return Buffer.from(`kiosk-chain-checkpoint\n${kioskId}\n${seq}\n${hash}`);
}

function refused(problem: string): LedgerIntegrityError {
  return new LedgerIntegrityError(
    `This kiosk's ledger failed its check at start: ${problem}. The kiosk will not record steps on a ledger that may have been ` +
    'altered. Leave the data folder exactly as it is and call your clinic\'s IT support or the kiosk\'s supplier: the central store ' +
    'holds this kiosk\'s events up to its last sync, and support rebuilds the kiosk from it (`npm run kiosk:rebuild`).');
}

function readCheckpoint(db: Database): CheckpointRow | null {
  return db.prepare<[], CheckpointRow>('SELECT kiosk_id, seq, hash, signature FROM chain_checkpoint').get() ?? null;
}

/** The checkpoint as stored, if its signature is this kiosk's and the event it names is still there unchanged. */
function trustedCheckpoint(db: Database, kioskId: string, publicKey: KeyObject): CheckpointRow | null {
  const checkpoint = readCheckpoint(db);
  if (!checkpoint) return null;
  const genuine = checkpoint.kiosk_id === kioskId
    && verify(null, checkpointBytes(kioskId, checkpoint.seq, checkpoint.hash), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  if (!genuine) throw refused('the record of how far its chain was last verified was not signed with this kiosk\'s key (it was altered)');
  if (checkpoint.seq === 0) return checkpoint;
  const held = db.prepare<[string, number], { hash: string }>('SELECT hash FROM events WHERE kiosk_id = ? AND seq = ?').get(kioskId, checkpoint.seq);
  if (!held) {
    const last = db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM events WHERE kiosk_id = ?').get(kioskId)?.seq ?? 0;
    throw refused(`its own chain ends at event ${last}, but it was verified up to event ${checkpoint.seq}: events were cut off`);
  }
  if (held.hash !== checkpoint.hash) throw refused(`event ${checkpoint.seq} is not the event that was verified there (it was replaced)`);
  return checkpoint;
}

function prevHashOf(db: Database, kioskId: string, seq: number): string {
  return db.prepare<[string, number], { prev_hash: string }>('SELECT prev_hash FROM events WHERE kiosk_id = ? AND seq = ?').get(kioskId, seq)?.prev_hash ?? '';
}

/** Marks this kiosk's chain verified up to its last event. */
export function recordChainCheckpoint(db: Database, kioskId: string, signingKey: KeyObject, now: () => Date): void {
  const head = db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1').get(kioskId)
    ?? { seq: 0, hash: '' };
  const signature = sign(null, checkpointBytes(kioskId, head.seq, head.hash), signingKey).toString('base64');
  db.prepare(`INSERT INTO chain_checkpoint (singleton, kiosk_id, seq, hash, signature, verified_at) VALUES (1, ?, ?, ?, ?, ?)
    ON CONFLICT (singleton) DO UPDATE SET kiosk_id = excluded.kiosk_id, seq = excluded.seq, hash = excluded.hash,
      signature = excluded.signature, verified_at = excluded.verified_at`).run(kioskId, head.seq, head.hash, signature, now().toISOString());
}

/**
 * Checks this kiosk's events since the last verified point, then moves the point to the end.
 * Throws LedgerIntegrityError, in words that say whom to call, on the first that breaks.
 */
export function checkOwnChainAtStart(db: Database, kioskId: string, signingKey: KeyObject, now: () => Date): void {
  const publicKey = createPublicKey(signingKey);
  const checkpoint = trustedCheckpoint(db, kioskId, publicKey);
  // From the event before the checkpoint's, so the checkpoint's own event is hashed and its signature checked again too.
  const from = checkpoint && checkpoint.seq > 1 ? { seq: checkpoint.seq - 1, hash: prevHashOf(db, kioskId, checkpoint.seq) } : null;
  const check = verifyOwnChainAfter(db, kioskId, from, publicKey);
  if (!check.intact) throw refused(`event ${check.seq} of its own chain: ${check.problem}`);
  recordChainCheckpoint(db, kioskId, signingKey, now);
}
