/**
 * The browser shell: a plain Node process that runs the host core, serves the built renderer and
 * carries the message contract over a WebSocket on 127.0.0.1. It is how tests, demos and
 * development run the real product in Chromium, and a deployment in its own right (Chromium
 * --kiosk on the same machine). It knows nothing about doses: it only carries messages, and only
 * to a screen that screen-admission.ts lets in.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { FromHost } from '../../../shared/contract/index.js';
import type { Host } from '../../host/host.js';
import type { Logger } from '../../host/logger.js';
import { securityHeaders } from '../content-security-policy.js';
import { admitScreen, newLaunchSecret, secretParameter } from './screen-admission.js';
import { refuse, serveRenderer } from './static-files.js';

export interface BrowserShellOptions {
  host: Host;
  rendererDir: string;
  port: number;
  logger: Logger;
}

export interface BrowserShell {
  /** The page to open, with this launch's secret: give it only to the screen. */
  url: string;
  /** The only Origin the host's WebSocket accepts. */
  origin: string;
  close(): Promise<void>;
}

// A message larger than this is not one the renderer would ever send.
const maxMessageBytes = 64 * 1024;

function send(socket: WebSocket, message: FromHost): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** A frame's text. ws hands each frame over as one Buffer (its default binaryType); the other shapes are its other settings. */
export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString();
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString();
}

function carryMessages(host: Host, socket: WebSocket, logger: Logger): void {
  send(socket, { kind: 'room', room: host.room() });
  const stopRoom = host.onRoom((room) => send(socket, { kind: 'room', room }));
  socket.on('message', (data) => {
    let message: unknown;
    try {
      message = JSON.parse(frameText(data));
    } catch {
      logger.warn('a screen sent a message that is not JSON');
      return;
    }
    // Replies may now overtake one another (a step can await the network); the screen matches them by request id.
    host.respond(message).then(
      (reply) => { if (reply) send(socket, reply); },
      (error: unknown) => logger.error({ err: error }, 'the host failed to answer a message'),
    );
  });
  socket.on('close', stopRoom);
}

/** Answers a refused upgrade with its status and the usual headers, then hangs up: the socket never opens. */
function refuseUpgrade(socket: Duplex, status: number): void {
  const body = `${STATUS_CODES[status] ?? 'Refused'}\n`;
  const headers = { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n');
  socket.on('error', () => undefined);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\n${head}\r\n\r\n${body}`);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new Error(`Port ${port} on 127.0.0.1 is already in use, perhaps by another kiosk. Stop it, or choose another port with --port.`)
        : error);
    });
    // Loopback only: the kiosk's screen runs on the same machine, and nothing else may reach the host.
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { host, logger } = options;
  const secret = newLaunchSecret();
  const serve = serveRenderer(options.rendererDir);
  let ownHost = '';
  const server = createServer((request, response) => {
    // A page reached under another name (DNS rebinding) is not ours to serve.
    if (request.headers.host !== ownHost) {
      refuse(response, 421, 'Misdirected request');
      return;
    }
    serve(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'serving the renderer failed');
      if (!response.headersSent) refuse(response, 500, 'The kiosk could not serve this file.');
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  let origin = '';
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const admission = admitScreen(request, { origin, secret });
    if (!admission.admitted) {
      logger.warn({ status: admission.status, reason: admission.reason }, 'a connection to the host socket was refused');
      refuseUpgrade(socket, admission.status);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => carryMessages(host, ws, logger));
  });
  const port = await listen(server, options.port);
  ownHost = `127.0.0.1:${port}`;
  origin = `http://${ownHost}`;
  return {
    url: `${origin}/?${secretParameter}=${secret}`,
    origin,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
