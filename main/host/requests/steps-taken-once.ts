/**
 * Each step a screen sends is taken once, however often its message arrives (issue 14). A screen
 * sends a step again under the same request id when it never saw the answer: the host crashed
 * after writing it, or the link dropped with the reply on its way. A request that recorded its
 * step is answered with what the first reply carried, marked as recorded before, and nothing is
 * written; one that recorded nothing (refused, or a report) is simply taken again.
 *
 * Owns: the requests in flight, so a copy arriving while the first still awaits the network (a
 * central dose claim) waits for it rather than taking the step beside it; and the answer to a
 * screen asking, after a reconnection, what became of its unanswered requests. Must not: decide
 * whether a step is allowed (the handler does, the first time).
 */
import type { IntentionType, RecordedRequest as RecordedRequestView, Reply, RequestOutcomes, RequestOutcomesQuery } from '../../../shared/contract/index.js';
import { asStepOf, type IntentionRequests, type RecordedRequest } from '../../ledger/intention-requests.js';
import type { Logger } from '../logger.js';
import { refused, type Refused } from '../replies.js';

interface InFlight {
  intentionType: IntentionType;
  settled: Promise<void>;
}

// Two different steps under one id are a screen's bug, not a retry: neither is guessed at.
const requestIdReused = (): Refused => refused('requestIdReused',
  'This screen sent a different step under the id of an earlier one, so nothing was recorded. Reload the screen and try the step again.');

// Only steps name no staff member in their reply (signing in, which does, is not a recorded step).
const repliedAs = (recorded: RecordedRequest): Reply =>
  ({ ok: true, visitId: recorded.visitId, staffId: null, report: null, alreadyRecordedAt: recorded.recordedAt });

export class StepsTakenOnce {
  readonly #inFlight = new Map<string, InFlight>();

  constructor(private readonly requests: IntentionRequests, private readonly logger: Logger) {}

  /** Takes the step unless this request already recorded it; `take` runs at most once at a time per request. */
  async take(requestId: string, intentionType: IntentionType, take: () => Reply | Promise<Reply>): Promise<Reply> {
    for (let earlier = this.#inFlight.get(requestId); earlier; earlier = this.#inFlight.get(requestId)) {
      if (earlier.intentionType !== intentionType) return requestIdReused();
      await earlier.settled;
    }
    const recorded = this.requests.recorded(requestId);
    if (recorded) return this.#answerAgain(recorded, intentionType);
    const taking = asStepOf(requestId, intentionType, take);
    this.#inFlight.set(requestId, { intentionType, settled: taking.then(() => undefined, () => undefined) });
    try {
      return await taking;
    } finally {
      this.#inFlight.delete(requestId);
    }
  }

  /** What became of each request asked about: those that recorded their step, and those that did not. */
  outcomes(query: RequestOutcomesQuery): RequestOutcomes {
    const recorded: RecordedRequestView[] = [];
    const notRecorded: string[] = [];
    for (const requestId of new Set(query.requestIds)) {
      const found = this.requests.recorded(requestId);
      if (found) recorded.push({ requestId, intentionType: found.intentionType as IntentionType, at: found.recordedAt, visitId: found.visitId, staffId: null });
      else notRecorded.push(requestId);
    }
    return { kind: 'requestOutcomes', queryId: query.queryId, recorded, notRecorded };
  }

  #answerAgain(recorded: RecordedRequest, intentionType: IntentionType): Reply {
    if (recorded.intentionType !== intentionType) {
      this.logger.warn({ requestId: recorded.requestId, recorded: recorded.intentionType, sent: intentionType }, 'a request id was reused for another step');
      return requestIdReused();
    }
    this.logger.info({ requestId: recorded.requestId, intention: intentionType }, 'step sent again: answered with what it recorded the first time');
    return repliedAs(recorded);
  }
}
