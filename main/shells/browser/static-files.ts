/**
 * Serves the built renderer: GET and HEAD only, never a file outside the renderer folder (a
 * request for `/../kiosk.db` or an encoded variant is refused before the disk is touched, and a
 * link inside the folder that points out of it is refused too), every response with the
 * security headers, refusals included.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../content-security-policy.js';
import { contentTypeOf, isInside, resolveInside } from '../renderer-files.js';

export function refuse(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/** The file a request names, after the pure guard and a realpath check; null when there is none to serve. */
async function fileFor(root: Promise<string>, urlPath: string): Promise<{ path: string; size: number } | null> {
  const realRoot = await root;
  const path = resolveInside(realRoot, urlPath);
  if (!path) return null;
  const real = await realpath(path).catch(() => null);
  if (!real || !isInside(realRoot, real)) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? { path: real, size: info.size } : null;
}

export function serveRenderer(rendererDir: string) {
  const root = realpath(rendererDir);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuse(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const file = await fileFor(root, new URL(request.url ?? '/', 'http://kiosk.invalid').pathname);
    if (!file) {
      refuse(response, 404, 'Not found');
      return;
    }
    response.writeHead(200, { ...securityHeaders, 'Content-Type': contentTypeOf(file.path), 'Content-Length': file.size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file.path).pipe(response);
  };
}
