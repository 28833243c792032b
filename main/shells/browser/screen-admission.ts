/**
 * Who may open the host's WebSocket. The room view names the people in the room, so a screen is
 * let in only with this launch's secret and from the page this shell served:
 *
 * - the secret (32 random bytes, base64url, new at every launch) reaches the screen only in the
 *   URL the shell prints for whoever started it; the shell never serves it, so another local
 *   process cannot fetch it the way it could fetch a page or a cookie;
 * - the Origin must be this shell's own, so a web page in another tab or on another local port
 *   (which a browser lets open a WebSocket anywhere) is refused even if it learnt the secret.
 *
 * A refusal is an HTTP status on the upgrade and nothing else: no room view, no hint which check failed beyond the status.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const secretParameter = 'secret';

export function newLaunchSecret(): string {
  return randomBytes(32).toString('base64url');
}

export type Admission = { admitted: true } | { admitted: false; status: 401 | 403 | 404; reason: string };

function sameSecret(given: string | null, secret: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Decides an upgrade request from its path, query and Origin header alone. */
export function admitScreen(request: Pick<IncomingMessage, 'url' | 'headers'>, expected: { origin: string; secret: string }): Admission {
  const url = new URL(request.url ?? '/', 'http://kiosk.invalid');
  if (url.pathname !== '/host') return { admitted: false, status: 404, reason: 'not the host socket' };
  if (!sameSecret(url.searchParams.get(secretParameter), expected.secret)) return { admitted: false, status: 401, reason: 'no or wrong launch secret' };
  if (request.headers.origin !== expected.origin) return { admitted: false, status: 403, reason: `origin ${request.headers.origin ?? '(none)'}` };
  return { admitted: true };
}
