/**
 * Applies events pulled from central to this kiosk's ledger and projections, one batch in one
 * transaction. Each event is believed only after the checks `ledger:verify` makes: it parses, its
 * hash is over its own contents, it follows and links to that kiosk's previous event here, and it
 * is that kiosk's, signed. The first that fails stops the batch there (nothing of it is kept) and
 * is named: a kiosk never doses on a record it cannot trust.
 *
 * Signatures are checked on each kiosk's last event of the batch: its hash covers the link to
 * the event before, whose hash covers the one before that, so one good signature over the head
 * vouches for the contents of every event under it, each re-hashed here. Only when the head's
 * signature fails is every event's checked, to name the first bad one. (A signature column damaged
 * under a good head changes no content; `ledger:verify` checks every signature and names it.)
 * Verifying every event cost a fifth of a pull's time (profile of 20,000 events).
 */
import type { KeyObject } from 'node:crypto';
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
  private readonly keys = new Map<string, KeyObject>();
  private readonly visitPayloads: Statement<[string, string], { payload: string }>;

  constructor(private readonly db: Database, private readonly store: SyncStore) {
    this.lastOf = db.prepare('SELECT seq, hash FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1');
    this.existing = db.prepare('SELECT hash FROM events WHERE kiosk_id = ? AND seq = ?');
    this.visitPayloads = db.prepare('SELECT payload FROM events WHERE visit_id = ? AND kiosk_id = ? ORDER BY seq');
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
      const heads = new Map<string, CentralEventRow[]>();
      const visits = new Map<string, { kioskId: string; seq: number }>();
      for (const row of rows) {
        const event = this.applyOne(row);
        if (!event) continue;
        applied += 1;
        heads.set(row.kiosk_id, [...(heads.get(row.kiosk_id) ?? []), row]);
        if (event.visitId !== null) visits.set(event.visitId, { kioskId: event.kioskId, seq: event.seq });
      }
      for (const kioskRows of heads.values()) this.checkSignatures(kioskRows);
      // Once per visit per batch, not per event: a replay steps through every event of the visit.
      for (const [visitId, { kioskId, seq }] of visits) this.replayRemoteVisit(visitId, kioskId, seq);
      const last = rows.at(-1);
      if (last) this.db.prepare('UPDATE sync_state SET pulled_through_central_seq = max(pulled_through_central_seq, ?)').run(last.central_seq);
      return applied;
    }).immediate();
  }

  /** The event, applied; null when it is this kiosk's own or already here. */
  private applyOne(row: CentralEventRow): LedgerEvent | null {
    if (row.kiosk_id === this.store.kioskId) return null;
    const held = this.existing.get(row.kiosk_id, row.seq);
    if (held) {
      if (held.hash !== row.hash) throw untrusted(row, 'this kiosk holds a different event under the same number');
      return null;
    }
    const event = ledgerEventOf(row);
    this.checkChain(row, event);
    this.insert.run({ ...event, payload: JSON.stringify(event.payload), signature: row.signature });
    applyToProjections(this.db, event);
    return event;
  }

  /** One kiosk's events of this batch, in order: the head's signature, or each one's when it fails. */
  private checkSignatures(rows: readonly CentralEventRow[]): void {
    const head = rows.at(-1);
    if (!head || this.signatureProblem(head) === null) return;
    for (const row of rows) {
      const problem = this.signatureProblem(row);
      if (problem !== null) throw untrusted(row, problem);
    }
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
  private signatureProblem(row: CentralEventRow): string | null {
    const kiosk = this.store.knownKiosk(row.kiosk_id);
    if (!kiosk) return 'it comes from a kiosk this clinic does not list';
    if (kiosk.origin === 'central') {
      return row.signature === null ? null : 'the clinic\'s setup events carry no signature, yet this one has one';
    }
    if (kiosk.publicKeyPem === null) return `kiosk "${kiosk.name}" has not registered its signing key`;
    if (row.signature === null || !signatureMatches(row.hash, row.signature, this.keyOf(kiosk.kioskId, kiosk.publicKeyPem))) {
      return `its signature is not kiosk "${kiosk.name}"'s`;
    }
    return null;
  }

  // Parsing a PEM key costs more than verifying with it (a profile of a pull: 2.5 s in 20,000 calls).
  private keyOf(kioskId: string, pem: string): KeyObject {
    let key = this.keys.get(kioskId);
    if (!key) {
      key = publicKeyFromPem(pem);
      this.keys.set(kioskId, key);
    }
    return key;
  }

  /**
   * Another room's visit, replayed from its events, so its outcome (a withheld dose) counts here
   * too. A visit in which the dose was given can never end withheld, and most visits are dosed: they
   * are not replayed (replaying is most of a pull's time, in a profile of a year of visits).
   */
  private replayRemoteVisit(visitId: string, kioskId: string, seq: number): void {
    const payloads = this.visitPayloads.all(visitId, kioskId).map((r) => JSON.parse(r.payload) as { type?: unknown });
    if (payloads.some((payload) => payload.type === 'doseAdministered')) return;
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
