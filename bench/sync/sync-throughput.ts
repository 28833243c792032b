/**
 * Figure 4: sync of 100,000 events, against raw baselines on the same PostgreSQL in the same run.
 *
 * - Push: the real `pushPending` from a kiosk ledger holding the first 100,000 events of the seeded
 *   year (signed, chained), through the kiosk's own login role (row-level security, the chain and
 *   numbering triggers, NOTIFY), 500 to a transaction with the mark. Baselines: the same rows, read
 *   from the same SQLite file, as a plain multi-row INSERT (500 rows, one transaction each) into a
 *   table of the same columns with no triggers, and as one COPY.
 * - Pull: the real `pullNew` into a second kiosk's fresh ledger (every event parsed, hashed,
 *   linked, its signature verified, applied to the projections). Baseline: the same rows selected
 *   in the same pages and inserted with plain better-sqlite3 into a table of the same columns in
 *   the same file, one transaction a page, same pragmas (WAL, synchronous=FULL).
 * Both kiosk ledgers are encrypted as a kiosk's always is, so each baseline, sharing the file, is too.
 * Each side runs `runs` times on a fresh central database; figures are medians in events per second.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runCentralCommand } from '../../main/central/central-commands.js';
import { ledgerFileName } from '../../main/host/open-kiosk-host.js';
import { openLedgerDatabase, openLedgerFileForReading } from '../../main/ledger/database.js';
import { keyFileIn, readDatabaseKeyFile } from '../../main/ledger/database-key-file.js';
import { kioskIdOf, storedKioskKey } from '../../main/ledger/kiosk-identity.js';
import type { EventRow } from '../../main/ledger/ledger.js';
import { EventImporter } from '../../main/sync/import-events.js';
import { pullBatchSize, pullNew, refreshKiosks } from '../../main/sync/pull.js';
import { pushBatchSize, pushPending } from '../../main/sync/push.js';
import { SyncStore } from '../../main/sync/sync-store.js';
import { startTestPostgres, type TestPostgres } from '../../tests/support/postgres.js';
import { benchNow } from '../seed/one-year-history.js';
import type { Figure } from '../support/figure.js';
import { median } from '../support/stats.js';
import { freshDir } from '../support/temp-dir.js';

export const syncEvents = 100_000;
const syncRuns = 3;
const now = () => new Date(benchNow);

const columns = ['kiosk_id', 'seq', 'event_id', 'type', 'payload_version', 'payload', 'visit_id', 'service_user_id',
  'actor_staff_id', 'witness_staff_id', 'occurred_at', 'prev_hash', 'hash', 'signature'] as const;

interface Rates { push: number; rawInsert: number; copy: number; pull: number; rawPull: number }

export interface SyncResult { figures: Figure[]; runs: Rates[]; events: number }

/** A kiosk ledger holding exactly the seed kiosk's first `count` events, and that kiosk's identity. */
async function sourceLedger(seedDir: string, dir: string, count: number): Promise<{ db: Database; kioskId: string; publicKeyPem: string }> {
  const seed = openLedgerFileForReading(join(seedDir, ledgerFileName), readDatabaseKeyFile(keyFileIn(seedDir)));
  const key = storedKioskKey(seed);
  const kiosk = seed.prepare<[], Record<string, unknown>>('SELECT * FROM kiosk').get();
  if (!key?.publicKeyPem || !kiosk) throw new Error('The seed ledger has no signing kiosk.');
  const rows = seed.prepare<[string, number], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq LIMIT ?').all(key.kioskId, count);
  seed.close();
  if (rows.length < count) throw new Error(`The seed holds ${rows.length} events, fewer than ${count}.`);
  const db = await openLedgerDatabase(join(dir, ledgerFileName), now, { key: randomBytes(32) });
  const names = Object.keys(kiosk);
  db.prepare(`INSERT INTO kiosk (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((name) => kiosk[name]));
  const insert = db.prepare(`INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((name) => `@${name}`).join(', ')})`);
  db.transaction(() => { for (const row of rows) insert.run(row); })();
  return { db, kioskId: key.kioskId, publicKeyPem: key.publicKeyPem };
}

async function central(argv: string[]): Promise<{ url: string; kioskId: string; clinicId: string }> {
  const out: string[] = [];
  const code = await runCentralCommand(argv, { out: (text) => out.push(text), err: (text) => out.push(text) }, now);
  if (code !== 0) throw new Error(`central ${argv[0]} failed: ${out.join('\n')}`);
  const printed = out.join('\n');
  return (JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1)) as { central: { url: string; kioskId: string; clinicId: string } }).central;
}

async function connected(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work();
  return performance.now() - began;
}

const rawTable = `(kiosk_id text NOT NULL, seq bigint NOT NULL, event_id text NOT NULL UNIQUE, type text NOT NULL,
  payload_version integer NOT NULL, payload jsonb NOT NULL, visit_id text, service_user_id text, actor_staff_id text,
  witness_staff_id text, occurred_at timestamptz NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, signature text,
  PRIMARY KEY (kiosk_id, seq))`;

/** The baseline push: the same rows from the same file, 500 to a multi-row INSERT, one transaction each. */
async function rawMultiRowInsert(admin: pg.Client, source: Database, kioskId: string): Promise<void> {
  await admin.query(`CREATE TABLE raw_insert ${rawTable}`);
  const page = source.prepare<[string, number, number], EventRow>('SELECT * FROM events WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?');
  for (let after = 0; ;) {
    const rows = page.all(kioskId, after, pushBatchSize);
    if (rows.length === 0) return;
    const values = rows.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await admin.query('BEGIN');
    await admin.query(`INSERT INTO raw_insert (${columns.join(', ')}) VALUES ${values}`, rows.flatMap((row) => columns.map((name) => row[name] ?? null)));
    await admin.query('COMMIT');
    after = rows.at(-1)?.seq ?? after;
  }
}

function copyField(value: EventRow[(typeof columns)[number]]): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** The other baseline: every row in one COPY, streamed from the same file. */
async function rawCopy(admin: pg.Client, source: Database, kioskId: string): Promise<void> {
  await admin.query(`CREATE TABLE raw_copy ${rawTable}`);
  const rows = source.prepare<[string], EventRow>('SELECT * FROM events WHERE kiosk_id = ? ORDER BY seq').iterate(kioskId);
  const lines = Readable.from((function* () {
    for (const row of rows) yield `${columns.map((name) => copyField(row[name])).join('\t')}\n`;
  })());
  await pipeline(lines, admin.query(copyFrom(`COPY raw_copy (${columns.join(', ')}) FROM STDIN`)));
}

/** The baseline pull: the same rows selected in the same pages, inserted with plain better-sqlite3. */
async function rawPull(client: pg.Client, target: Database, ownKioskId: string): Promise<void> {
  target.exec(`CREATE TABLE raw_pulled (kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    payload_version INTEGER NOT NULL, payload TEXT NOT NULL, visit_id TEXT, service_user_id TEXT, actor_staff_id TEXT, witness_staff_id TEXT,
    occurred_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, signature TEXT, PRIMARY KEY (kiosk_id, seq)) STRICT`);
  const insert = target.prepare(`INSERT INTO raw_pulled (${columns.join(', ')}) VALUES (${columns.map((name) => `@${name}`).join(', ')})`);
  for (let cursor = 0; ;) {
    const result = await client.query(
      `SELECT ${columns.map((name) => (name === 'payload' ? 'payload::text AS payload' : name === 'occurred_at' ? "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS occurred_at" : name)).join(', ')}, central_seq
       FROM central.events WHERE central_seq > $1 AND kiosk_id <> $2 ORDER BY central_seq LIMIT $3`, [cursor, ownKioskId, pullBatchSize]);
    if (result.rows.length === 0) return;
    target.transaction(() => {
      for (const row of result.rows as Array<Record<string, unknown>>) insert.run({ ...row, seq: Number(row.seq) });
    }).immediate();
    cursor = Number((result.rows.at(-1) as { central_seq: string }).central_seq);
  }
}

async function oneRun(server: TestPostgres, seedDir: string, events: number, progress: (line: string) => void): Promise<Rates> {
  const dir = freshDir('bench-sync-');
  try {
    const source = await sourceLedger(seedDir, dir.path, events);
    const adminUrl = await server.newDatabase();
    const keyFile = join(dir.path, 'source.pem');
    writeFileSync(keyFile, source.publicKeyPem);
    const puller = await central(['setup', '--url', adminUrl, '--clinic-name', 'Bench clinic', '--time-zone', 'Europe/London',
      '--lead-name', 'Bench Lead', '--lead-badge', 'L9999', '--lead-pin', '9999', '--kiosk-name', 'Pulling room']);
    const pusher = await central(['add-kiosk', '--url', adminUrl, '--clinic', puller.clinicId, '--kiosk-name', 'Pushing room',
      '--kiosk-id', source.kioskId, '--kiosk-public-key', keyFile]);

    const pushClient = await connected(pusher.url);
    const pushMs = await timed(() => pushPending(pushClient, new SyncStore(source.db, source.kioskId)));
    await pushClient.end();

    const admin = await connected(adminUrl);
    const rawInsertMs = await timed(() => rawMultiRowInsert(admin, source.db, source.kioskId));
    const copyMs = await timed(() => rawCopy(admin, source.db, source.kioskId));
    await admin.end();
    source.db.close();

    const target = await openLedgerDatabase(join(dir.path, 'pulling.db'), now, { key: randomBytes(32) });
    const pullerId = kioskIdOf(target, now, puller.kioskId);
    const store = new SyncStore(target, pullerId);
    const pullClient = await connected(puller.url);
    await refreshKiosks(pullClient, store);
    const pullMs = await timed(() => pullNew(pullClient, store, new EventImporter(target, store)));
    const rawPullMs = await timed(() => rawPull(pullClient, target, pullerId));
    await pullClient.end();
    target.close();

    const rate = (ms: number) => events / (ms / 1000);
    const rates = { push: rate(pushMs), rawInsert: rate(rawInsertMs), copy: rate(copyMs), pull: rate(pullMs), rawPull: rate(rawPullMs) };
    progress(`sync run: push ${rates.push.toFixed(0)}/s, raw insert ${rates.rawInsert.toFixed(0)}/s, COPY ${rates.copy.toFixed(0)}/s, ` +
      `pull ${rates.pull.toFixed(0)}/s, raw pull ${rates.rawPull.toFixed(0)}/s`);
    return rates;
  } finally {
    dir.remove();
  }
}

/** `events` and `runs` are for profiling a smaller run; the figure is 100,000 events, three runs. */
export async function measureSync(
  seedDir: string, progress: (line: string) => void, { events = syncEvents, runs = syncRuns } = {},
): Promise<SyncResult> {
  const server = await startTestPostgres();
  try {
    const measured: Rates[] = [];
    for (let run = 0; run < runs; run += 1) measured.push(await oneRun(server, seedDir, events, progress));
    const of = (key: keyof Rates) => median(measured.map((rates) => rates[key]));
    const figures: Figure[] = [
      { figure: 4, name: `sync push (${events.toLocaleString('en-GB')} events)`, value: of('push'), unit: 'events/s',
        baseline: { name: 'raw multi-row INSERT', value: of('rawInsert') }, target: { atLeast: 0.5, of: 'ratio' } },
      { figure: 4, name: 'sync push against COPY', value: of('push'), unit: 'events/s', baseline: { name: 'raw COPY', value: of('copy') } },
      { figure: 4, name: `sync pull (${events.toLocaleString('en-GB')} events)`, value: of('pull'), unit: 'events/s',
        baseline: { name: 'raw SELECT + SQLite insert', value: of('rawPull') }, target: { atLeast: 0.5, of: 'ratio' } },
    ];
    return { figures, runs: measured, events };
  } finally {
    await server.stop();
  }
}
