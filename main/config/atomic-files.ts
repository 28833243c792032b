/**
 * Start-up files written so a full disk, a power cut or a crash leaves either the old file or the
 * whole new one, never a part: the text goes to a temporary file beside it, is forced to disk,
 * then takes the real name in one step. (A 0-byte kiosk.pid was what a full disk left before.)
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function temporaryFileBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeWholeFile(file: string, text: string | Uint8Array, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A rename or a link is on disk only once its folder is. */
function fsyncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `file` whole or not at all, replacing any file of that name. */
export function writeFileAtomically(file: string, text: string, mode = 0o600): void {
  const temporary = temporaryFileBeside(file);
  try {
    writeWholeFile(temporary, text, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  fsyncFolder(dirname(file));
}

/**
 * Creates `file` whole or not at all, and only if no file of that name exists (EEXIST otherwise):
 * link() gives the complete temporary file its name and, unlike rename(), refuses to replace one.
 */
export function createFileAtomically(file: string, text: string | Uint8Array, mode = 0o600): void {
  const temporary = temporaryFileBeside(file);
  try {
    writeWholeFile(temporary, text, mode);
    linkSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  fsyncFolder(dirname(file));
}
