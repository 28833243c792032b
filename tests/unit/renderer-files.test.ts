/**
 * The guards in front of the renderer's files, as pure functions: the `kiosk://app/` scheme of
 * the Electron shell (only our host, GET only, never a path out of the renderer folder), and the
 * one content security policy both shells send, which the page's own <meta> policy must match.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rendererPolicy } from '../../main/shells/content-security-policy.js';
import { isKioskUrl, kioskStartUrl, rendererFileFor } from '../../main/shells/electron/kiosk-scheme.js';
import { resolveInside } from '../../main/shells/renderer-files.js';

const root = '/opt/kiosk/resources/app.asar/dist/renderer';
const get = (url: string) => rendererFileFor(root, { method: 'GET', url });

describe('the kiosk:// scheme', () => {
  it('serves the renderer\'s own files', () => {
    expect(get(kioskStartUrl)).toBe(`${root}/index.html`);
    expect(get('kiosk://app/')).toBe(`${root}/index.html`);
    expect(get('kiosk://app/assets/index-abc.js')).toBe(`${root}/assets/index-abc.js`);
    expect(get('kiosk://app/assets/index-abc.js?v=1#top')).toBe(`${root}/assets/index-abc.js`);
  });

  it('never names a file outside the renderer folder, however the way out is spelt', () => {
    for (const url of [
      'kiosk://app/../kiosk.db',
      'kiosk://app/%2e%2e/kiosk.db',
      'kiosk://app/%2E%2E%2Fkiosk.db',
      'kiosk://app/..%2f..%2fkiosk.db',
      'kiosk://app/assets/..%2F..%2F..%2Fkiosk.json',
      'kiosk://app/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
      'kiosk://app/assets/%00.js',
      'kiosk://app/%E0%A4%A',
    ]) {
      const file = get(url);
      expect(file === null || file.startsWith(`${root}/`), `${url} gave ${file}`).toBe(true);
    }
    expect(get('kiosk://app/%2e%2e%2fkiosk.db')).toBeNull();
    expect(get('kiosk://app/..%2fkiosk.db')).toBeNull();
    expect(get('kiosk://app/assets/%00.js')).toBeNull();
  });

  it('answers GET only, and only for our own host', () => {
    expect(rendererFileFor(root, { method: 'POST', url: kioskStartUrl })).toBeNull();
    expect(rendererFileFor(root, { method: 'HEAD', url: kioskStartUrl })).toBeNull();
    for (const url of ['kiosk://evil/index.html', 'kiosk://app.evil/index.html', 'kiosk://user@app/index.html',
      'kiosk://app:8080/index.html', 'file:///etc/passwd', 'https://app/index.html', 'app://kiosk/index.html', 'not a url']) {
      expect({ url, file: get(url), ours: isKioskUrl(url) }).toEqual({ url, file: null, ours: false });
    }
  });

  it('resolves a path by its segments, not its prefix: a sibling folder named like the renderer is outside', () => {
    expect(resolveInside('/srv/renderer', '/../renderer-secrets/key')).toBeNull();
    expect(resolveInside('/srv/renderer', '/%2e%2e/renderer-secrets/key')).toBeNull();
  });
});

describe('the content security policy', () => {
  it('forbids inline script, eval, other origins and framing', () => {
    expect(rendererPolicy).toContain("default-src 'none'");
    expect(rendererPolicy).toContain("script-src 'self'");
    expect(rendererPolicy).toContain("frame-ancestors 'none'");
    expect(rendererPolicy).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });

  it('is the policy in the page\'s own <meta>, less frame-ancestors, which a meta policy cannot carry', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const header = rendererPolicy.split('; ').filter((directive) => !directive.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(header);
  });
});
