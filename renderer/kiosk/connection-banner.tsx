import type { Connection } from '../carrier/host-carrier.js';
import type { StepOutcome } from '../carrier/host-client.js';
import { useHost } from '../carrier/use-host.js';
import { stepWords } from './step-words.js';

/**
 * While the link is down the screen is frozen at its last view: say so, so nobody trusts it. Once
 * it is back, say what became of each step that was on its way when it dropped, as the host
 * answered: recorded, or to be done again by the people themselves (never sent again by itself).
 */
export function ConnectionBanner({ connection }: { connection: Connection }) {
  const { stepOutcomes, dismissStepOutcomes } = useHost();
  return (
    <>
      {connection === 'reconnecting' && <p className="banner banner-down" role="status">Reconnecting to the kiosk host…</p>}
      {stepOutcomes.length > 0 && (
        <div className="banner banner-step-outcomes" role="status">
          <ul>
            {stepOutcomes.map((outcome) => <li key={outcome.requestId}>{outcomeWords(outcome)}</li>)}
          </ul>
          <button type="button" onClick={dismissStepOutcomes}>OK</button>
        </div>
      )}
    </>
  );
}

function outcomeWords(outcome: StepOutcome): string {
  const words = stepWords[outcome.intentionType];
  return outcome.recorded
    ? `Recorded before the connection dropped: ${words}.`
    : `This step was not recorded: please do it again (${words}).`;
}
