/**
 * The forms a prescription allows (shared/register/prescribed-forms.ts): an old prescription's
 * free-text form read as the catalogue forms it names, or none; and the words that say why a
 * product is not allowed.
 */
import { describe, expect, it } from 'vitest';
import { AllowedForms, formsNamedIn, noFormNamed, productNotPrescribed } from '../../shared/register/prescribed-forms.js';

describe('an old prescription\'s free-text form', () => {
  it('allows the catalogue forms it names, whatever the case, and none when it names none', () => {
    expect(formsNamedIn('powder for injection, reconstituted')).toEqual(['powder for injection']);
    expect(formsNamedIn('  Solution for Injection ')).toEqual(['solution for injection']);
    expect(formsNamedIn('powder for injection or solution for injection')).toEqual(['powder for injection', 'solution for injection']);
    expect(formsNamedIn('injection')).toEqual([]);
    expect(formsNamedIn('ampoules')).toEqual([]);
  });
});

describe('a product against the prescription', () => {
  const powder = { drug: 'diamorphine', form: 'powder for injection' as const };
  const solution = { drug: 'diamorphine', form: 'solution for injection' as const };

  it('allows a product of the drug, compared as the catalogue keeps names, in an allowed form', () => {
    expect(productNotPrescribed({ drug: 'Diamorphine ', allowedForms: ['powder for injection'] }, powder)).toBeNull();
    expect(productNotPrescribed({ drug: 'diamorphine', allowedForms: ['powder for injection', 'solution for injection'] }, solution)).toBeNull();
  });

  it('says why not, in words that say what to do', () => {
    expect(productNotPrescribed({ drug: 'diamorphine', allowedForms: ['powder for injection'] }, solution))
      .toBe('The prescription allows diamorphine as powder for injection only: pick a product of that form.');
    expect(productNotPrescribed({ drug: 'diamorphine', allowedForms: [] }, powder)).toBe(noFormNamed);
    expect(productNotPrescribed({ drug: 'diamorphine', allowedForms: ['powder for injection'] }, { drug: 'methadone', form: 'powder for injection' }))
      .toBe('The prescription is for diamorphine, not methadone: pick a product of diamorphine.');
  });

  it('judges a snapshot kept before allowed forms by its drug alone', () => {
    expect(productNotPrescribed({ drug: 'diamorphine' }, solution)).toBeNull();
  });

  it('is issued naming at least one form, each once', () => {
    expect(AllowedForms.safeParse([]).success).toBe(false);
    expect(AllowedForms.safeParse(['powder for injection', 'powder for injection']).success).toBe(false);
    expect(AllowedForms.safeParse(['tablets']).success).toBe(false);
  });
});
