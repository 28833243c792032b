/**
 * The browser shell against another local process: the host's WebSocket lets in only a screen
 * with this launch's secret and the shell's own Origin, and a refused one learns nothing (an
 * HTTP status, never a room view); every HTTP response carries the CSP and the other headers;
 * no request reads a file outside the renderer folder; the shell listens on 127.0.0.1 only.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { systemClock } from '../../main/host/clock.js';
import type { Host } from '../../main/host/host.js';
import { silentLogger } from '../../main/host/logger.js';
import { openKioskHost } from '../../main/host/open-kiosk-host.js';
import { frameText, startBrowserShell, type BrowserShell } from '../../main/shells/browser/browser-shell.js';
import { FromHost } from '../../shared/contract/index.js';
import { writeKioskConfig } from '../support/kiosk-data.js';
import { openShellSocket, spawnBrowserShell, type SpawnedShell } from '../support/spawned-shell.js';
import { freshDir } from '../support/temp-dir.js';

const dir = freshDir('kiosk-shell-security-');
let shell: SpawnedShell;
let page: URL;
let secret: string;

beforeAll(async () => {
  writeKioskConfig(dir.path, { breathalyser: { kind: 'none' } });
  shell = await spawnBrowserShell(dir.path);
  page = new URL(shell.url);
  secret = page.searchParams.get('secret') ?? '';
});
afterAll(async () => {
  await shell.kill();
  dir.remove();
});

interface Attempt { status: number | null; headers: IncomingHttpHeaders; messages: string[] }

/** Tries the host's socket as some other local process would, and reports what came back. */
function tryHostSocket(query: string, options: WebSocket.ClientOptions = {}, protocols: string[] = []): Promise<Attempt> {
  const socket = new WebSocket(`ws://127.0.0.1:${page.port}/host${query}`, protocols, options);
  const messages: string[] = [];
  socket.on('message', (data) => messages.push(frameText(data)));
  return new Promise((resolve) => {
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers, messages });
      socket.terminate();
    });
    // Let in: wait for the first message, which is the room view the shell sends at once.
    socket.once('open', () => socket.once('message', () => { socket.close(); resolve({ status: null, headers: {}, messages }); }));
    socket.once('error', () => undefined);
  });
}

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // A raw path: URL parsing in a client would tidy away the traversal being tested.
    const call = request({ host: '127.0.0.1', port: Number(page.port), path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on('error', reject);
    call.end();
  });
}

function expectSecurityHeaders(headers: IncomingHttpHeaders): void {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('the host socket', () => {
  it('refuses a connection without the secret, with a wrong one, or with the right one from another Origin, and sends it no room view', async () => {
    const wrongSecret = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    const attempts = {
      noSecret: await tryHostSocket('', { origin: page.origin }),
      wrongSecret: await tryHostSocket(`?secret=${wrongSecret}`, { origin: page.origin }),
      shortSecret: await tryHostSocket(`?secret=${secret.slice(0, 8)}`, { origin: page.origin }),
      foreignOrigin: await tryHostSocket(`?secret=${secret}`, { origin: 'http://127.0.0.1:1' }),
      otherSite: await tryHostSocket(`?secret=${secret}`, { origin: 'https://evil.example' }),
      noOrigin: await tryHostSocket(`?secret=${secret}`),
      // The secret is taken from the query of the socket's URL only, never from a cookie, a header or a subprotocol.
      secretAsCookie: await tryHostSocket('', { origin: page.origin, headers: { Cookie: `secret=${secret}` } }),
      secretAsHeader: await tryHostSocket('', { origin: page.origin, headers: { Authorization: `Bearer ${secret}` } }),
      secretAsProtocol: await tryHostSocket('', { origin: page.origin }, [secret]),
    };
    expect(Object.fromEntries(Object.entries(attempts).map(([name, attempt]) => [name, attempt.status]))).toEqual({
      noSecret: 401, wrongSecret: 401, shortSecret: 401, foreignOrigin: 403, otherSite: 403, noOrigin: 403,
      secretAsCookie: 401, secretAsHeader: 401, secretAsProtocol: 401,
    });
    for (const attempt of Object.values(attempts)) {
      expect(attempt.messages).toEqual([]);
      expectSecurityHeaders(attempt.headers);
    }
  });

  it('lets in the page the shell printed, which receives the room view', async () => {
    const socket = openShellSocket(shell.url);
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(frameText(data)));
      socket.once('error', reject);
    });
    socket.close();
    const message = FromHost.parse(JSON.parse(first));
    expect(message.kind).toBe('room');
  });

  it('never hands the secret out: not in the page, not in a header, not in a cookie', async () => {
    for (const path of ['/', '/index.html', `/?secret=${secret}`]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.body).not.toContain(secret);
      expect(JSON.stringify(response.headers)).not.toContain(secret);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('every HTTP response', () => {
  it('carries the CSP, nosniff and no-referrer: the page, its script, a refusal', async () => {
    const index = await get('/');
    expectSecurityHeaders(index.headers);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(script).toBeDefined();
    const responses = [index, await get(`/${script}`), await get('/no-such-file'), await get('/../kiosk.db')];
    for (const response of responses) expectSecurityHeaders(response.headers);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 404, 404]);
  });

  it('refuses a page asked for under another host name (DNS rebinding)', async () => {
    const response = await get('/', { Host: `kiosk.evil.example:${page.port}` });
    expect(response.status).toBe(421);
    expectSecurityHeaders(response.headers);
  });
});

describe('the listening address', () => {
  it('is 127.0.0.1 alone: the printed URL says so, the kernel agrees, and ::1 is refused', async () => {
    expect(page.hostname).toBe('127.0.0.1');
    if (existsSync('/proc/net/tcp')) {
      const portHex = Number(page.port).toString(16).toUpperCase().padStart(4, '0');
      const listening = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A')
        .map((fields) => fields[1]);
      // 0100007F is 127.0.0.1 in the kernel's little-endian hex.
      expect(listening).toEqual([`0100007F:${portHex}`]);
    }
    const v6 = await new Promise<string>((resolve) => {
      const socket = connect({ host: '::1', port: Number(page.port) });
      socket.once('connect', () => { socket.destroy(); resolve('connected'); });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(v6).not.toBe('connected');
  });
});

describe('static files', () => {
  const root = freshDir('kiosk-shell-files-');
  const rendererDir = join(root.path, 'renderer');
  const outside = 'THE LEDGER, WHICH MUST NEVER BE SERVED';
  let host: Host;
  let inProcess: BrowserShell;

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(root.path, 'kiosk.db'), outside);
    // A link inside the folder that points out of it: the pure guard passes it, the realpath check must not.
    symlinkSync(join(root.path, 'kiosk.db'), join(rendererDir, 'assets', 'linked.db'));
    const dataDir = join(root.path, 'data');
    mkdirSync(dataDir);
    writeKioskConfig(dataDir, { breathalyser: { kind: 'none' } });
    host = await openKioskHost({ dataDir, clock: systemClock, logger: silentLogger() });
    inProcess = await startBrowserShell({ host, rendererDir, port: 0, logger: silentLogger() });
  });
  afterAll(async () => {
    await inProcess.close();
    await host.close();
    root.remove();
  });

  it('answers 404 to every way out of the renderer folder, and never sends the file beside it', async () => {
    const { port } = new URL(inProcess.url);
    const fetchRaw = (path: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = request({ host: '127.0.0.1', port: Number(port), path }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      call.on('error', reject);
      call.end();
    });
    expect((await fetchRaw('/')).status).toBe(200);
    const ways = ['/../kiosk.db', '/%2e%2e/kiosk.db', '/%2E%2E%2Fkiosk.db', '/..%2fkiosk.db', '/assets/..%2f..%2fkiosk.db',
      '/%2e%2e%5ckiosk.db', '/assets/linked.db', '/..%00/kiosk.db', '//../kiosk.db', '/%252e%252e/kiosk.db'];
    for (const way of ways) {
      const response = await fetchRaw(way);
      expect({ way, status: response.status }).toEqual({ way, status: 404 });
      expect(response.body).not.toContain(outside);
    }
  });
});
