/**
 * What went wrong with central, in words a nurse can act on (or pass to support). The raw error
 * goes to the log; the screen gets the sentence.
 */
import { UntrustedEventError } from './import-events.js';

interface PgLikeError { code?: string; message?: string }

const byCode: Record<string, string> = {
  ECONNREFUSED: 'The central store refused the connection: it may be down, or the network is not reaching it.',
  ENOTFOUND: 'The central store\'s address could not be found: check the network.',
  EAI_AGAIN: 'The central store\'s address could not be looked up: check the network.',
  ETIMEDOUT: 'The central store did not answer in time.',
  ECONNRESET: 'The connection to the central store was cut.',
  EHOSTUNREACH: 'The central store cannot be reached from this network.',
  ENETUNREACH: 'This kiosk has no network route to the central store.',
  '28P01': 'The central store refused this kiosk\'s password: ask support to check "central" in kiosk.json.',
  '28000': 'The central store does not accept this kiosk\'s login: ask support to check "central" in kiosk.json.',
  '3D000': 'The central database named in kiosk.json does not exist: ask support.',
  '57P01': 'The central store is restarting.',
  '57P02': 'The central store is restarting.',
  '57P03': 'The central store is starting up and not yet accepting connections.',
  '53300': 'The central store has too many connections open.',
  '42501': 'The central store refused this kiosk permission for a sync step: ask support to check its role.',
};

export function syncErrorWords(error: unknown): string {
  if (error instanceof UntrustedEventError) return error.message;
  const { code, message = String(error) } = (error ?? {}) as PgLikeError;
  if (code && code.startsWith('CK')) return message;
  if (code && byCode[code]) return byCode[code];
  if (/timeout/i.test(message)) return 'The central store did not answer in time.';
  if (/terminated|ended|closed|socket hang up/i.test(message)) return 'The connection to the central store was cut.';
  return `The central store answered with an error: ${message}`;
}
