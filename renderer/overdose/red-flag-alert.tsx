/**
 * The last observation is past a site-rule threshold: the words in red, and the overdose response
 * one touch away (docs/clinical-protocol.md, "Post-dose observation"). Owns: offering the
 * response. Must not touch: what counts as a red flag; the host sends the words.
 */
import type { VisitView } from '../../shared/contract/index.js';
import { useStartOverdoseResponse } from './overdose-button.js';

export function RedFlagAlert({ visit, onStarted }: { visit: VisitView; onStarted: () => void }) {
  const start = useStartOverdoseResponse(visit);
  if (visit.redFlags.length === 0) return null;
  const open = visit.overdose?.open === true;
  return (
    <section className="red-flag-alert" aria-label="Red flag">
      <p className="red-flag-title">Red flag at the last observation</p>
      <ul className="caution-list">
        {visit.redFlags.map((flag) => <li key={flag}>{flag}</li>)}
      </ul>
      {open ? (
        <p className="note">The overdose response is open.</p>
      ) : (
        <button type="button" className="overdose-button"
          // As with the Overdose button: the panel opens at once, before the host answers.
          onClick={() => { onStarted(); void start(); }}>
          Start overdose response
        </button>
      )}
    </section>
  );
}
