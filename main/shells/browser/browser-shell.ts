/**
 * The browser shell: a plain Node process that runs the host core, serves the built renderer and
 * carries the message contract over a WebSocket on 127.0.0.1. It is how tests, demos and
 * development run the real product in Chromium, and a deployment in its own right (Chromium
 * --kiosk on a thin client). It knows nothing about doses: it only carries messages.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FromHost } from '../../../shared/contract/index.js';
import type { Host } from '../../host/host.js';
import type { Logger } from '../../host/logger.js';
import { serveRenderer } from './static-files.js';

export interface BrowserShellOptions {
  host: Host;
  rendererDir: string;
  port: number;
  logger: Logger;
}

export interface BrowserShell {
  url: string;
  close(): Promise<void>;
}

// A message larger than this is not one the renderer would ever send.
const maxMessageBytes = 64 * 1024;

function send(socket: WebSocket, message: FromHost): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function carryMessages(host: Host, socket: WebSocket, logger: Logger): void {
  send(socket, { kind: 'room', room: host.room() });
  const stopRoom = host.onRoom((room) => send(socket, { kind: 'room', room }));
  socket.on('message', (data) => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      logger.warn('a screen sent a message that is not JSON');
      return;
    }
    // Replies may now overtake one another (a step can await the network); the screen matches them by request id.
    host.receive(message).then(
      (reply) => { if (reply) send(socket, reply); },
      (error: unknown) => logger.error({ err: error }, 'the host failed to answer a message'),
    );
  });
  socket.on('close', stopRoom);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new Error(`Port ${port} on 127.0.0.1 is already in use, perhaps by another kiosk. Stop it, or choose another port with --port.`)
        : error);
    });
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const { host, logger } = options;
  const server = createServer((request, response) => {
    serveRenderer(options.rendererDir)(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'serving the renderer failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://kiosk.invalid').pathname !== '/host') {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => carryMessages(host, ws, logger));
  });
  const port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
