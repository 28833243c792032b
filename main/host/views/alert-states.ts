/**
 * What in a visit is worth a sound, as states a screen can compare from one room view to the next:
 * each screen plays its site's sound once when one of these appears or changes. Decided here, with
 * the rules that make a card overdue or an observation a red flag, so a screen never judges either.
 */
import type { VisitView } from '../../../shared/contract/index.js';
import type { VisitContext } from '../../../shared/visit/visit-context.js';
import { openOverdoseResponse, redFlagsOf } from '../../../shared/visit/visit-rules.js';
import type { Due } from './due-next.js';

export function alertStates(context: VisitContext, due: Due): VisitView['alertStates'] {
  const response = openOverdoseResponse(context);
  const last = context.observations.at(-1);
  return {
    // While a response is open the card is "overdue" for the response itself: that has its own sound.
    observationOverdue: due.overdue && response === null,
    redFlagRecordedAt: last && redFlagsOf(context.rules, last).length > 0 ? last.at : null,
    overdoseStartedAt: response?.startedAt ?? null,
  };
}
