/** `npm run kiosk:browser -- --data-dir <dir> --port <n>`: the kiosk served to a browser on 127.0.0.1. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { failedToStart, runBrowserShell } from './run-browser-shell.js';

function readArgs(): { dataDir: string; port: number } {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: 'kiosk-data' },
      port: { type: 'string', default: '5170' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}".`);
  return { dataDir: resolve(values['data-dir']), port };
}

try {
  const { dataDir, port } = readArgs();
  runBrowserShell(dataDir, port).catch(failedToStart);
} catch (error) {
  // An unknown option is a sentence too, not parseArgs' stack.
  failedToStart(error);
}
