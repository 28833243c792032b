/**
 * Each migration has its own test (Signal Desktop's rule): a new migration without one fails here,
 * so what it promises a kiosk's file or the central store is written down before it ships.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centralMigrations } from '../../../main/central/migrations/index.js';
import { ledgerMigrations } from '../../../main/ledger/migrations/index.js';

const untested = (names: readonly string[], folder: string) =>
  names.filter((name) => !existsSync(new URL(`${folder}/${name}.test.ts`, import.meta.url)));

describe('every migration', () => {
  it('of the ledger has its test in tests/unit/ledger/migrations', () => {
    expect(untested(ledgerMigrations.map((m) => m.name), './migrations')).toEqual([]);
  });

  it('of the central store has its test in tests/integration/central/migrations', () => {
    expect(untested(centralMigrations.map((m) => m.name), '../../integration/central/migrations')).toEqual([]);
  });
});
