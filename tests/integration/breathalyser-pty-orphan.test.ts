/**
 * A host killed with SIGKILL cannot stop the socat behind its pty pair: socat lives on under PID 1
 * holding the links. The next pair started on the same links must stop that orphan, and must never
 * stop anything else the pid file might by then point at. The killed host here is a real Node
 * process running the real pty-pair module, as built into dist/ by the test command.
 */
import { describe, it, expect, afterEach, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SerialPort } from 'serialport';
import { serialSettings } from '../../main/devices/breathalyser/device-profile.js';
import { socatPidFileFor, startPtyPair, type PtyPair } from '../../main/devices/breathalyser/emulator/pty-pair.js';
import { kioskLineV1 } from '../../main/devices/breathalyser/profiles/kiosk-line-v1.js';

const generous = 30_000;
const builtPtyPair = pathToFileURL(fileURLToPath(new URL('../../dist/main/devices/breathalyser/emulator/pty-pair.js', import.meta.url))).href;

let workDir = '';
let linkNumber = 0;
const startedPids = new Set<number>();
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'breathalyser-pty-orphan-'));
  await writeFile(
    join(workDir, 'host.mjs'),
    [
      `import { startPtyPair } from ${JSON.stringify(builtPtyPair)};`,
      'const [kioskLink, deviceLink] = process.argv.slice(2);',
      'await startPtyPair(kioskLink, deviceLink);',
      "process.stdout.write('pair ready\\n');",
      'setInterval(() => undefined, 60_000);',
    ].join('\n'),
  );
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
  // Only ever the processes this file started, by pid, and only while the pid is still theirs.
  for (const pid of startedPids) if (isRunning(pid) && commandLineOf(pid).join(' ').includes(workDir)) process.kill(pid, 'SIGKILL');
  startedPids.clear();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Running, as opposed to gone or a zombie waiting for a parent (PID 1 here) to reap it. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function commandLineOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0$/, '').split('\0');
}

function freshLinks(): { kioskLink: string; deviceLink: string } {
  linkNumber += 1;
  const kioskLink = join(workDir, `kiosk-${linkNumber}`);
  return { kioskLink, deviceLink: `${kioskLink}.device` };
}

async function pidIn(pidFile: string): Promise<number> {
  return Number((await readFile(pidFile, 'utf8')).trim());
}

/** A host that starts a pair and is then killed with SIGKILL, leaving its socat orphaned. */
async function killedHostLeavingSocat(kioskLink: string, deviceLink: string): Promise<number> {
  const host = spawn(process.execPath, [join(workDir, 'host.mjs'), kioskLink, deviceLink], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (host.pid !== undefined) startedPids.add(host.pid);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const listen = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('pair ready')) resolve();
    };
    host.stdout.on('data', listen);
    host.stderr.on('data', listen);
    host.once('exit', (code) => reject(new Error(`The host exited (${code}) before its pair was ready:\n${output}`)));
  });
  const socatPid = await pidIn(socatPidFileFor(kioskLink));
  startedPids.add(socatPid);
  const exited = new Promise((resolve) => host.once('exit', resolve));
  host.kill('SIGKILL');
  await exited;
  return socatPid;
}

/** A socat started outside any pair, as a stand-in for one the pid file must not be trusted about. */
async function socatFor(kioskLink: string, deviceLink: string): Promise<number> {
  const socat = spawn('socat', [`pty,raw,echo=0,link=${kioskLink}`, `pty,raw,echo=0,link=${deviceLink}`], { stdio: 'ignore' });
  await new Promise((resolve, reject) => {
    socat.once('spawn', resolve);
    socat.once('error', reject);
  });
  if (socat.pid === undefined) throw new Error('socat started without a pid');
  startedPids.add(socat.pid);
  cleanups.push(async () => {
    if (socat.exitCode !== null || socat.signalCode !== null) return;
    const exited = new Promise((resolve) => socat.once('exit', resolve));
    socat.kill('SIGTERM');
    await exited;
  });
  return socat.pid;
}

async function openEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, ...serialSettings(kioskLineV1), autoOpen: false });
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  cleanups.push(() => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  return port;
}

/** The cable works: bytes written at the kiosk end come out at the device end. */
async function expectCarries(pair: PtyPair): Promise<void> {
  const device = await openEnd(pair.devicePath);
  const kiosk = await openEnd(pair.kioskPath);
  const heard = new Promise<string>((resolve) => {
    let text = '';
    device.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\n')) resolve(text);
    });
  });
  kiosk.write('START\r\n');
  expect(await heard).toBe('START\r\n');
}

async function startedPair(kioskLink: string, deviceLink: string): Promise<PtyPair> {
  const pair = await startPtyPair(kioskLink, deviceLink);
  cleanups.push(() => pair.stop());
  return pair;
}

describe('pty pair after a host was killed with SIGKILL', () => {
  it('stops the orphaned socat on the same links, and the new pair works', async () => {
    const { kioskLink, deviceLink } = freshLinks();
    const orphan = await killedHostLeavingSocat(kioskLink, deviceLink);
    expect(isRunning(orphan)).toBe(true);
    expect(commandLineOf(orphan)[0]).toMatch(/(^|\/)socat$/);

    const pair = await startedPair(kioskLink, deviceLink);
    expect(isRunning(orphan)).toBe(false);
    const current = await pidIn(socatPidFileFor(kioskLink));
    expect(current).not.toBe(orphan);
    expect(isRunning(current)).toBe(true);
    await expectCarries(pair);

    await pair.stop();
    await expect(readFile(socatPidFileFor(kioskLink), 'utf8')).rejects.toThrow();
    expect(isRunning(current)).toBe(false);
  }, generous);

  it('leaves alone a process the pid file names that is not a socat', async () => {
    const { kioskLink, deviceLink } = freshLinks();
    await writeFile(socatPidFileFor(kioskLink), `${process.pid}\n`);
    const pair = await startedPair(kioskLink, deviceLink);
    expect(isRunning(process.pid)).toBe(true);
    await expectCarries(pair);
  }, generous);

  it('leaves alone a socat serving other links, even one whose path begins with this link', async () => {
    const { kioskLink, deviceLink } = freshLinks();
    const neighbour = await socatFor(`${kioskLink}0`, `${kioskLink}0.device`);
    await writeFile(socatPidFileFor(kioskLink), `${neighbour}\n`);
    const pair = await startedPair(kioskLink, deviceLink);
    expect(isRunning(neighbour)).toBe(true);
    expect(commandLineOf(neighbour).join(' ')).toContain(`link=${kioskLink}0`);
    await expectCarries(pair);
  }, generous);

  it('starts over a pid file whose process has gone', async () => {
    const { kioskLink, deviceLink } = freshLinks();
    const gone = await socatFor(`${kioskLink}-gone`, `${kioskLink}-gone.device`);
    await cleanups.pop()?.();
    expect(isRunning(gone)).toBe(false);
    await writeFile(socatPidFileFor(kioskLink), `${gone}\n`);
    const pair = await startedPair(kioskLink, deviceLink);
    expect(await pidIn(socatPidFileFor(kioskLink))).not.toBe(gone);
    await expectCarries(pair);
  }, generous);
});
