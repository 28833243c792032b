/**
 * The one logger (pino). Logs go to kiosk.log in the data folder (stdout is for people), through
 * a destination that never blocks or stops the host when the disk fills or fails
 * (logging/kiosk-log-file.ts); `logHealthOf` says whether lines are being lost, for the screen.
 */
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { KioskLogFile } from './logging/kiosk-log-file.js';
import type { LogHealth } from './logging/log-health.js';

export type { Logger, LogHealth };

export const logFileName = 'kiosk.log';

const logFiles = new WeakMap<Logger, KioskLogFile>();

export function fileLogger(dataDir: string, level = process.env['KIOSK_LOG_LEVEL'] ?? 'info'): Logger {
  const file = new KioskLogFile({ file: join(dataDir, logFileName) });
  const logger = pino({ level }, file);
  logFiles.set(logger, file);
  process.once('exit', () => file.flushSync());
  return logger;
}

/** Whether `logger`'s kiosk.log is being written; null for a logger that writes no file (silent, tests). */
export function logHealthOf(logger: Logger): LogHealth | null {
  return logFiles.get(logger)?.health() ?? null;
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
