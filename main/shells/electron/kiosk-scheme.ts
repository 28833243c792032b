/**
 * The renderer's own origin in the Electron shell: `kiosk://app/`, a standard, secure scheme
 * served from the built renderer folder (not file://, whose pages may read any file the user can,
 * and all share one origin). Pure, so the guard is tested in plain Node without Electron.
 */
import { resolveInside } from '../renderer-files.js';

export const kioskScheme = 'kiosk';
export const kioskOrigin = 'kiosk://app';
export const kioskStartUrl = `${kioskOrigin}/index.html`;

/** True for a URL of our own origin only: the scheme and the host both, not a look-alike. */
export function isKioskUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${kioskScheme}:` && parsed.host === 'app' && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/** The renderer file a `kiosk://` request may read: GET only, our host only, never outside `rendererDir`. */
export function rendererFileFor(rendererDir: string, request: { method: string; url: string }): string | null {
  if (request.method !== 'GET' || !isKioskUrl(request.url)) return null;
  return resolveInside(rendererDir, new URL(request.url).pathname);
}
