/**
 * The Overdose button: one touch, from any open visit, never behind a form or a confirmation
 * (docs/clinical-protocol.md, Overdose response). Owns: starting the response, or only showing it when
 * one is already open. Must not touch: whether it may start; the host never refuses it for a
 * clinical reason.
 */
import type { VisitView } from '../../shared/contract/index.js';
import { useActions } from '../kiosk/act.js';

export function useStartOverdoseResponse(visit: VisitView): () => Promise<void> {
  const { act } = useActions();
  return async () => {
    if (visit.overdose?.open) return;
    // Tapped as it is noticed: "now". An earlier time goes with each naloxone dose instead.
    await act({ type: 'startOverdoseResponse', visitId: visit.visitId, noticedMinutesAgo: 0 });
  };
}

export function OverdoseButton({ visit, name, onStarted }: {
  visit: VisitView;
  // The accessible name: plain "Overdose" on a visit screen, with the person's name on the board.
  name: string;
  onStarted: () => void;
}) {
  const start = useStartOverdoseResponse(visit);
  return (
    <button type="button" className="overdose-button" aria-label={name}
      // The panel opens at once, even before the host answers: the response must not wait on a reply.
      onClick={() => { onStarted(); void start(); }}>
      Overdose
    </button>
  );
}
