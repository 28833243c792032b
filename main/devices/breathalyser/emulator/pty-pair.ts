/**
 * A pair of linked pseudo-terminals made by socat: a virtual serial cable with the kiosk on one
 * end and the emulated breathalyser on the other. Killing socat is how the emulator "unplugs" the
 * device: serialport then sees the same disconnection as a pulled USB cable.
 *
 * socat's pid is kept in `<kiosk link>.socat.pid` while the pair runs. A host killed with SIGKILL
 * cannot stop its socat, which lives on under PID 1 holding the links; the next start on the same
 * links finds that pid file and stops the orphan, but only once /proc shows the pid is still that
 * socat, so a recycled pid never costs an unrelated process its life.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

export interface PtyPair {
  /** The link the kiosk opens. */
  kioskPath: string;
  /** The link the emulated device opens. */
  devicePath: string;
  /** True until socat has exited, whether by stop(), unplug() or on its own. */
  isPlugged(): boolean;
  /** Kill socat: both ends see the cable pulled. */
  unplug(): Promise<void>;
  /** Same as unplug, and also makes sure no stale link is left behind. */
  stop(): Promise<void>;
}

const linkWaitMs = 5000;
const linkPollMs = 25;
const orphanExitWaitMs = 2000;

/** Where the pid of the socat serving `linkForKiosk` is kept while the pair runs. */
export function socatPidFileFor(linkForKiosk: string): string {
  return `${linkForKiosk}.socat.pid`;
}

// socat refuses to replace a link left by a crashed run; only ever remove a symlink, never a real file.
async function removeStaleLink(path: string): Promise<void> {
  const found = await lstat(path).catch(() => null);
  if (found === null) return;
  if (!found.isSymbolicLink()) throw new Error(`${path} exists and is not a pty link; refusing to remove it.`);
  await rm(path, { force: true });
}

/**
 * Removes a link only while it still points at the pty this pair made and no later pair has taken
 * the links (its pid file would name another socat; pty numbers are reused, so the target alone
 * cannot tell). After an unplug and a replug on the same path the links are the new pair's, and
 * stopping the old pair must not pull the new cable out from under the kiosk.
 */
async function removeOwnLink(path: string, target: string | null): Promise<void> {
  if (target !== null && (await readlink(path).catch(() => null)) === target) await rm(path, { force: true });
}

async function linkExists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}

function exited(socat: ChildProcess): Promise<void> {
  if (socat.exitCode !== null || socat.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => socat.once('exit', () => resolve()));
}

async function waitForLinks(socat: ChildProcess, paths: string[], stderr: () => string): Promise<void> {
  const deadline = Date.now() + linkWaitMs;
  for (;;) {
    const present = await Promise.all(paths.map(linkExists));
    if (present.every(Boolean)) return;
    if (socat.exitCode !== null) throw new Error(`socat exited before making its ptys: ${stderr().trim()}`);
    if (Date.now() > deadline) throw new Error(`socat did not create ${paths.join(' and ')} within ${linkWaitMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, linkPollMs));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, though not this user's to signal.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
  return true;
}

/**
 * The argument list of a live process, or null when it has gone or is a zombie (whose cmdline is
 * empty): a zombie has already let go of its ptys and only waits for its new parent to reap it.
 */
async function argumentsOf(pid: number): Promise<string[] | null> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (cmdline.length === 0) return null;
  return cmdline.replace(/\0$/, '').split('\0');
}

/** True only for a socat whose own address arguments name this exact kiosk link. */
function isSocatForLink(args: string[], linkForKiosk: string): boolean {
  const [program, ...rest] = args;
  if (program === undefined || basename(program) !== 'socat') return false;
  // Compared option by option, so /run/kiosk-1 never matches a socat for /run/kiosk-10.
  return rest.some((argument) => argument.split(',').includes(`link=${linkForKiosk}`));
}

async function stillThatSocat(pid: number, linkForKiosk: string): Promise<boolean> {
  if (!isRunning(pid)) return false;
  const args = await argumentsOf(pid);
  return args !== null && isSocatForLink(args, linkForKiosk);
}

async function untilGone(pid: number, linkForKiosk: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (await stillThatSocat(pid, linkForKiosk)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, linkPollMs));
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // It exited between the check and the signal: that is what was wanted.
  }
}

/**
 * Stops a socat left running on these links by a host that was killed before it could stop it.
 * Anything else the pid file may now point at is left alone.
 */
async function stopOrphanedSocat(linkForKiosk: string): Promise<void> {
  const pidFile = socatPidFileFor(linkForKiosk);
  const written = await readFile(pidFile, 'utf8').catch(() => null);
  if (written === null) return;
  const pid = Number(written.trim());
  if (Number.isSafeInteger(pid) && pid > 1 && (await stillThatSocat(pid, linkForKiosk))) {
    signal(pid, 'SIGTERM');
    if (!(await untilGone(pid, linkForKiosk, orphanExitWaitMs))) {
      signal(pid, 'SIGKILL');
      if (!(await untilGone(pid, linkForKiosk, orphanExitWaitMs))) {
        throw new Error(`An earlier socat (pid ${pid}) still holds ${linkForKiosk} and would not stop.`);
      }
    }
  }
  await rm(pidFile, { force: true });
}

/** Removes the pid file only while it still names this socat, not one a later pair wrote. */
async function forgetSocatPid(linkForKiosk: string, pid: number | undefined): Promise<void> {
  const pidFile = socatPidFileFor(linkForKiosk);
  const written = await readFile(pidFile, 'utf8').catch(() => null);
  if (written !== null && Number(written.trim()) === pid) await rm(pidFile, { force: true });
}

function spawnSocat(kioskPath: string, devicePath: string): Promise<ChildProcess> {
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${kioskPath}`, `pty,raw,echo=0,link=${devicePath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    socat.once('spawn', () => resolve(socat));
    socat.once('error', reject);
  });
}

export async function startPtyPair(linkForKiosk: string, linkForDevice: string): Promise<PtyPair> {
  await stopOrphanedSocat(linkForKiosk);
  await removeStaleLink(linkForKiosk);
  await removeStaleLink(linkForDevice);
  const socat = await spawnSocat(linkForKiosk, linkForDevice);
  let stderr = '';
  // socat -d -d reports on stderr; keep the tail for error messages and keep the pipe drained.
  socat.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  try {
    // Written before waiting for the links, so even a host killed during that wait leaves a record of its socat.
    await writeFile(socatPidFileFor(linkForKiosk), `${socat.pid}\n`);
    await waitForLinks(socat, [linkForKiosk, linkForDevice], () => stderr);
  } catch (error) {
    socat.kill('SIGTERM');
    await exited(socat);
    await forgetSocatPid(linkForKiosk, socat.pid);
    throw error;
  }
  const kioskTarget = await readlink(linkForKiosk).catch(() => null);
  const deviceTarget = await readlink(linkForDevice).catch(() => null);
  const unplug = async (): Promise<void> => {
    if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
    await exited(socat);
  };
  return {
    kioskPath: linkForKiosk,
    devicePath: linkForDevice,
    isPlugged: () => socat.exitCode === null && socat.signalCode === null,
    unplug,
    async stop() {
      await unplug();
      const written = await readFile(socatPidFileFor(linkForKiosk), 'utf8').catch(() => null);
      if (written !== null && Number(written.trim()) !== socat.pid) return;
      await forgetSocatPid(linkForKiosk, socat.pid);
      await removeOwnLink(linkForKiosk, kioskTarget);
      await removeOwnLink(linkForDevice, deviceTarget);
    },
  };
}

/** Whether socat can be run at all, so the kiosk can say why there is no simulated breathalyser. */
export function socatIsInstalled(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = spawn('socat', ['-V'], { stdio: 'ignore' });
    probe.once('error', () => resolve(false));
    probe.once('exit', (code) => resolve(code === 0));
  });
}
