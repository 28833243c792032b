/**
 * The ledger's event envelope and the one schema every stored payload must pass.
 *
 * A payload is the domain event itself (type included), versioned so a later payload shape can
 * sit beside an older one without rewriting history: the ledger is never altered.
 */
import { z } from 'zod';
import { VisitEvent, visitStarted } from '../visit/visit-events.js';
import { ReferenceEvent } from './reference-events.js';
import { StaffSecurityEvent } from './staff-security-events.js';
import { SyncEvent } from './sync-events.js';

export const DomainEvent = z.union([visitStarted, VisitEvent, ReferenceEvent, SyncEvent, StaffSecurityEvent]);
export type DomainEvent = z.infer<typeof DomainEvent>;
export type DomainEventType = DomainEvent['type'];

export const currentPayloadVersion = 1;

export const LedgerEvent = z.object({
  kioskId: z.string().min(1),
  seq: z.number().int().positive(),
  eventId: z.uuid(),
  type: z.string().min(1),
  payloadVersion: z.number().int().positive(),
  payload: DomainEvent,
  visitId: z.string().nullable(),
  serviceUserId: z.string().nullable(),
  actorStaffId: z.string().nullable(),
  witnessStaffId: z.string().nullable(),
  occurredAt: z.string(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type LedgerEvent = z.infer<typeof LedgerEvent>;

export const genesisHash = '0'.repeat(64);
