/**
 * Reads the transcript `socat -x -v <device>,raw,echo=0 -` writes to stderr while a clinic
 * captures its breathalyser (docs/breathalyser-capture.md): one block per read, each a header
 * `> 2026/11/23 09:23:26.000952849  length=7 from=0 to=6` and hex-dump lines ` 42 41 43 ...  BAC...`.
 * `>` is what the device sent, `<` what was typed to it. The blocks are kept as they arrived,
 * because how a device's bytes are split across reads is exactly what a parser must survive.
 * Pure: text in, chunks out; a block whose bytes do not add up to its length is an error, not a guess.
 */

export type Direction = 'fromDevice' | 'toDevice';

export interface CapturedChunk {
  direction: Direction;
  bytes: Uint8Array;
  /** The transcript line the block starts on, so a clinic can find it. */
  line: number;
}

export class TranscriptError extends Error {}

const header = /^([<>]) \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d+ {2}length=(\d+) from=\d+ to=\d+$/;
// Bytes are single-space separated from column 0; the ASCII column is two or more spaces further on.
const hexByte = / ([0-9a-f]{2})/y;

function bytesOfDumpLine(text: string): number[] {
  const bytes: number[] = [];
  hexByte.lastIndex = 0;
  for (let match = hexByte.exec(text); match; match = hexByte.exec(text)) bytes.push(Number.parseInt(match[1] ?? '', 16));
  return bytes;
}

interface OpenBlock {
  direction: Direction;
  length: number;
  line: number;
  bytes: number[];
}

function closed(block: OpenBlock): CapturedChunk {
  if (block.bytes.length !== block.length) {
    throw new TranscriptError(`The block at line ${block.line} says length=${block.length} but holds ${block.bytes.length} bytes.`);
  }
  return { direction: block.direction, bytes: Uint8Array.from(block.bytes), line: block.line };
}

export function parseSocatTranscript(text: string): CapturedChunk[] {
  const chunks: CapturedChunk[] = [];
  let block: OpenBlock | null = null;
  // A loop rather than forEach: the block carried from line to line is then visible to the type checker.
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const lineNumber = index + 1;
    const start = header.exec(raw);
    if (start) {
      if (block) chunks.push(closed(block));
      block = { direction: start[1] === '>' ? 'fromDevice' : 'toDevice', length: Number(start[2]), line: lineNumber, bytes: [] };
    } else if (raw === '--' || raw.trim() === '') {
      if (block) chunks.push(closed(block));
      block = null;
    } else if (block && raw.startsWith(' ')) {
      block.bytes.push(...bytesOfDumpLine(raw));
    } else {
      throw new TranscriptError(
        `Line ${lineNumber} of the transcript is neither a socat block header nor a hex dump line; capture with "socat -x -v".`,
      );
    }
  }
  if (block) chunks.push(closed(block));
  return chunks;
}
