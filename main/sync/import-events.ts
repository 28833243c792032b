/**
 * Applies events pulled from central to this kiosk's ledger and projections, one batch in one
 * transaction. Each event is believed only after the checks `ledger:verify` makes: it parses, its
 * hash is over its own contents, it follows and links to that kiosk's previous event here, and it
 * carries that kiosk's signature. The first that fails stops the batch there (nothing of it is
 * kept) and is named: a kiosk never doses on a record it cannot trust.
 */
import type { Database, Statement } from 'better-sqlite3';
import { LedgerEvent, genesisHash } from '../../shared/ledger/ledger-event.js';
import { VisitEvent, visitStarted } from '../../shared/visit/visit-events.js';
import { isOpen, replayVisit, stateOf } from '../../shared/visit/visit-steps.js';
import { hashEvent } from '../ledger/event-hash.js';
import { publicKeyFromPem, signatureMatches } from '../ledger/event-signature.js';
import { applyToProjections } from '../ledger/projections.js';
import type { CentralEventRow } from './central-rows.js';
import type { SyncStore } from './sync-store.js';

export class UntrustedEventError extends Error {}

function untrusted(row: CentralEventRow, problem: string): UntrustedEventError {
  return new UntrustedEventError(`Event ${row.seq} of kiosk ${row.kiosk_id} from the central store was not applied: ${problem}.`);
}

function ledgerEventOf(row: CentralEventRow): LedgerEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    throw untrusted(row, 'its payload is not JSON');
  }
  const parsed = LedgerEvent.safeParse({
    kioskId: row.kiosk_id, seq: row.seq, eventId: row.event_id, type: row.type, payloadVersion: row.payload_version, payload,
    visitId: row.visit_id, serviceUserId: row.service_user_id, actorStaffId: row.actor_staff_id,
    witnessStaffId: row.witness_staff_id, occurredAt: row.occurred_at, prevHash: row.prev_hash, hash: row.hash,
  });
  if (!parsed.success) throw untrusted(row, 'it does not match the event schema this kiosk knows (is this kiosk\'s software older?)');
  return parsed.data;
}

export class EventImporter {
  private readonly lastOf: Statement<[string], { seq: number; hash: string }>;
  private readonly existing: Statement<[string, number], { hash: string }>;
  private readonly insert: Statement;

  constructor(private readonly db: Database, private readonly store: SyncStore) {
    this.lastOf = db.prepare('SELECT seq, hash FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1');
    this.existing = db.prepare('SELECT hash FROM events WHERE kiosk_id = ? AND seq = ?');
    this.insert = db.prepare(`INSERT INTO events
      (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id,
       actor_staff_id, witness_staff_id, occurred_at, prev_hash, hash, signature)
      VALUES (@kioskId, @seq, @eventId, @type, @payloadVersion, @payload, @visitId, @serviceUserId,
       @actorStaffId, @witnessStaffId, @occurredAt, @prevHash, @hash, @signature)`);
  }

  /** Applies the rows in order and moves the pull cursor past them; all or nothing. Returns how many were new here. */
  apply(rows: readonly CentralEventRow[]): number {
    return this.db.transaction(() => {
      let applied = 0;
      for (const row of rows) if (this.applyOne(row)) applied += 1;
      const last = rows.at(-1);
      if (last) this.db.prepare('UPDATE sync_state SET pulled_through_central_seq = max(pulled_through_central_seq, ?)').run(last.central_seq);
      return applied;
    }).immediate();
  }

  private applyOne(row: CentralEventRow): boolean {
    if (row.kiosk_id === this.store.kioskId) return false;
    const held = this.existing.get(row.kiosk_id, row.seq);
    if (held) {
      if (held.hash !== row.hash) throw untrusted(row, 'this kiosk holds a different event under the same number');
      return false;
    }
    const event = ledgerEventOf(row);
    this.checkChain(row, event);
    this.checkSignature(row);
    this.insert.run({ ...event, payload: JSON.stringify(event.payload), signature: row.signature });
    applyToProjections(this.db, event);
    if (event.visitId !== null) this.replayRemoteVisit(event.visitId, event.kioskId, event.seq);
    return true;
  }

  private checkChain(row: CentralEventRow, event: LedgerEvent): void {
    const last = this.lastOf.get(row.kiosk_id);
    const expectedSeq = (last?.seq ?? 0) + 1;
    if (row.seq !== expectedSeq) throw untrusted(row, `event ${expectedSeq} of that kiosk has not arrived before it`);
    if (event.prevHash !== (last?.hash ?? genesisHash)) throw untrusted(row, 'it does not link to that kiosk\'s event before it');
    const { hash, ...unhashed } = event;
    if (hashEvent(unhashed) !== hash) throw untrusted(row, 'its contents do not match its hash');
  }

  /** Kiosks sign every event; the clinic's central pseudo-kiosk (setup) has no key and signs none. */
  private checkSignature(row: CentralEventRow): void {
    const kiosk = this.store.knownKiosk(row.kiosk_id);
    if (!kiosk) throw untrusted(row, 'it comes from a kiosk this clinic does not list');
    if (kiosk.origin === 'central') {
      if (row.signature !== null) throw untrusted(row, 'the clinic\'s setup events carry no signature, yet this one has one');
      return;
    }
    if (kiosk.publicKeyPem === null) throw untrusted(row, `kiosk "${kiosk.name}" has not registered its signing key`);
    if (row.signature === null || !signatureMatches(row.hash, row.signature, publicKeyFromPem(kiosk.publicKeyPem))) {
      throw untrusted(row, `its signature is not kiosk "${kiosk.name}"'s`);
    }
  }

  /** Another room's visit, replayed from its events, so its outcome (a withheld dose) counts here too. */
  private replayRemoteVisit(visitId: string, kioskId: string, seq: number): void {
    const payloads = this.db.prepare<[string, string], { payload: string }>(
      'SELECT payload FROM events WHERE visit_id = ? AND kiosk_id = ? ORDER BY seq').all(visitId, kioskId).map((r) => JSON.parse(r.payload) as unknown);
    const [first, ...rest] = payloads;
    const started = visitStarted.safeParse(first);
    if (!started.success) return;
    let snapshot;
    try {
      snapshot = replayVisit(started.data, rest.map((payload) => VisitEvent.parse(payload)));
    } catch {
      // A visit another kiosk's software can step through but this one cannot (a newer machine):
      // its events are kept all the same; only its outcome is not known here.
      return;
    }
    const outcome = snapshot.context.outcome;
    this.db.prepare(`INSERT INTO remote_visits (visit_id, kiosk_id, service_user_id, state, is_open, outcome_kind, outcome_at, outcome_reason, last_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (visit_id) DO UPDATE SET state = excluded.state, is_open = excluded.is_open,
      outcome_kind = excluded.outcome_kind, outcome_at = excluded.outcome_at, outcome_reason = excluded.outcome_reason, last_seq = excluded.last_seq`)
      .run(visitId, kioskId, started.data.serviceUserId, stateOf(snapshot), isOpen(snapshot) ? 1 : 0, outcome?.kind ?? null,
        outcome?.at ?? null, outcome && 'reason' in outcome ? String(outcome.reason) : null, seq);
  }
}
