/**
 * Which file of the built renderer a request may read, for both shells. Pure: it never touches the
 * disk, so a request for `/../kiosk.db`, `/%2e%2e/kiosk.db` or `/..%2fkiosk.db` is refused before
 * anything is opened (the shells add a realpath check for links on top).
 */
import { extname, join, normalize, sep } from 'node:path';

/** The file under `root` that `urlPath` (a URL's pathname, still percent-encoded) names, or null when it would leave `root`. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  return isInside(root, full) ? full : null;
}

export function isInside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path)] ?? 'application/octet-stream';
}
