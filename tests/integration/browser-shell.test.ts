/**
 * The browser shell's edges: it serves only the built renderer (no path out of it), listens on
 * 127.0.0.1 only, and a message that is not JSON or fails the contract changes nothing.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside } from '../../main/shells/renderer-files.js';
import { readLedger, writeKioskConfig } from '../support/kiosk-data.js';
import { ShellConnection, demo } from '../support/host-session.js';
import { spawnBrowserShell, type SpawnedShell } from '../support/spawned-shell.js';
import { freshDir } from '../support/temp-dir.js';

const dir = freshDir();
let shell: SpawnedShell;

beforeAll(async () => {
  writeKioskConfig(dir.path, { breathalyser: { kind: 'none' } });
  shell = await spawnBrowserShell(dir.path);
});
afterAll(async () => {
  await shell.kill();
  dir.remove();
});

function get(path: string, method = 'GET'): Promise<number> {
  const { port } = new URL(shell.url);
  return new Promise((resolve, reject) => {
    // A raw path: URL parsing in a client would tidy away the traversal being tested.
    const call = request({ host: '127.0.0.1', port, path, method }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    call.on('error', reject);
    call.end();
  });
}

describe('the browser shell', () => {
  it('serves the renderer and nothing outside it', async () => {
    expect(await get('/')).toBe(200);
    expect(await get('/index.html')).toBe(200);
    for (const path of ['/../kiosk.db', '/..%2f..%2fkiosk.db', '/%2e%2e/%2e%2e/package.json', '/assets/%00', '/%E0%A4%A']) {
      expect(await get(path)).toBe(404);
    }
    expect(await get('/', 'POST')).toBe(405);
    expect(resolveInside('/srv/renderer', '/../secret')).toBeNull();
    expect(resolveInside('/srv/renderer', '/..%2Fsecret')).toBeNull();
    expect(resolveInside('/srv/renderer', '/assets/app.js')).toBe('/srv/renderer/assets/app.js');
  });

  it('listens on the loopback address only', () => {
    expect(new URL(shell.url).hostname).toBe('127.0.0.1');
  });

  it('answers a message that fails the contract with a reason, and records nothing', async () => {
    const screen = await ShellConnection.open(shell.url);
    const before = readLedger(dir.path);
    screen.sendRaw('not json at all');
    const replies = await Promise.all([
      screen.askAnything({ type: 'startVisit', serviceUserId: '' }),
      screen.askAnything({ type: 'recordWaste', visitId: 'not-a-uuid', wastedMg: 10 }),
      screen.askAnything({ type: 'grantMyselfAdmin' }),
    ]);
    for (const reply of replies) expect(reply).toEqual({ ok: false, code: 'notUnderstood', reason: expect.any(String) });
    expect(await screen.ask({ type: 'signIn', badgeNumber: demo.nurse.badgeNumber, pin: demo.nurse.pin }))
      .toEqual({ ok: true, visitId: null, staffId: 'demo-staff-nurse', report: null });
    expect(readLedger(dir.path)).toEqual(before);
    screen.close();
  });
});
