/**
 * The shape of an intention handler. Each handler names the parts of the host it uses (a `Pick`
 * of `HostParts`), so what a handler may touch is read off its signature; the dispatcher hands
 * every handler the whole set, and has already checked who is acting.
 */
import type { IntentionOf, IntentionType, Reply } from '../../shared/contract/index.js';
import type { HostParts } from './host-parts.js';
import type { StaffMember } from './records/reference-data.js';

/** When the intention arrived and who, signed in here and allowed to, sent it. */
export interface IntentionContext {
  at: string;
  actor: StaffMember;
}

// A step may await network I/O (a central dose claim); the dispatcher awaits every reply.
export type Handler<T extends IntentionType, Parts = HostParts> =
  (parts: Parts, intention: IntentionOf<T>, context: IntentionContext) => Reply | Promise<Reply>;

/**
 * A group of handlers, by intention. The table is typed with the whole `HostParts`; a handler
 * written with a narrower `Pick` still fits, and says what it uses.
 */
export type HandlerTable<K extends IntentionType> = { [T in K]: Handler<T> };
