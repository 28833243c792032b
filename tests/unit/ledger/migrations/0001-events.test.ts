/** 0001: the append-only events table and the kiosk's identity. */
import { describe, expect, it } from 'vitest';
import { columnsOf, indexedColumns, insertBareEvent, ledgerThrough, schemaNames } from './migrating.js';

const name = '0001-events';

describe(`ledger migration ${name}`, () => {
  it('makes the kiosk and events tables with the event envelope and the index by visit', async () => {
    const db = await ledgerThrough(name);
    expect(schemaNames(db, 'table')).toEqual(['events', 'kiosk', 'schema_migrations']);
    expect(columnsOf(db, 'kiosk')).toEqual(['singleton', 'kiosk_id', 'created_at']);
    expect(columnsOf(db, 'events')).toEqual(['kiosk_id', 'seq', 'event_id', 'type', 'payload_version', 'payload', 'visit_id',
      'service_user_id', 'actor_staff_id', 'witness_staff_id', 'occurred_at', 'prev_hash', 'hash']);
    expect(indexedColumns(db, 'events_by_visit')).toEqual(['visit_id', 'kiosk_id', 'seq']);
  });

  it('refuses to change or delete an event, in words that say to record a correction', async () => {
    const db = await ledgerThrough(name);
    insertBareEvent(db, 'k1', 1);
    expect(() => db.prepare("UPDATE events SET type = 'staffEnrolled'").run()).toThrow('The ledger is append-only: an event cannot be changed. Record a correction instead.');
    expect(() => db.prepare('DELETE FROM events').run()).toThrow('The ledger is append-only: an event cannot be deleted. Record a correction instead.');
    expect(db.prepare('SELECT type FROM events').all()).toEqual([{ type: 'retitrationBlockCleared' }]);
  });

  it('keeps one number per kiosk, one id per event, positive numbers and JSON payloads', async () => {
    const db = await ledgerThrough(name);
    insertBareEvent(db, 'k1', 1);
    insertBareEvent(db, 'k2', 1);
    expect(() => insertBareEvent(db, 'k1', 1)).toThrow(/UNIQUE/);
    expect(() => insertBareEvent(db, 'k1', 0)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash)
      VALUES ('k1', 2, 'k1-event-1', 't', 1, '{}', '', '', '')`).run()).toThrow(/UNIQUE.*event_id/);
    expect(() => db.prepare(`INSERT INTO events (kiosk_id, seq, event_id, type, payload_version, payload, occurred_at, prev_hash, hash)
      VALUES ('k1', 2, 'e2', 't', 1, 'not json', '', '', '')`).run()).toThrow(/CHECK/);
  });

  it('holds one kiosk identity per file', async () => {
    const db = await ledgerThrough(name);
    db.prepare("INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, 'k1', '2026-11-23T09:00:00.000Z')").run();
    expect(() => db.prepare("INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (1, 'k2', '')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO kiosk (singleton, kiosk_id, created_at) VALUES (2, 'k2', '')").run()).toThrow(/CHECK/);
  });
});
