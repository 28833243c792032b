import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const cli = fileURLToPath(new URL('../../dist/main/shells/browser/cli.js', import.meta.url));

/** The real browser-shell process (built), as `npm run kiosk:browser` starts it. */
export interface SpawnedShell {
  /** The page URL the shell printed, with its launch secret. */
  url: string;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Opens the host's WebSocket as the page at `pageUrl` would: the launch secret from the URL the
 * shell printed, and that page's Origin. The only way a test screen gets in, like a real one.
 */
export function openShellSocket(pageUrl: string): WebSocket {
  const page = new URL(pageUrl);
  const socketUrl = new URL('/host', page);
  socketUrl.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const secret = page.searchParams.get('secret');
  if (secret !== null) socketUrl.searchParams.set('secret', secret);
  return new WebSocket(socketUrl, { origin: page.origin });
}

export function spawnBrowserShell(dataDir: string): Promise<SpawnedShell> {
  const child = spawn(process.execPath, [cli, '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser shell did not start in time:\n${output}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (!ready?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: ready[1],
        process: child,
        kill: (signal = 'SIGTERM') => new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill(signal);
        }),
      });
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`The browser shell exited (${code}) before it was ready:\n${output}`)); });
  });
}
