/**
 * The pino destination for kiosk.log: a log that never blocks or stops the host.
 *
 * pino.destination (sonic-boom) met ENOSPC on a full disk, raised it as an unhandled error, and
 * its exit handler then retried the write forever: no replies to any screen, SIGTERM ignored. A
 * log is worth less than the kiosk it describes, so here:
 * - `write` only queues the line (bounded: past `maxQueuedBytes` lines are dropped and counted);
 * - one asynchronous append at a time takes everything queued;
 * - a failed append (ENOSPC, EROFS, EIO, anything) drops what it held, counts it, and stops
 *   writing for `retryAfterMs`; lines meanwhile are dropped and counted; then one line saying
 *   how many were lost is tried, and logging resumes once the disk takes it;
 * - on exit, one synchronous attempt at what is queued, and only while the disk was taking lines.
 * kiosk.log is capped at `maxFileBytes` and rotated to kiosk.log.1 .. kiosk.log.<keptOldFiles>.
 */
import { appendFileSync } from 'node:fs';
import { appendFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { backlogCode, logTroubleWords, type LogHealth } from './log-health.js';

/** The file operations the log uses: Node's own, or a test's that fail on purpose. */
export interface LogFileAccess {
  appendFile(file: string, text: string): Promise<void>;
  appendFileSync(file: string, text: string): void;
  rename(from: string, to: string): Promise<void>;
  /** The file's size in bytes, 0 when there is none. */
  sizeOf(file: string): Promise<number>;
}

export const nodeLogFileAccess: LogFileAccess = {
  appendFile: (file, text) => appendFile(file, text, { mode: 0o600 }),
  appendFileSync: (file, text) => appendFileSync(file, text, { mode: 0o600 }),
  rename,
  sizeOf: async (file) => {
    try {
      return (await stat(file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  },
};

export interface KioskLogFileOptions {
  file: string;
  maxFileBytes?: number;
  keptOldFiles?: number;
  maxQueuedBytes?: number;
  retryAfterMs?: number;
  now?: () => Date;
  access?: LogFileAccess;
}

interface Trouble { code: string; since: Date; droppedLines: number }

const mebibyte = 1024 * 1024;

export class KioskLogFile {
  readonly file: string;
  private readonly maxFileBytes: number;
  private readonly keptOldFiles: number;
  private readonly maxQueuedBytes: number;
  private readonly retryAfterMs: number;
  private readonly now: () => Date;
  private readonly access: LogFileAccess;
  private queue: string[] = [];
  private queuedBytes = 0;
  private fileBytes: number | null = null;
  private writing: Promise<void> | null = null;
  private trouble: Trouble | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: KioskLogFileOptions) {
    this.file = options.file;
    this.maxFileBytes = options.maxFileBytes ?? 10 * mebibyte;
    this.keptOldFiles = options.keptOldFiles ?? 3;
    this.maxQueuedBytes = Math.min(options.maxQueuedBytes ?? mebibyte, this.maxFileBytes);
    this.retryAfterMs = options.retryAfterMs ?? 5000;
    this.now = options.now ?? (() => new Date());
    this.access = options.access ?? nodeLogFileAccess;
  }

  /** pino's whole contract with a destination. Never throws, never waits. */
  write(line: string): boolean {
    if (this.closed) return true;
    const bytes = Buffer.byteLength(line);
    if (this.retryTimer !== null) {
      this.drop(1, this.trouble?.code ?? backlogCode);
    } else if (this.queuedBytes + bytes > this.maxQueuedBytes) {
      this.drop(1, backlogCode);
    } else {
      this.queue.push(line);
      this.queuedBytes += bytes;
      this.startWriting();
    }
    return true;
  }

  health(): LogHealth {
    if (!this.trouble) return { state: 'writing', file: this.file };
    const folder = dirname(this.file);
    const { code, since, droppedLines } = this.trouble;
    return { state: 'dropping', file: this.file, folder, code, droppedLines, since: since.toISOString(), words: logTroubleWords(folder, code, droppedLines) };
  }

  /** Resolves once everything queued so far has been written or dropped (tests, and an orderly stop). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** At exit: one synchronous try at what is queued, unless the disk was already refusing lines. */
  flushSync(): void {
    if (this.queue.length === 0 || this.trouble !== null) return;
    const text = this.takeQueue().text;
    try {
      this.access.appendFileSync(this.file, text);
    } catch {
      // Exit goes ahead: the lines are lost, as they would be with the process.
    }
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private drop(lines: number, code: string): void {
    this.trouble ??= { code, since: this.now(), droppedLines: 0 };
    this.trouble.droppedLines += lines;
    if (code !== backlogCode) this.trouble.code = code;
  }

  private takeQueue(): { text: string; lines: number } {
    const taken = { text: this.queue.join(''), lines: this.queue.length };
    this.queue = [];
    this.queuedBytes = 0;
    return taken;
  }

  private startWriting(): void {
    if (this.writing || this.retryTimer || this.closed) return;
    if (this.queue.length === 0 && !this.trouble) return;
    this.writing = this.writeQueued().finally(() => {
      this.writing = null;
      this.startWriting();
    });
  }

  /** The line that says what was lost: pino's shape, so the log stays one JSON object a line. */
  private lossNote(trouble: Trouble): string {
    const note = { level: 40, time: this.now().getTime(), msg: `kiosk.log lost ${trouble.droppedLines} lines from ${trouble.since.toISOString()} (${trouble.code})`, droppedLines: trouble.droppedLines, code: trouble.code };
    return `${JSON.stringify(note)}\n`;
  }

  private async writeQueued(): Promise<void> {
    const trouble = this.trouble;
    const { text, lines } = this.takeQueue();
    const noted = trouble?.droppedLines ?? 0;
    const chunk = (trouble ? this.lossNote(trouble) : '') + text;
    try {
      await this.makeRoomFor(Buffer.byteLength(chunk));
      await this.access.appendFile(this.file, chunk);
      this.fileBytes = (this.fileBytes ?? 0) + Buffer.byteLength(chunk);
      // Only what the note counted is cleared: lines dropped while it was being written stay counted, for the next note.
      if (this.trouble) this.trouble.droppedLines -= noted;
      if (this.trouble && this.trouble.droppedLines <= 0) this.trouble = null;
    } catch (error) {
      this.fileBytes = null;
      this.drop(lines, (error as NodeJS.ErrnoException).code ?? 'EIO');
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.startWriting();
    }, this.retryAfterMs);
    // A log waiting to retry never keeps the process alive.
    this.retryTimer.unref();
  }

  /** kiosk.log -> kiosk.log.1 -> ... -> kiosk.log.<keptOldFiles>, the oldest replaced, once the next chunk would pass the cap. */
  private async makeRoomFor(bytes: number): Promise<void> {
    this.fileBytes ??= await this.access.sizeOf(this.file);
    if (this.fileBytes === 0 || this.fileBytes + bytes <= this.maxFileBytes) return;
    for (let index = this.keptOldFiles - 1; index >= 1; index -= 1) {
      await this.access.rename(`${this.file}.${index}`, `${this.file}.${index + 1}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await this.access.rename(this.file, `${this.file}.1`);
    this.fileBytes = 0;
  }
}
