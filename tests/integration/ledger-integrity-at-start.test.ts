/**
 * The ledger protects itself against whoever holds its file: the signing key is not in it, and a
 * host checks its own chain at start (from the signed checkpoint its last close left) and refuses,
 * in words that say whom to call, a ledger that was edited, cut off, or appended to by a forger.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/host/clock.js';
import { silentLogger } from '../../main/host/logger.js';
import { ledgerFileName, openKioskHost } from '../../main/host/open-kiosk-host.js';
import { openLedgerDatabase } from '../../main/ledger/database.js';
import { newSigningKeyPair, privateKeyFromPem, signEventHash } from '../../main/ledger/event-signature.js';
import { hashEvent } from '../../main/ledger/hash-chain.js';
import { eventFromRow, type EventRow } from '../../main/ledger/ledger.js';
import { signingKeyFileName } from '../../main/ledger/signing-key-keeper.js';
import { kioskDatabaseKey, writeKioskConfig } from '../support/kiosk-data.js';
import { freshDir } from '../support/temp-dir.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((cleanup) => cleanup()));

async function kioskThatRanOnce(): Promise<string> {
  const dir = freshDir();
  cleanups.push(dir.remove);
  writeKioskConfig(dir.path);
  const host = await openKioskHost({ dataDir: dir.path, clock: systemClock, logger: silentLogger() });
  await host.close();
  return dir.path;
}

/** As someone holding the file and its database key (not the signing key) would, with the sqlite3 tool. */
async function tamper(dataDir: string, change: (db: Database) => void): Promise<void> {
  const db = await openLedgerDatabase(join(dataDir, ledgerFileName), () => new Date(), { key: kioskDatabaseKey(dataDir) });
  db.exec('DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted;');
  change(db);
  db.close();
}

function startRefused(dataDir: string): Promise<string> {
  return openKioskHost({ dataDir, clock: systemClock, logger: silentLogger() }).then(
    async (host) => { await host.close(); return 'started'; },
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

const whomToCall = /failed its check at start.*call your clinic's IT support/s;

describe('a kiosk ledger and its signing key', () => {
  it('keeps the key in its own 0600 file beside the ledger, never in the ledger', async () => {
    const dataDir = await kioskThatRanOnce();
    expect(statSync(join(dataDir, signingKeyFileName)).mode & 0o777).toBe(0o600);
    const db = await openLedgerDatabase(join(dataDir, ledgerFileName), () => new Date(), { key: kioskDatabaseKey(dataDir) });
    expect(db.prepare('SELECT signing_private_key FROM kiosk').pluck().get()).toBeNull();
    db.close();
  });

  it('moves the key of a ledger from before out of the file, and goes on signing with the same key', async () => {
    const dataDir = await kioskThatRanOnce();
    const keyFile = join(dataDir, signingKeyFileName);
    const { readFileSync } = await import('node:fs');
    const pem = readFileSync(keyFile, 'utf8');
    // A ledger as an older version left it: the key in the kiosk row, no key file.
    await tamper(dataDir, (db) => {
      db.exec('DROP TRIGGER kiosk_private_key_is_never_stored; DROP TRIGGER kiosk_key_is_never_replaced;');
      db.prepare('UPDATE kiosk SET signing_private_key = ?').run(pem);
    });
    rmSync(keyFile);
    expect(await startRefused(dataDir)).toBe('started');
    expect(readFileSync(keyFile, 'utf8')).toBe(pem);
    const db = await openLedgerDatabase(join(dataDir, ledgerFileName), () => new Date(), { key: kioskDatabaseKey(dataDir) });
    expect(db.prepare('SELECT signing_private_key FROM kiosk').pluck().get()).toBeNull();
    db.close();
  });

  it('refuses to start when the signing key is lost, saying what to do', async () => {
    const dataDir = await kioskThatRanOnce();
    rmSync(join(dataDir, signingKeyFileName));
    expect(await startRefused(dataDir)).toMatch(/signing key is missing.*Restore the key from the kiosk's backup/s);
  });

  it('refuses another kiosk\'s key put in its place', async () => {
    const dataDir = await kioskThatRanOnce();
    const other = await kioskThatRanOnce();
    rmSync(join(dataDir, signingKeyFileName));
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(other, signingKeyFileName), join(dataDir, signingKeyFileName));
    expect(await startRefused(dataDir)).toMatch(/is not this kiosk's/);
  });
});

describe('a host starting on its own chain', () => {
  it('refuses the last verified event edited since', async () => {
    const dataDir = await kioskThatRanOnce();
    await tamper(dataDir, (db) => {
      db.exec("UPDATE events SET occurred_at = '2026-01-01T00:00:00.000Z' WHERE seq = (SELECT max(seq) FROM events)");
    });
    expect(await startRefused(dataDir)).toMatch(whomToCall);
  });

  it('refuses a ledger with its last events cut off', async () => {
    const dataDir = await kioskThatRanOnce();
    await tamper(dataDir, (db) => db.exec('DELETE FROM events WHERE seq > (SELECT max(seq) - 3 FROM events)'));
    expect(await startRefused(dataDir)).toMatch(/events were cut off/);
  });

  it('refuses an event appended by someone without the kiosk\'s key', async () => {
    const dataDir = await kioskThatRanOnce();
    await tamper(dataDir, (db) => {
      const last = db.prepare<[], EventRow>('SELECT * FROM events ORDER BY seq DESC LIMIT 1').get()!;
      const { hash: _, ...previous } = eventFromRow(last);
      const forged = { ...previous, seq: last.seq + 1, eventId: randomUUID(), prevHash: last.hash, occurredAt: new Date().toISOString() };
      const hash = hashEvent(forged);
      const signature = signEventHash(hash, privateKeyFromPem(newSigningKeyPair().privateKeyPem));
      db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, visit_id, service_user_id, actor_staff_id,
        witness_staff_id, occurred_at, prev_hash, hash, signature) SELECT kiosk_id, seq + 1, ?, type, payload_version, payload, visit_id,
        service_user_id, actor_staff_id, witness_staff_id, ?, hash, ?, ? FROM events WHERE seq = ?`).run(forged.eventId, forged.occurredAt, hash, signature, last.seq);
    });
    expect(await startRefused(dataDir)).toMatch(/not signed with this kiosk's key/);
  });

  it('refuses a checkpoint moved by someone without the key', async () => {
    const dataDir = await kioskThatRanOnce();
    await tamper(dataDir, (db) => db.exec('UPDATE chain_checkpoint SET seq = seq - 1'));
    expect(await startRefused(dataDir)).toMatch(/last verified was not signed with this kiosk's key/);
  });

  it('starts again on a ledger left whole', async () => {
    const dataDir = await kioskThatRanOnce();
    expect(await startRefused(dataDir)).toBe('started');
    expect(existsSync(join(dataDir, ledgerFileName))).toBe(true);
  });
});
