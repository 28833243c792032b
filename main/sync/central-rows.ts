/**
 * Rows read from the central store, validated before a kiosk believes them: central is outside
 * the kiosk, and a row that does not parse is an error to show, never something to half-apply.
 */
import { z } from 'zod';
import type { EventRow } from '../ledger/ledger.js';

// int8 arrives from node-postgres as text; sequence numbers stay far below 2^53.
const bigintText = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number).pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER));

export const CentralEventRow = z.object({
  kiosk_id: z.string().min(1),
  seq: bigintText,
  event_id: z.uuid(),
  type: z.string().min(1),
  payload_version: z.number().int().positive(),
  // Selected as text: parsed here, then checked against the event schema and its hash.
  payload: z.string().min(2),
  visit_id: z.string().nullable(),
  service_user_id: z.string().nullable(),
  actor_staff_id: z.string().nullable(),
  witness_staff_id: z.string().nullable(),
  occurred_at: z.string().min(1),
  prev_hash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().nullable(),
  central_seq: bigintText,
});
export type CentralEventRow = z.infer<typeof CentralEventRow>;

// Every column the ledger stores is read back from central: one the ledger adds fails to compile here until it is.
CentralEventRow.shape satisfies Record<keyof Required<EventRow>, z.ZodType>;

export const CentralKioskRow = z.object({
  kiosk_id: z.string().min(1),
  name: z.string().min(1),
  origin: z.enum(['kiosk', 'central']),
  public_key_pem: z.string().startsWith('-----BEGIN PUBLIC KEY-----').nullable(),
});
export type CentralKioskRow = z.infer<typeof CentralKioskRow>;

export const CentralClaimRow = z.object({
  kiosk_id: z.string().min(1),
  kiosk_name: z.string().min(1),
  event_id: z.uuid(),
  claimed_at: z.date().transform((date) => date.toISOString()),
  actor_staff_id: z.string().min(1),
  witness_staff_id: z.string().nullable(),
  claimed_offline: z.boolean(),
});
export type CentralClaimRow = z.infer<typeof CentralClaimRow>;

/** Where the clinic's register placed an entry (see register-places.ts). */
export const CentralPlaceRow = z.object({
  kiosk_id: z.string().min(1),
  seq: bigintText,
  central_seq: bigintText,
  received_at: z.iso.datetime(),
});

export const CentralMarkRow = z.object({ high_water_seq: bigintText });

/** The columns every pull and verification reads, with the instant in the exact form the kiosk hashed. */
export const centralEventColumns = `kiosk_id, seq, event_id, type, payload_version, payload::text AS payload, visit_id,
  service_user_id, actor_staff_id, witness_staff_id,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  prev_hash, hash, signature, central_seq`;
