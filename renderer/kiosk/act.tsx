/**
 * Sending an intention from a screen: one place that turns the host's answer into what the nurse
 * sees (a refusal in the host's words, cleared by the next accepted step).
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Intention, Reply } from '../../shared/contract/index.js';
import { useHost } from '../carrier/use-host.js';
import { useActingAs } from '../staff/acting-as.js';

interface Actions {
  /**
   * Resolves with the accepted reply, or null when the step was refused or not sent. Sent as the
   * acting person unless `as` names someone else (null: signing in, before anyone acts).
   */
  act: (intention: Intention, as?: string | null) => Promise<Extract<Reply, { ok: true }> | null>;
  /** Something the screen itself needs before it can send (an empty amount, say). */
  explain: (problem: string) => void;
  clear: () => void;
  refusal: string | null;
}

const ActionsContext = createContext<Actions | null>(null);

export function ActionsProvider({ children }: { children: ReactNode }) {
  const { request } = useHost();
  const actorId = useActingAs().actor?.id ?? null;
  const [refusal, setRefusal] = useState<string | null>(null);
  // A gloved double tap must not send the same step twice while the first is still on its way.
  const inFlight = useRef(new Set<string>());

  const act = useCallback<Actions['act']>(async (intention, as) => {
    const key = JSON.stringify(intention);
    if (inFlight.current.has(key)) return null;
    inFlight.current.add(key);
    try {
      const reply = await request(intention, as === undefined ? actorId : as);
      setRefusal(reply.ok ? null : reply.reason);
      return reply.ok ? reply : null;
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : 'The kiosk host did not answer. Try again.');
      return null;
    } finally {
      inFlight.current.delete(key);
    }
  }, [request, actorId]);

  const actions = useMemo<Actions>(
    () => ({ act, explain: setRefusal, clear: () => setRefusal(null), refusal }),
    [act, refusal],
  );
  return <ActionsContext.Provider value={actions}>{children}</ActionsContext.Provider>;
}

export function useActions(): Actions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActions needs an ActionsProvider above it.');
  return actions;
}
