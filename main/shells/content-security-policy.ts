/**
 * The one content security policy for the renderer, in both shells. The renderer is our own
 * bundle only: no inline script, no eval, nothing from another origin. Photos are data: URLs
 * (shared/contract allows only base64 JPEG, PNG and WebP from a screen; demo portraits are SVG).
 * React's `style={...}` goes through the CSSOM, which style-src does not restrict.
 */
export const rendererPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // 'self' covers ws:// to the same host and port (CSP 3); the Electron window has no network at all.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  // Only as a header: a <meta> policy cannot say who may frame the page.
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response of either shell carries, the renderer's files and refusals alike. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': rendererPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
