/**
 * Notices a device whose line ending is not its profile's: one that ends lines with LF alone, or
 * CR alone, while the profile expects CR LF (or the other way round) never completes a line, so
 * without this the kiosk would sit silent until the test's whole result time ran out and staff
 * would never learn why (issue 14).
 *
 * Pure, like the line splitter beside it: the bytes since the profile's terminator last arrived
 * are counted, not kept, with the other line endings seen among them. The adapter asks for the
 * verdict a couple of seconds after the first unterminated byte, since a line may legitimately
 * arrive in pieces; only the evidence here (another ending, or more bytes than any line may hold)
 * makes it a mismatch, so a half line from a device switched off mid-line is not called one.
 */

export type LineEndingName = 'CR' | 'LF' | 'CRLF';

export interface LineEndingWatch {
  /** The profile's terminator, one latin1 character per byte. */
  readonly terminator: string;
  readonly maxLineLength: number;
  /** Bytes since the profile's terminator last arrived (or since the port opened). */
  readonly unterminatedBytes: number;
  /** Line endings other than the profile's among those bytes. */
  readonly otherEndings: readonly LineEndingName[];
  /**
   * The last bytes, looked at again with the next chunk, so a terminator or a CR LF split across
   * two chunks is still seen whole. A CR at the very end is not yet judged: an LF may follow.
   * Never more than the terminator's length or two bytes, so the watch stays bounded.
   */
  readonly tail: string;
}

/** What arrived and what the profile expects, in the names an engineer sets a device by. */
export interface LineEndingMismatch {
  /** The other ending the device sends, or null when it sent none at all within a line's length. */
  sent: LineEndingName | null;
  expected: string;
  unterminatedBytes: number;
}

const namedEndings: Readonly<Record<string, LineEndingName>> = { '\r\n': 'CRLF', '\n': 'LF', '\r': 'CR' };

/** CRLF, LF or CR; any other terminator as its bytes in hex, e.g. "0x03". */
export function lineEndingName(terminator: string): string {
  return namedEndings[terminator] ?? [...terminator].map((character) => `0x${character.charCodeAt(0).toString(16).padStart(2, '0')}`).join(' ');
}

export function emptyLineEndingWatch(settings: { terminator: string; maxLineLength: number }): LineEndingWatch {
  return { terminator: settings.terminator, maxLineLength: settings.maxLineLength, unterminatedBytes: 0, otherEndings: [], tail: '' };
}

/** The line endings in `text` from `from` on (the byte before may be looked back at), a CR at its very end left unjudged. */
function endingsIn(text: string, from: number): LineEndingName[] {
  const found = new Set<LineEndingName>();
  for (let index = from; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\n') found.add(text[index - 1] === '\r' ? 'CRLF' : 'LF');
    else if (character === '\r' && index + 1 < text.length && text[index + 1] !== '\n') found.add('CR');
  }
  return [...found];
}

/** Pure: the watch after `chunk` has arrived. */
export function watchLineEndings(watch: LineEndingWatch, chunk: Uint8Array): LineEndingWatch {
  const text = watch.tail + Buffer.from(chunk).toString('latin1');
  const lastTerminator = text.lastIndexOf(watch.terminator);
  const fresh = lastTerminator >= 0;
  const since = fresh ? text.slice(lastTerminator + watch.terminator.length) : text;
  // The terminator's last byte is looked at too: a CR LF device under a CR profile shows as an LF
  // after each CR, which is CRLF, not LF alone. The profile's own ending is never "other".
  const context = fresh ? text.slice(lastTerminator + watch.terminator.length - 1) : text;
  const seen = new Set(fresh ? [] : watch.otherEndings);
  for (const ending of endingsIn(context, fresh ? 1 : 0)) if (ending !== namedEndings[watch.terminator]) seen.add(ending);
  const unterminatedBytes = fresh ? since.length : watch.unterminatedBytes + chunk.length;
  // All but the last byte of the terminator, and two bytes at least: a CR awaiting its LF, and the
  // byte before an LF. Cut from the whole text, not from after the terminator: a terminator kept
  // in the tail is found again with the next chunk, which cuts in the same place.
  const tail = text.slice(-Math.max(watch.terminator.length - 1, 2));
  return { ...watch, unterminatedBytes, otherEndings: [...seen], tail };
}

/**
 * The verdict once bytes have gone unterminated for a while: null while nothing is waiting or
 * nothing says the ending is wrong (a half line). A CR still at the end now counts as CR alone,
 * since no LF came after it in all that time.
 */
export function lineEndingMismatch(watch: LineEndingWatch): LineEndingMismatch | null {
  if (watch.unterminatedBytes === 0) return null;
  const seen = new Set(watch.otherEndings);
  if (watch.tail.endsWith('\r') && watch.terminator !== '\r') seen.add('CR');
  const sent = (['CRLF', 'LF', 'CR'] as const).find((ending) => seen.has(ending)) ?? null;
  const overLong = watch.unterminatedBytes > watch.maxLineLength + watch.terminator.length;
  if (sent === null && !overLong) return null;
  return { sent, expected: lineEndingName(watch.terminator), unterminatedBytes: watch.unterminatedBytes };
}
