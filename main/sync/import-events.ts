/**
 * Applies events pulled from central to this kiosk's ledger, one batch in one transaction, through
 * the ledger's one import path (`LedgerImport`: it parses each event, checks that it follows and
 * links to that kiosk's previous event here and that its hash is over its own contents, stores and
 * projects it). Here: that each is its kiosk's, signed with the key the clinic registered; that
 * other rooms' visits are replayed so their outcomes count here; and the pull cursor. The first
 * event that fails stops the batch there (nothing of it is kept) and is named: a kiosk never doses
 * on a record it cannot trust.
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
import { VisitEvent, visitStarted } from '../../shared/visit/visit-events.js';
import { isOpen, replayVisit, stateOf } from '../../shared/visit/visit-steps.js';
import { publicKeyFromPem, signatureMatches } from '../ledger/event-signature.js';
import { EventNotImportedError, LedgerImport, type ImportedEvent } from '../ledger/ledger.js';
import type { CentralEventRow } from './central-rows.js';
import { DrawnUpElsewhereTable } from './drawn-up-elsewhere.js';
import type { SyncStore } from './sync-store.js';

export class UntrustedEventError extends Error {}

function untrusted({ kioskId, seq }: { kioskId: string; seq: number }, problem: string): UntrustedEventError {
  return new UntrustedEventError(`Event ${seq} of kiosk ${kioskId} from the central store was not applied: ${problem}.`);
}

export class EventImporter {
  private readonly ledger: LedgerImport;
  private readonly keys = new Map<string, KeyObject>();
  private readonly visitPayloads: Statement<[string, string], { payload: string }>;
  private readonly drawnUpElsewhere: DrawnUpElsewhereTable;

  /** `restoringOwnChain`: this kiosk's own events come back too (a rebuild from central), checked against its registered key. */
  constructor(private readonly db: Database, private readonly store: SyncStore, restoringOwnChain = false) {
    this.ledger = new LedgerImport(db, store.kioskId, restoringOwnChain);
    this.visitPayloads = db.prepare('SELECT payload FROM events WHERE visit_id = ? AND kiosk_id = ? ORDER BY seq');
    this.drawnUpElsewhere = new DrawnUpElsewhereTable(db);
  }

  /** Applies the rows in order and moves the pull cursor past them; all or nothing. Returns how many were new here. */
  apply(rows: readonly CentralEventRow[]): number {
    try {
      return this.ledger.importAll(rows, (imported) => {
        this.believeAndReplay(imported);
        const last = rows.at(-1);
        if (last) this.store.advancePullCursor(last.central_seq);
        return imported.length;
      });
    } catch (error) {
      if (error instanceof EventNotImportedError) throw untrusted(error, error.problem);
      throw error;
    }
  }

  /** Inside the import's transaction: a signature that fails undoes the whole batch. */
  private believeAndReplay(imported: readonly ImportedEvent[]): void {
    const byKiosk = new Map<string, ImportedEvent[]>();
    const visits = new Map<string, { kioskId: string; seq: number }>();
    for (const one of imported) {
      const { event } = one;
      const kioskEvents = byKiosk.get(event.kioskId);
      if (kioskEvents) kioskEvents.push(one);
      else byKiosk.set(event.kioskId, [one]);
      if (event.visitId !== null) visits.set(event.visitId, { kioskId: event.kioskId, seq: event.seq });
    }
    for (const kioskEvents of byKiosk.values()) this.checkSignatures(kioskEvents);
    // Once per visit per batch, not per event: a replay steps through every event of the visit.
    // Its own visits are this kiosk's to carry on, not another room's: the rebuild stores them as its own.
    for (const [visitId, { kioskId, seq }] of visits) if (kioskId !== this.store.kioskId) this.replayRemoteVisit(visitId, kioskId, seq);
  }

  /** One kiosk's events of this batch, in order: the head's signature, or each one's when it fails. */
  private checkSignatures(imported: readonly ImportedEvent[]): void {
    const head = imported.at(-1);
    if (!head || this.signatureProblem(head) === null) return;
    for (const one of imported) {
      const problem = this.signatureProblem(one);
      if (problem !== null) throw untrusted(one.event, problem);
    }
  }

  /** Kiosks sign every event; the clinic's central pseudo-kiosk (setup) has no key and signs none. */
  private signatureProblem({ event, signature }: ImportedEvent): string | null {
    const kiosk = this.store.knownKiosk(event.kioskId);
    if (!kiosk) return 'it comes from a kiosk this clinic does not list';
    if (kiosk.origin === 'central') {
      return signature === null ? null : 'the clinic\'s setup events carry no signature, yet this one has one';
    }
    if (kiosk.publicKeyPem === null) return `kiosk "${kiosk.name}" has not registered its signing key`;
    if (signature === null || !signatureMatches(event.hash, signature, this.keyOf(kiosk.kioskId, kiosk.publicKeyPem))) {
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
   * too, and what it has drawn up is allowed for in this room's stock counts. A visit in which
   * the dose was given can never end withheld, and most visits are dosed: they
   * are not replayed (replaying is most of a pull's time, in a profile of a year of visits).
   */
  private replayRemoteVisit(visitId: string, kioskId: string, seq: number): void {
    const payloads = this.visitPayloads.all(visitId, kioskId).map((r) => JSON.parse(r.payload) as { type?: unknown });
    // Before the early return: a dose given can leave a surplus drawn up, still to be wasted.
    this.drawnUpElsewhere.keep(visitId, kioskId, payloads);
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
