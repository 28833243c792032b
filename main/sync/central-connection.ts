/**
 * How every connection to the central PostgreSQL is made: one place for its time limits and
 * keepalive, so no connection (the kiosk's pool, its LISTEN connection, the setup and verify
 * commands) can hang for ever on a network that stopped answering without closing (issue 14).
 *
 * node-postgres options, as its Client documentation names them (node-postgres.com/apis/client):
 * - `connectionTimeoutMillis`: how long to wait for the connection and its startup to finish.
 * - `keepAlive` and `keepAliveInitialDelayMillis`: TCP keepalive, first probe after that much
 *   idle time. Node sets only the idle time; the probe interval and count stay the kernel's
 *   (Linux: 75 s times 9), so keepalive alone takes over eleven minutes to give up on a dead peer.
 *   The LISTEN connection, which is idle by design, therefore also pings (sync-engine.ts).
 * - `query_timeout`: the client gives up on a query whose answer does not come, whatever the
 *   server is doing; the only limit that holds when the network itself has gone quiet.
 * - `statement_timeout`: the server cancels a statement that runs longer (sent at startup). Set
 *   below `query_timeout`, so a slow statement on a reachable server ends with the server's own
 *   error rather than the client's.
 * - `idle_in_transaction_session_timeout`: the server ends a session left idle inside a
 *   transaction, so a kiosk cut off mid-claim does not hold the person's lock for other rooms.
 * - `application_name`: names the connection in pg_stat_activity, so an administrator can see
 *   which kiosk (and which of its connections) it is.
 */
import type pg from 'pg';

const keepAlive = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

/**
 * A kiosk's sync and dose claims. A cycle's statements are batches of at most 500 rows, well under
 * a second on a healthy server; a nurse's dose claim has its own, shorter limit on top.
 */
const kioskLimits = {
  connectionTimeoutMillis: 4_000,
  query_timeout: 15_000,
  statement_timeout: 12_000,
  idle_in_transaction_session_timeout: 10_000,
} as const;

/**
 * The LISTEN connection: it runs only LISTEN and its ping, each instant on a live server, so a
 * short limit finds a half-open connection within seconds of the ping.
 */
const listenerLimits = {
  connectionTimeoutMillis: 4_000,
  query_timeout: 5_000,
  statement_timeout: 4_000,
  idle_in_transaction_session_timeout: 10_000,
} as const;

/**
 * An administrator's commands (setup, migrate, add-kiosk, `ledger:verify --central`): a migration
 * or a read of every chain on a large store may take minutes, but never an unbounded wait.
 */
const commandLimits = {
  connectionTimeoutMillis: 10_000,
  query_timeout: 15 * 60_000,
  statement_timeout: 14 * 60_000,
  idle_in_transaction_session_timeout: 60_000,
} as const;

/** How often the LISTEN connection is pinged at most, whatever the poll interval. */
export const listenerPingMaxSeconds = 10;

/** The kiosk's pool for sync cycles and dose claims. */
export function kioskPoolConfig(url: string, kioskName: string): pg.PoolConfig {
  return { connectionString: url, ...keepAlive, ...kioskLimits, application_name: `kiosk ${kioskName}`, max: 2, idleTimeoutMillis: 30_000 };
}

/** The kiosk's one LISTEN connection, named apart from its pool in pg_stat_activity. */
export function kioskListenerConfig(url: string, kioskName: string): pg.ClientConfig {
  return { connectionString: url, ...keepAlive, ...listenerLimits, application_name: `kiosk ${kioskName} listener` };
}

/** A command an administrator runs against central; `what` names it in pg_stat_activity. */
export function centralCommandConfig(url: string, what: string): pg.ClientConfig {
  return { connectionString: url, ...keepAlive, ...commandLimits, application_name: what };
}
