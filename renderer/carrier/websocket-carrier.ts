/**
 * Carrier for the browser shell: a WebSocket to the host that served this page. The shell prints
 * this page's address with its per-launch secret in the query (`?secret=...`); the secret goes on
 * to the socket and nowhere else (the shell's CSP allows connections only to itself, and its
 * Referrer-Policy sends no address anywhere). Without it the shell refuses the socket, and this
 * screen stays "connecting".
 */
import type { FromHost, MessageToHost } from '../../shared/contract/index.js';
import { reconnectDelayMs, type BackoffSettings } from '../../shared/retry/reconnect-backoff.js';
import { HostUnreachable, parseFromHost, type Connection, type HostCarrier } from './host-carrier.js';

// The host is on this machine: a restart is back within seconds, so the cap is short.
const hostReconnectBackoff: BackoffSettings = { firstDelayMs: 250, maxDelayMs: 5_000 };

export function hostSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const secret = new URLSearchParams(location.search).get('secret');
  return `${scheme}://${location.host}/host${secret === null ? '' : `?secret=${encodeURIComponent(secret)}`}`;
}

export function webSocketCarrier(url: string): HostCarrier {
  const messageListeners = new Set<(m: FromHost) => void>();
  const connectionListeners = new Set<(c: Connection) => void>();
  let connection: Connection = 'connecting';
  let socket: WebSocket | null = null;
  let failedAttempts = 0;

  const announce = (next: Connection) => {
    connection = next;
    for (const listener of connectionListeners) listener(next);
  };

  const receive = (event: MessageEvent) => {
    if (typeof event.data !== 'string') {
      console.warn('Ignored a binary message from the kiosk host.');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(event.data);
    } catch {
      console.warn('Ignored a message from the kiosk host that is not JSON.');
      return;
    }
    const message = parseFromHost(raw);
    if (message) for (const listener of messageListeners) listener(message);
  };

  const connect = () => {
    const next = new WebSocket(url);
    socket = next;
    next.addEventListener('open', () => {
      failedAttempts = 0;
      announce('connected');
    });
    next.addEventListener('message', receive);
    next.addEventListener('close', () => {
      socket = null;
      // Back off so a host that is restarting is not flooded by every kiosk at once.
      failedAttempts += 1;
      if (connection === 'connected') announce('reconnecting');
      window.setTimeout(connect, reconnectDelayMs(hostReconnectBackoff, failedAttempts));
    });
  };

  connect();

  return {
    send(message: MessageToHost) {
      if (!socket || socket.readyState !== WebSocket.OPEN) throw new HostUnreachable();
      socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      return () => connectionListeners.delete(listener);
    },
  };
}
