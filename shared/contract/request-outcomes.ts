/**
 * Screen <-> host, after the link dropped: what became of requests sent but never answered. The
 * screen asks by request id; the host answers from its ledger which of them recorded their step
 * (with what the first reply carried, so the screen carries on as if it had arrived) and which
 * recorded nothing, so the person does that step again. Nothing is sent again by itself: a step
 * may carry PINs, which only the people themselves may enter.
 */
import { z } from 'zod';
import { RequestId, ToHost, intentionTypes, type IntentionType } from './intentions.js';

// More than a screen ever has waiting at once (a person taps one step at a time).
const mostAskedAtOnce = 100;

export const IntentionTypeName = z.custom<IntentionType>(
  (value) => typeof value === 'string' && (intentionTypes as readonly string[]).includes(value), 'Not an intention this kiosk knows.');

export const RequestOutcomesQuery = z.object({
  kind: z.literal('requestOutcomes'),
  queryId: RequestId,
  requestIds: z.array(RequestId).min(1).max(mostAskedAtOnce),
});
export type RequestOutcomesQuery = z.infer<typeof RequestOutcomesQuery>;

export const RecordedRequest = z.object({
  requestId: RequestId,
  intentionType: IntentionTypeName,
  // When the step was recorded, and the visit (or null) and staff member (or null) its first reply named.
  at: z.string(),
  visitId: z.string().nullable(),
  staffId: z.string().nullable(),
});
export type RecordedRequest = z.infer<typeof RecordedRequest>;

export const RequestOutcomes = z.object({
  kind: z.literal('requestOutcomes'),
  queryId: RequestId,
  recorded: z.array(RecordedRequest).max(mostAskedAtOnce),
  notRecorded: z.array(RequestId).max(mostAskedAtOnce),
});
export type RequestOutcomes = z.infer<typeof RequestOutcomes>;

/** Everything a screen sends: a step to take, or a question about steps sent before the link dropped. */
export const MessageToHost = z.union([ToHost, RequestOutcomesQuery]);
export type MessageToHost = z.infer<typeof MessageToHost>;
