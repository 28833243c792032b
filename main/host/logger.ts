/** The one logger (pino). Logs go to a file in the data folder: stdout is for people. */
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

export function fileLogger(dataDir: string, level = process.env['KIOSK_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ level }, pino.destination({ dest: join(dataDir, 'kiosk.log'), mkdir: true, sync: false }));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
