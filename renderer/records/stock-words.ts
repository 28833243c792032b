/**
 * A product's stock in the words of its cupboard: whole ampoules of so many mg, or mL of a solution.
 * Display only: the host converts and records every movement in the unit and in mg, and says
 * whether a count is right.
 */
import type { IntentionOf, RegisterSection } from '../../shared/contract/index.js';

export type Counting = NonNullable<RegisterSection['counting']>;
export type ProductForm = IntentionOf<'addControlledDrugProduct'>['form'];

export const productForms: readonly ProductForm[] = ['powder for injection', 'solution for injection'];

const thousandths = (value: number): number => Math.round(value * 1000) / 1000;

const mgPerUnit = (counting: Counting): number => counting.unit === 'ampoule' ? counting.mgPerAmpoule : counting.mgPerMl;

export function unitsIn(counting: Counting, mg: number): number {
  return thousandths(mg / mgPerUnit(counting));
}

export function mgIn(counting: Counting, units: number): number {
  return thousandths(units * mgPerUnit(counting));
}

/** "ampoules" or "mL": what a receipt or a count is entered in. */
export function unitName(counting: Counting): string {
  return counting.unit === 'ampoule' ? 'ampoules' : 'mL';
}

export function unitWords(counting: Counting, units: number): string {
  if (counting.unit === 'mL') return `${units} mL`;
  return `${units} ${units === 1 ? 'ampoule' : 'ampoules'}`;
}

/** "10000 mg (100 ampoules)", or mg alone on a page kept by drug name. */
export function mgAndUnits(counting: Counting | null, mg: number): string {
  return counting === null ? `${mg} mg` : `${mg} mg (${unitWords(counting, unitsIn(counting, mg))})`;
}

/** "20 ampoules (10000 mg)": a movement as it was counted. */
export function unitsAndMg(counting: Counting | null, units: number | null, mg: number): string {
  return counting === null || units === null ? `${mg} mg` : `${unitWords(counting, units)} (${mg} mg)`;
}

/** The heading a new product will have, as the host names it: drug, form and strength. */
export function titleOf(drug: string, form: ProductForm, counting: Counting): string {
  const name = drug.trim().toLowerCase();
  const strength = counting.unit === 'ampoule' ? `${counting.mgPerAmpoule} mg ampoule` : `${counting.mgPerMl} mg/mL solution`;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}, ${form}, ${strength}`;
}
