/**
 * The one way an event gets into a kiosk's ledger, with one row mapping, one INSERT and one call
 * of the projections, whichever way it came:
 * - `Ledger.append`: this kiosk's own event, validated, numbered, chained and signed here, in one
 *   transaction with whatever else the caller must write with it (a visit's snapshot);
 * - `LedgerImport.importAll`: events other kiosks wrote and signed, pulled from central, each
 *   checked to follow and link to its kiosk's chain here before it is stored.
 * Any error rolls the whole step back: a ledger never half-writes (unlike an "always commit"
 * transaction).
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { DomainEvent, LedgerEvent, currentPayloadVersion } from '../../shared/ledger/ledger-event.js';
import { chainAfter, chainBreak, type ChainBreak, type ChainHead, type StoredEvent } from './hash-chain.js';
import { signEventHash } from './event-signature.js';
import { IntentionRequests } from './intention-requests.js';
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

/**
 * The `events` column of each envelope field. Every mapping between rows and events, and the
 * INSERT, are made from it, so an envelope field added to LedgerEvent does not compile until its
 * column is named here, and needs no other edit in this file.
 */
const envelopeColumns = {
  kioskId: 'kiosk_id', seq: 'seq', eventId: 'event_id', type: 'type', payloadVersion: 'payload_version', payload: 'payload',
  visitId: 'visit_id', serviceUserId: 'service_user_id', actorStaffId: 'actor_staff_id', witnessStaffId: 'witness_staff_id',
  occurredAt: 'occurred_at', prevHash: 'prev_hash', hash: 'hash',
} as const satisfies { [Field in keyof LedgerEvent]: string };

type EnvelopeRow = {
  [Field in keyof LedgerEvent as (typeof envelopeColumns)[Field]]: Field extends 'payload' ? string : LedgerEvent[Field];
};

export type EventRow = EnvelopeRow & {
  /** Base64 Ed25519 signature over the hash; null for events written before signing (absent in files from then). */
  signature?: string | null;
};

const envelopeFields = Object.entries(envelopeColumns) as Array<[keyof LedgerEvent, keyof EnvelopeRow]>;
const insertedColumns = [...Object.values(envelopeColumns), 'signature'];
const insertEventSql = `INSERT INTO events (${insertedColumns.join(', ')}) VALUES (${insertedColumns.map((column) => `@${column}`).join(', ')})`;

function envelopeOf(row: EventRow, payload: unknown): Record<keyof LedgerEvent, unknown> {
  const envelope = Object.fromEntries(envelopeFields.map(([field, column]) => [field, row[column]]));
  return { ...envelope, payload } as Record<keyof LedgerEvent, unknown>;
}

export function eventFromRow(row: EventRow): LedgerEvent {
  return LedgerEvent.parse(envelopeOf(row, JSON.parse(row.payload)));
}

/**
 * The event exactly as stored, payload as written: what its hash covers. Reading a payload through
 * the schema may upcast an older shape (shared/visit/visit-events.ts), so the chain is checked
 * against this, never against the parsed event, and an imported event is stored as it came.
 */
export function storedFormOf(row: EventRow): StoredEvent {
  return envelopeOf(row, JSON.parse(row.payload)) as StoredEvent;
}

/** The row an event is stored as, here and in the central store. */
export function eventRowOf(event: LedgerEvent, signature: string | null): Required<EventRow> {
  const row = Object.fromEntries(envelopeFields.map(([field, column]) => [column, event[field]]));
  return { ...row, payload: JSON.stringify(event.payload), signature } as Required<EventRow>;
}

/** The one writer of the events table: every event, local or pulled, is stored and projected here. */
class EventWriter {
  private readonly insert: Statement;
  private readonly lastOf: Statement<[string], ChainHead>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(insertEventSql);
    this.lastOf = db.prepare('SELECT seq, hash FROM events WHERE kiosk_id = ? ORDER BY seq DESC LIMIT 1');
  }

  head(kioskId: string): ChainHead | null {
    return this.lastOf.get(kioskId) ?? null;
  }

  /** `storedPayload`: the payload's bytes as they came (an import), kept as they are rather than written again from the parsed event. */
  write(event: LedgerEvent, signature: string | null, storedPayload?: string): void {
    const row = eventRowOf(event, signature);
    this.insert.run(storedPayload === undefined ? row : { ...row, payload: storedPayload });
    applyToProjections(this.db, event);
  }
}

export class Ledger {
  private readonly writer: EventWriter;
  private readonly visitEvents: Statement<[string], EventRow>;
  private readonly requests: IntentionRequests;

  /** `signingKey`: this kiosk's own, from kioskSigningKey (kiosk-identity.ts), which checks it is the one the ledger names. */
  constructor(private readonly db: Database, readonly kioskId: string, private readonly now: () => Date, private readonly signingKey: KeyObject) {
    this.writer = new EventWriter(db);
    this.requests = new IntentionRequests(db, kioskId);
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
    const stored = chainAfter(this.writer.head(this.kioskId), {
      kioskId: this.kioskId,
      eventId: draft.eventId ?? randomUUID(),
      type: event.type,
      payloadVersion: currentPayloadVersion,
      payload: event,
      visitId: draft.visitId ?? null,
      serviceUserId: draft.serviceUserId ?? null,
      actorStaffId: draft.actorStaffId ?? null,
      witnessStaffId: draft.witnessStaffId ?? null,
      occurredAt: this.now().toISOString(),
    });
    // The signature sits beside the envelope, not in it: the hash it signs must not cover it.
    this.writer.write(stored, signEventHash(stored.hash, this.signingKey));
    // In the event's own transaction: a step sent again finds what it recorded, never half of it.
    this.requests.noteEvent(stored);
    return stored;
  }
}

/** A pulled event the ledger would not store; `problem` finishes a sentence about it. */
export class EventNotImportedError extends Error {
  constructor(readonly kioskId: string, readonly seq: number, readonly problem: string) {
    super(`Event ${seq} of kiosk ${kioskId} was not imported: ${problem}.`);
  }
}

/** An event stored by an import, with the signature it came with (checked by the caller: only it knows the clinic's keys). */
export interface ImportedEvent { event: LedgerEvent; signature: string | null }

function importedBreakProblem(found: ChainBreak): string {
  switch (found.kind) {
    case 'outOfOrder': return `event ${found.expectedSeq} of that kiosk has not arrived before it`;
    case 'unlinked': return 'it does not link to that kiosk\'s event before it';
    case 'notItsHash': return 'its contents do not match its hash';
  }
}

/**
 * Events other kiosks wrote and signed, as pulled from central: read with the same mapping as a
 * local row, checked against their kiosk's chain as held here, stored with their signatures and
 * projected exactly as a local event is. This kiosk's own events are written only by `append`, so
 * a copy of one is skipped, as is an event already held.
 */
export class LedgerImport {
  private readonly writer: EventWriter;
  private readonly heldHash: Statement<[string, number], { hash: string }>;

  /**
   * `restoringOwnChain`: a kiosk rebuilt from central (main/rebuild) takes its own events back the
   * same way as everyone else's, checked link by link; otherwise its own are never imported, as it
   * wrote them.
   */
  constructor(private readonly db: Database, private readonly ownKioskId: string, private readonly restoringOwnChain = false) {
    this.writer = new EventWriter(db);
    this.heldHash = db.prepare('SELECT hash FROM events WHERE kiosk_id = ? AND seq = ?');
  }

  /**
   * Imports the rows in order and runs `alsoWrite` with those that were new, in one transaction:
   * the first row that fails throws EventNotImportedError and nothing of the batch is kept.
   */
  importAll<T>(rows: readonly EventRow[], alsoWrite: (imported: readonly ImportedEvent[]) => T): T {
    return this.db.transaction(() => {
      const imported: ImportedEvent[] = [];
      for (const row of rows) {
        const event = this.importOne(row);
        if (event) imported.push(event);
      }
      return alsoWrite(imported);
    }).immediate();
  }

  private importOne(row: EventRow): ImportedEvent | null {
    const refused = (problem: string) => new EventNotImportedError(row.kiosk_id, row.seq, problem);
    if (row.kiosk_id === this.ownKioskId && !this.restoringOwnChain) return null;
    const held = this.heldHash.get(row.kiosk_id, row.seq);
    if (held) {
      if (held.hash !== row.hash) throw refused('this kiosk holds a different event under the same number');
      return null;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      throw refused('its payload is not JSON');
    }
    const parsed = LedgerEvent.safeParse(envelopeOf(row, payload));
    if (!parsed.success) throw refused('it does not match the event schema this kiosk knows (is this kiosk\'s software older?)');
    const found = chainBreak(this.writer.head(row.kiosk_id), envelopeOf(row, payload) as StoredEvent);
    if (found) throw refused(importedBreakProblem(found));
    const signature = row.signature ?? null;
    this.writer.write(parsed.data, signature, row.payload);
    return { event: parsed.data, signature };
  }
}
