/**
 * The product's own words follow the words list in docs/clinical-protocol.md ("Privacy and
 * words", after Language Matters): a person is a service user, a result is positive or negative,
 * a dose is withheld or treatment paused. Every sentence a screen shows, a refusal gives or a log
 * line says is written in main/, shared/ or renderer/, so those sources are read whole here; staff
 * notes are free text and never pass through this check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const neverWords = /\b(addicts?|addiction|junkies?|abusers?|abuse|dirty|clean|non-?compliant|non-?compliance)\b/i;

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.(ts|tsx|cts|html|css)$/.test(entry.name) ? [path] : [];
  });
}

function stigmatisingLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').flatMap((line, index) => (neverWords.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : []));
}

describe('the words the kiosk uses', () => {
  it('are person-first everywhere in the product\'s own sources', () => {
    const sources = ['main', 'shared', 'renderer'].flatMap(sourcesUnder);
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.flatMap(stigmatisingLines)).toEqual([]);
  });

  it('would catch a stigmatising word in a sentence', () => {
    expect(neverWords.test('The addict has not been dosed.')).toBe(true);
    expect(neverWords.test('Sample came back dirty.')).toBe(true);
    expect(neverWords.test('The service user was non-compliant.')).toBe(true);
    expect(neverWords.test('Dose withheld: treatment paused for the prescriber to review.')).toBe(false);
  });
});
