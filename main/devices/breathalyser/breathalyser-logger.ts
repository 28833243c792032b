/**
 * The part of a pino logger the breathalyser uses: the host passes its own (one logger, pino, for the whole kiosk),
 * and a part given none logs nothing.
 */
import { pino } from 'pino';

export interface BreathalyserLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export type LogLevel = keyof BreathalyserLogger;

/** A log line a pure decider (port-lifecycle.ts, test-binding.ts) asks its adapter to write. */
export interface LogCommand {
  do: 'log';
  level: LogLevel;
  details: object;
  message: string;
}

export function silentBreathalyserLogger(): BreathalyserLogger {
  return pino({ level: 'silent' });
}
