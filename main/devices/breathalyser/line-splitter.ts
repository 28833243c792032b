/**
 * Turns the serial byte stream into lines, within a fixed bound.
 *
 * A device that never sends its terminator, or line noise, must not grow memory without limit
 * (docs/breathalyser-protocols.md), so an over-long line is dropped, counted, and the splitter picks up
 * again after the next terminator, as zwave-js's parser resynchronises and reports what it discarded.
 * The core is a pure step function over an immutable state; `createLineSplitter` is a small
 * stateful convenience for the port's data handler.
 */

export interface LineSplitterSettings {
  terminator: string;
  maxLineLength: number;
}

export interface LineSplitterState {
  readonly terminator: Uint8Array;
  readonly maxLineLength: number;
  /** Bytes of the line in progress; never longer than maxLineLength + terminator length - 1. */
  readonly held: Uint8Array;
  /** True while throwing away the rest of an over-long line, up to its terminator. */
  readonly discarding: boolean;
}

export interface SplitResult {
  /** Complete lines without their terminator, one latin1 character per byte so checksums see raw bytes. */
  lines: string[];
  /** Bytes of over-long lines thrown away during this feed (terminators not counted). */
  discardedBytes: number;
}

export function emptyLineSplitter(settings: LineSplitterSettings): LineSplitterState {
  return {
    terminator: Uint8Array.from(Buffer.from(settings.terminator, 'latin1')),
    maxLineLength: settings.maxLineLength,
    held: new Uint8Array(0),
    discarding: false,
  };
}

function endsWith(held: Uint8Array, length: number, terminator: Uint8Array): boolean {
  if (length < terminator.length) return false;
  const offset = length - terminator.length;
  return terminator.every((byte, index) => held[offset + index] === byte);
}

/** Pure: the same state and chunk always give the same next state and result. */
export function splitLines(state: LineSplitterState, chunk: Uint8Array): { state: LineSplitterState; result: SplitResult } {
  const { terminator, maxLineLength } = state;
  // Content plus a partial terminator is the most a line that may still be valid can hold.
  const limit = maxLineLength + terminator.length - 1;
  const buffer = new Uint8Array(limit + 1);
  buffer.set(state.held);
  let length = state.held.length;
  let discarding = state.discarding;
  const lines: string[] = [];
  let discardedBytes = 0;

  for (const byte of chunk) {
    buffer[length] = byte;
    length += 1;
    if (endsWith(buffer, length, terminator)) {
      const content = length - terminator.length;
      if (discarding) discardedBytes += content;
      else lines.push(Buffer.from(buffer.subarray(0, content)).toString('latin1'));
      length = 0;
      discarding = false;
    } else if (length > limit) {
      // Keep only what could still be the start of a terminator, so resynchronising never misses one.
      const keep = terminator.length - 1;
      discardedBytes += length - keep;
      buffer.copyWithin(0, length - keep, length);
      length = keep;
      discarding = true;
    }
  }

  const held = buffer.slice(0, length);
  return { state: { terminator, maxLineLength, held, discarding }, result: { lines, discardedBytes } };
}

export interface LineSplitter {
  feed(chunk: Uint8Array): SplitResult;
  /** Bytes currently held for the line in progress; exposed so tests can prove the bound. */
  heldBytes(): number;
}

export function createLineSplitter(settings: LineSplitterSettings): LineSplitter {
  let state = emptyLineSplitter(settings);
  return {
    feed(chunk) {
      const step = splitLines(state, chunk);
      state = step.state;
      return step.result;
    },
    heldBytes: () => state.held.length,
  };
}
