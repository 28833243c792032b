/**
 * Carrier: how messages travel between this screen and the kiosk host, and nothing else.
 *
 * Owns: transport (Electron preload bridge or WebSocket), parsing every incoming message with the
 * shared zod contract, and the request/reply bookkeeping. Must not touch: what a message means
 * clinically; the host decides that. Imports only from shared/contract.
 */
import './zod-without-eval.js';
import { FromHost, type MessageToHost } from '../../shared/contract/index.js';

// 'connecting' before the first link, 'reconnecting' after a link dropped: the screen says which.
export type Connection = 'connecting' | 'connected' | 'reconnecting';

export interface HostCarrier {
  /** Throws HostUnreachable when the message cannot be handed to the host right now. */
  send(message: MessageToHost): void;
  onMessage(listener: (m: FromHost) => void): () => void;
  // Beyond send/onMessage because the nurse must see when the screen has stopped updating.
  onConnection(listener: (c: Connection) => void): () => void;
}

export class HostUnreachable extends Error {
  constructor() {
    super('The kiosk host is not connected. Wait until it reconnects, then try again.');
    this.name = 'HostUnreachable';
  }
}

/** A message that fails the contract is dropped: acting on half a view could show the wrong person. */
export function parseFromHost(raw: unknown): FromHost | null {
  const parsed = FromHost.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn('Ignored a message from the kiosk host that does not match the contract.', parsed.error.issues);
  return null;
}
