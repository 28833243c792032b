/**
 * Replays a captured transcript through the real line splitter and parser, chunk by chunk as the
 * bytes arrived, and says what each line means under a profile. This is how a clinic checks the
 * profile it wrote for its own device (docs/breathalyser-capture.md) and how the example capture
 * is tested; no port, no driver, no timers.
 */
import type { DeviceProfile } from '../device-profile.js';
import { parseLine, type ParsedLine } from '../line-parser.js';
import { createLineSplitter } from '../line-splitter.js';
import { parseSocatTranscript, type CapturedChunk } from './socat-transcript.js';

export interface ReplayedLine {
  /** The transcript line of the block that completed this line. */
  transcriptLine: number;
  text: string;
  meaning: ParsedLine;
}

export interface Replay {
  lines: ReplayedLine[];
  /** Bytes of over-long lines the splitter threw away. */
  discardedBytes: number;
  /** Commands typed to the device during the capture, for reading the replay alongside. */
  commandsSent: string[];
}

export function replayChunks(profile: DeviceProfile, chunks: readonly CapturedChunk[]): Replay {
  const splitter = createLineSplitter(profile);
  const replay: Replay = { lines: [], discardedBytes: 0, commandsSent: [] };
  for (const chunk of chunks) {
    if (chunk.direction === 'toDevice') {
      replay.commandsSent.push(Buffer.from(chunk.bytes).toString('latin1'));
      continue;
    }
    const { lines, discardedBytes } = splitter.feed(chunk.bytes);
    replay.discardedBytes += discardedBytes;
    for (const text of lines) replay.lines.push({ transcriptLine: chunk.line, text, meaning: parseLine(profile, text) });
  }
  return replay;
}

export function replayTranscript(profile: DeviceProfile, transcript: string): Replay {
  return replayChunks(profile, parseSocatTranscript(transcript));
}

/** One line per device line, for a person checking their profile: what the kiosk would make of it. */
export function describeReplay(replay: Replay): string {
  const described = replay.lines.map(({ transcriptLine, text, meaning }) => {
    const shown = JSON.stringify(text);
    switch (meaning.kind) {
      case 'reading':
        return `${transcriptLine}: ${shown} -> reading ${meaning.reading.microgramsPer100mlBreath} ug/100ml (${meaning.reading.rawValue} ${meaning.reading.rawUnit})`;
      case 'deviceError':
        return `${transcriptLine}: ${shown} -> device error ${meaning.code}`;
      case 'rejected':
        return `${transcriptLine}: ${shown} -> ignored: ${meaning.why}`;
      default:
        return `${transcriptLine}: ${shown} -> ${meaning.kind}`;
    }
  });
  if (replay.discardedBytes > 0) described.push(`${replay.discardedBytes} bytes of over-long lines were discarded.`);
  return described.join('\n');
}
