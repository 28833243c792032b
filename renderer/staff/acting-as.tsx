/**
 * Who is using the wall screen right now. Several staff are signed in at once; every intention
 * carries the acting person's id, so the ledger says who did each step. Owns: remembering the
 * chosen person. Must not touch: what a role may do (the host sends `may` and `reports` and
 * enforces them; the screen only hides what would be refused anyway).
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { IntentionType, OnDutyCard, ReportName } from '../../shared/contract/index.js';
import { useHost } from '../carrier/use-host.js';

interface ActingAs {
  actor: OnDutyCard | null;
  onDuty: readonly OnDutyCard[];
  actAs: (staffId: string) => void;
  may: (type: IntentionType) => boolean;
  mayRead: (report: ReportName) => boolean;
}

const ActingAsContext = createContext<ActingAs | null>(null);

/**
 * The chosen id is kept even while it is not (or no longer) on duty, and the actor is worked out
 * from the latest room view: a sign-in reply can arrive before the room view that lists the new
 * person, and a signed-out actor must never keep acting.
 */
export function pickActor(chosenId: string | null, onDuty: readonly OnDutyCard[]): OnDutyCard | null {
  return onDuty.find((s) => s.id === chosenId) ?? onDuty[0] ?? null;
}

// One empty list for every view without a room, so the context value is not new at each render.
const nobodyOnDuty: readonly OnDutyCard[] = [];

export function ActingAsProvider({ children }: { children: ReactNode }) {
  const { room } = useHost();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const onDuty = room?.staffOnDuty ?? nobodyOnDuty;
  const actor = pickActor(chosenId, onDuty);
  const value = useMemo<ActingAs>(() => ({
    actor,
    onDuty,
    actAs: setChosenId,
    may: (type) => actor?.may.includes(type) ?? false,
    mayRead: (report) => actor?.reports.includes(report) ?? false,
  }), [actor, onDuty]);
  return <ActingAsContext.Provider value={value}>{children}</ActingAsContext.Provider>;
}

export function useActingAs(): ActingAs {
  const actingAs = useContext(ActingAsContext);
  if (!actingAs) throw new Error('useActingAs needs an ActingAsProvider above it.');
  return actingAs;
}
