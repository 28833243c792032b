/**
 * Keeps a kiosk and its clinic's central store in step: a cycle registers the kiosk's signing key
 * (once), pushes its events, settles doses claimed offline, and pulls the other kiosks' events.
 * Cycles run one at a time: at start, after each local write (nudge), when central announces new
 * events (LISTEN/NOTIFY), and on a poll timer as the fallback. A failed cycle is retried with
 * backoff and its words are shown on screen; the kiosk keeps dosing on what it knows meanwhile.
 */
import type { Database } from 'better-sqlite3';
import pg from 'pg';
import type { Ledger } from '../ledger/ledger.js';
import { storedKioskKey } from '../ledger/kiosk-identity.js';
import type { CentralConfig } from '../config/kiosk-config.js';
import { reconnectDelayMs, type BackoffSettings } from '../../shared/retry/reconnect-backoff.js';
import type { Logger } from '../host/logger.js';
import { kioskListenerConfig, kioskPoolConfig, listenerPingMaxSeconds } from './central-connection.js';
import { claimDose, type DoseClaim } from './dose-claims.js';
import { EventImporter } from './import-events.js';
import { ledgerBehindWords, type DoseClaimAnswer, type DoseClaimRequest, type KioskSync, type LedgerBehindCentral, type SyncStatus } from './kiosk-sync.js';
import { pullNew, refreshKiosks } from './pull.js';
import { pushPending } from './push.js';
import { recordRegisterPlaces } from './register-places.js';
import { SyncStore } from './sync-store.js';
import { syncErrorWords } from './sync-words.js';

export interface SyncEngineOptions {
  db: Database;
  ledger: Ledger;
  config: CentralConfig;
  now: () => Date;
  logger: Logger;
  /** How long a nurse waits for a dose claim before the dose goes ahead as claimed offline. */
  claimTimeoutMs?: number;
}

// 1 s after the first failure, doubling to 30 s: a cable knocked out is back within seconds, a
// night-long outage is not hammered.
const centralBackoff: BackoffSettings = { firstDelayMs: 1_000, maxDelayMs: 30_000 };

export class SyncEngine implements KioskSync {
  private readonly store: SyncStore;
  private readonly importer: EventImporter;
  private readonly pool: pg.Pool;
  private readonly listeners = new Set<() => void>();
  private listener: pg.Client | null = null;
  private online = false;
  private keyRegistered = false;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: SyncEngineOptions) {
    this.store = new SyncStore(options.db, options.ledger.kioskId);
    this.importer = new EventImporter(options.db, this.store);
    this.pool = new pg.Pool(kioskPoolConfig(options.config.url, options.config.kioskName));
    // An idle connection dropped by the network must not take the kiosk down with it.
    this.pool.on('error', (error) => this.options.logger.warn({ err: syncErrorWords(error) }, 'central connection lost while idle'));
  }

  start(): void {
    this.nudge();
  }

  ledgerBehind(): LedgerBehindCentral | null {
    return this.store.ledgerBehindCentral();
  }

  status(): SyncStatus {
    const state = this.store.state();
    const behind = this.store.ledgerBehindCentral();
    return {
      mode: 'central', kioskName: this.options.config.kioskName, online: this.online, eventsWaiting: this.store.eventsWaiting(),
      lastSuccessAt: state.lastSuccessAt, lastError: behind ? ledgerBehindWords(behind) : state.lastError,
    };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nudge(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Resolves when no cycle is running or asked for (tests and shutdown wait on this). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async claimDose(request: DoseClaimRequest): Promise<DoseClaimAnswer> {
    const claim: DoseClaim = { ...request, claimedOffline: false };
    const timeoutMs = this.options.claimTimeoutMs ?? 3_000;
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('The dose claim timed out.'), { code: 'ETIMEDOUT' })), timeoutMs);
    });
    try {
      const answer = await Promise.race([this.withClient((client) =>
        claimDose(client, this.store.kioskId, claim, (eventId) => this.store.hasEvent(eventId))), tooSlow]);
      this.markOnline();
      return answer;
    } catch (error) {
      const why = syncErrorWords(error);
      this.store.recordError(why, this.options.now().toISOString());
      this.markOffline();
      this.options.logger.warn({ err: why }, 'dose claim could not reach the central store: recorded as claimed offline');
      return { kind: 'offline', why };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.settled().catch(() => undefined);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    this.listeners.clear();
  }

  private async cycle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    try {
      await this.withClient(async (client) => {
        await this.registerKey(client);
        await refreshKiosks(client, this.store);
        await pushPending(client, this.store);
        await this.settleOfflineClaims(client);
        await pushPending(client, this.store);
        await pullNew(client, this.store, this.importer);
        await recordRegisterPlaces(client, this.store);
      });
      await this.listen();
      this.failures = 0;
      this.store.recordSuccess(this.options.now().toISOString());
      this.markOnline();
    } catch (error) {
      this.failures += 1;
      const words = syncErrorWords(error);
      this.options.logger.warn({ err: error instanceof Error ? error.message : String(error), failures: this.failures }, 'sync cycle failed');
      this.store.recordError(words, this.options.now().toISOString());
      this.markOffline();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    const pollMs = this.options.config.pollSeconds * 1000;
    // Never later than the next poll would have been: a short poll (tests, the demo) stays short.
    const delay = this.failures === 0 ? pollMs : Math.min(pollMs, reconnectDelayMs(centralBackoff, this.failures));
    this.timer = setTimeout(() => this.nudge(), delay);
    this.timer.unref();
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection cut between two queries is reported as an event, not a rejection: without a
    // listener it would be an uncaught exception and take the kiosk down.
    const onError = (error: Error) => { broken = error; };
    client.on('error', onError);
    try {
      const result = await work(client);
      if (broken) throw broken;
      return result;
    } catch (error) {
      broken ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off('error', onError);
      // A connection that failed mid-work is not trusted again (it may be half-way through a transaction).
      client.release(broken);
    }
  }

  private async registerKey(client: pg.ClientBase): Promise<void> {
    if (this.keyRegistered) return;
    const key = storedKioskKey(this.options.db);
    if (!key?.publicKeyPem) throw new Error('This kiosk has no signing key yet, so its events cannot be sent.');
    const clinic = await client.query<{ clinic_id: string }>('SELECT clinic_id FROM central.clinics');
    if (clinic.rows[0]?.clinic_id !== this.options.config.clinicId) {
      throw new Error(`kiosk.json names clinic ${this.options.config.clinicId}, but the central store registers this kiosk's login to another clinic: ask support.`);
    }
    await client.query('SELECT central.register_kiosk_key($1)', [key.publicKeyPem]);
    this.keyRegistered = true;
  }

  private async settleOfflineClaims(client: pg.ClientBase): Promise<void> {
    for (const claim of this.store.unsettledOfflineClaims()) {
      const result = await claimDose(client, this.store.kioskId, {
        eventId: claim.eventId, serviceUserId: claim.serviceUserId, clinicDay: claim.clinicDay,
        sessionId: claim.sessionId, sessionOpensAt: claim.sessionOpensAt, sessionClosesAt: claim.sessionClosesAt,
        actorStaffId: claim.actorStaffId, witnessStaffId: claim.witnessStaffId, claimedOffline: true,
      }, (eventId) => this.store.hasEvent(eventId));
      const other = result.kind === 'alreadyClaimed' ? result.other : null;
      this.options.ledger.append({
        event: {
          type: 'offlineDoseClaimSettled', doseEventId: claim.eventId, visitId: claim.visitId, serviceUserId: claim.serviceUserId,
          clinicDay: claim.clinicDay, sessionId: claim.sessionId, outcome: other ? 'alreadyClaimed' : 'claimed', otherClaim: other,
        },
        serviceUserId: claim.serviceUserId,
      });
      if (other) this.options.logger.error({ serviceUserId: claim.serviceUserId, clinicDay: claim.clinicDay }, 'double dose found on reconnection');
    }
  }

  private async listen(): Promise<void> {
    if (this.listener || this.closed) return;
    const client = new pg.Client(kioskListenerConfig(this.options.config.url, this.options.config.kioskName));
    let ping: NodeJS.Timeout | undefined;
    const drop = () => {
      clearTimeout(ping);
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
    };
    // An idle LISTEN connection that went half-open (a network that stopped answering without
    // closing) raises no error, and keepalive takes minutes to notice with kernel defaults
    // (central-connection.ts): NOTIFYs would silently stop. A ping within the listener's short
    // query limit finds it; the dropped listener is made again by the next good cycle.
    const pingEveryMs = Math.min(this.options.config.pollSeconds, listenerPingMaxSeconds) * 1000;
    const pingLater = (): void => {
      ping = setTimeout(() => {
        client.query('SELECT 1').then(pingLater, (error: unknown) => {
          if (this.listener !== client) return;
          this.options.logger.warn({ err: syncErrorWords(error) }, 'central LISTEN connection stopped answering: dropped, polling until it is back');
          drop();
          this.nudge();
        });
      }, pingEveryMs);
      ping.unref();
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (message) => {
      if (message.payload === this.options.config.clinicId) this.nudge();
    });
    try {
      await client.connect();
      await client.query('LISTEN central_events');
      this.listener = client;
      pingLater();
    } catch {
      // Polling carries on without it; the next good cycle tries again.
      drop();
    }
  }

  private markOnline(): void {
    this.online = true;
    this.emit();
  }

  private markOffline(): void {
    this.online = false;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A running engine: its first cycle starts at once, in the background. */
export function startSync(options: SyncEngineOptions): SyncEngine {
  const engine = new SyncEngine(options);
  engine.start();
  return engine;
}
