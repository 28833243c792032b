import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Intention, Reply, RoomView } from '../../shared/contract/index.js';
import type { Connection } from './host-carrier.js';
import type { HostClient } from './host-client.js';

const HostContext = createContext<HostClient | null>(null);

export function HostProvider({ client, children }: { client: HostClient; children: ReactNode }) {
  return <HostContext.Provider value={client}>{children}</HostContext.Provider>;
}

export interface Host {
  room: RoomView | null;
  connection: Connection;
  request: (intention: Intention, actorId: string | null) => Promise<Reply>;
}

export function useHost(): Host {
  const client = useContext(HostContext);
  if (!client) throw new Error('useHost needs a HostProvider above it.');
  const { room, connection } = useSyncExternalStore(client.subscribe, client.state);
  return { room, connection, request: client.request };
}
