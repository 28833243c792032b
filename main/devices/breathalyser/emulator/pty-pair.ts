/**
 * A pair of linked pseudo-terminals made by socat: a virtual serial cable with the kiosk on one
 * end and the emulated breathalyser on the other. Killing socat is how the emulator "unplugs" the
 * device: serialport then sees the same disconnection as a pulled USB cable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, rm } from 'node:fs/promises';

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

// socat refuses to replace a link left by a crashed run; only ever remove a symlink, never a real file.
async function removeStaleLink(path: string): Promise<void> {
  const found = await lstat(path).catch(() => null);
  if (found === null) return;
  if (!found.isSymbolicLink()) throw new Error(`${path} exists and is not a pty link; refusing to remove it.`);
  await rm(path, { force: true });
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
  await removeStaleLink(linkForKiosk);
  await removeStaleLink(linkForDevice);
  const socat = await spawnSocat(linkForKiosk, linkForDevice);
  let stderr = '';
  // socat -d -d reports on stderr; keep the tail for error messages and keep the pipe drained.
  socat.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  try {
    await waitForLinks(socat, [linkForKiosk, linkForDevice], () => stderr);
  } catch (error) {
    socat.kill('SIGTERM');
    await exited(socat);
    throw error;
  }
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
      await removeStaleLink(linkForKiosk);
      await removeStaleLink(linkForDevice);
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
