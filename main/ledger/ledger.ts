/**
 * The one way an event is written: validated, numbered, chained, signed, projected, all in one
 * transaction with whatever else the caller must write with it (a visit's snapshot). Any error
 * rolls the whole step back: a ledger never half-writes (unlike an "always commit" transaction).
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import {
  DomainEvent, LedgerEvent, currentPayloadVersion, genesisHash,
} from '../../shared/ledger/ledger-event.js';
import { hashEvent } from './event-hash.js';
import { signEventHash } from './event-signature.js';
import { kioskSigningKey } from './kiosk-identity.js';
import { applyToProjections } from './projections.js';

export interface EventDraft {
  event: DomainEvent;
  visitId?: string | null;
  serviceUserId?: string | null;
  actorStaffId?: string | null;
  witnessStaffId?: string | null;
  /** Chosen before writing when something outside the ledger must name the event first (a central dose claim). */
  eventId?: string;
}

export interface EventRow {
  kiosk_id: string; seq: number; event_id: string; type: string; payload_version: number; payload: string;
  visit_id: string | null; service_user_id: string | null; actor_staff_id: string | null;
  witness_staff_id: string | null; occurred_at: string; prev_hash: string; hash: string;
  /** Base64 Ed25519 signature over the hash; null for events written before signing (absent in files from then). */
  signature?: string | null;
}

export function eventFromRow(row: EventRow): LedgerEvent {
  return LedgerEvent.parse({
    kioskId: row.kiosk_id, seq: row.seq, eventId: row.event_id, type: row.type,
    payloadVersion: row.payload_version, payload: JSON.parse(row.payload),
    visitId: row.visit_id, serviceUserId: row.service_user_id, actorStaffId: row.actor_staff_id,
    witnessStaffId: row.witness_staff_id, occurredAt: row.occurred_at, prevHash: row.prev_hash, hash: row.hash,
  });
}

export class Ledger {
  private readonly insertEvent: Statement;
  private readonly lastEvent: Statement<[string], { seq: number; hash: string }>;
  private readonly visitEvents: Statement<[string], EventRow>;
  private readonly signingKey: KeyObject;

  constructor(private readonly db: Database, readonly kioskId: string, private readonly now: () => Date) {
    this.signingKey = kioskSigningKey(db, kioskId, now);
    this.insertEvent = db.prepare(`INSERT INTO events
      (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id,
       actor_staff_id, witness_staff_id, occurred_at, prev_hash, hash, signature)
      VALUES (@kioskId, @seq, @eventId, @type, @payloadVersion, @payload, @visitId, @serviceUserId,
       @actorStaffId, @witnessStaffId, @occurredAt, @prevHash, @hash, @signature)`);
    this.lastEvent = db.prepare('SELECT seq, hash FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1');
    this.visitEvents = db.prepare('SELECT * FROM events WHERE visit_id = ? ORDER BY kiosk_id, seq');
  }

  /** Appends one event and runs `alsoWrite` in the same transaction; returns the stored event. */
  append(draft: EventDraft, alsoWrite?: (event: LedgerEvent) => void): LedgerEvent {
    return this.db.transaction(() => {
      const stored = this.writeEvent(draft);
      alsoWrite?.(stored);
      return stored;
    }).immediate();
  }

  /** Appends several events atomically: all of them, or none. */
  appendAll(drafts: readonly EventDraft[]): LedgerEvent[] {
    return this.db.transaction(() => drafts.map((draft) => this.writeEvent(draft))).immediate();
  }

  /** This kiosk's last sequence number among a visit's events. */
  lastSeqForVisit(visitId: string): number | null {
    return this.db.prepare<[string, string], { seq: number | null }>(
      'SELECT max(seq) AS seq FROM events WHERE kiosk_id = ? AND visit_id = ?').get(this.kioskId, visitId)?.seq ?? null;
  }

  eventsForVisit(visitId: string): LedgerEvent[] {
    return this.visitEvents.all(visitId).map(eventFromRow);
  }

  private writeEvent(draft: EventDraft): LedgerEvent {
    const event = DomainEvent.parse(draft.event);
    const last = this.lastEvent.get(this.kioskId);
    const unhashed = {
      kioskId: this.kioskId,
      seq: (last?.seq ?? 0) + 1,
      eventId: draft.eventId ?? randomUUID(),
      type: event.type,
      payloadVersion: currentPayloadVersion,
      payload: event,
      visitId: draft.visitId ?? null,
      serviceUserId: draft.serviceUserId ?? null,
      actorStaffId: draft.actorStaffId ?? null,
      witnessStaffId: draft.witnessStaffId ?? null,
      occurredAt: this.now().toISOString(),
      prevHash: last?.hash ?? genesisHash,
    };
    const stored: LedgerEvent = { ...unhashed, hash: hashEvent(unhashed) };
    // The signature sits beside the envelope, not in it: the hash it signs must not cover it.
    this.insertEvent.run({ ...stored, payload: JSON.stringify(stored.payload), signature: signEventHash(stored.hash, this.signingKey) });
    applyToProjections(this.db, stored);
    return stored;
  }
}
