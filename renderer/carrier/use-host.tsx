import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Intention, Reply, RoomView } from '../../shared/contract/index.js';
import type { Connection } from './host-carrier.js';
import type { HostClient, StepOutcome } from './host-client.js';

const HostContext = createContext<HostClient | null>(null);

export function HostProvider({ client, children }: { client: HostClient; children: ReactNode }) {
  return <HostContext.Provider value={client}>{children}</HostContext.Provider>;
}

export interface Host {
  room: RoomView | null;
  connection: Connection;
  request: (intention: Intention, actorId: string | null) => Promise<Reply>;
  /** Steps sent before the link dropped, settled once it was back: recorded or to be done again. */
  stepOutcomes: readonly StepOutcome[];
  dismissStepOutcomes: () => void;
}

export function useHost(): Host {
  const client = useContext(HostContext);
  if (!client) throw new Error('useHost needs a HostProvider above it.');
  const { room, connection, stepOutcomes } = useSyncExternalStore(client.subscribe, client.state);
  return { room, connection, request: client.request, stepOutcomes, dismissStepOutcomes: client.dismissStepOutcomes };
}
