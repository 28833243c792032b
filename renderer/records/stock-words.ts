/**
 * A product's stock in the words of its cupboard: whole ampoules of so many mg, or mL of a
 * solution, from the register's own vocabulary (shared/register). Display only: the host records
 * every movement in the unit and in mg, and says whether a count is right.
 */
import {
  ProductForm, mgInUnits, productTitle, unitWords, unitsInMg, type StockCounting,
} from '../../shared/register/products.js';

export type Counting = StockCounting;
export { ProductForm, unitWords };
export const productForms: readonly ProductForm[] = ProductForm.options;
export const mgIn = mgInUnits;

/** "ampoules" or "mL": what a receipt or a count is entered in. */
export function unitName(counting: Counting): string {
  return counting.unit === 'ampoule' ? 'ampoules' : 'mL';
}

/** "10000 mg (100 ampoules)", or mg alone on a page kept by drug name. */
export function mgAndUnits(counting: Counting | null, mg: number): string {
  return counting === null ? `${mg} mg` : `${mg} mg (${unitWords(counting, unitsInMg(counting, mg))})`;
}

/** "20 ampoules (10000 mg)": a movement as it was counted. */
export function unitsAndMg(counting: Counting | null, units: number | null, mg: number): string {
  return counting === null || units === null ? `${mg} mg` : `${unitWords(counting, units)} (${mg} mg)`;
}

/** The heading a new product will have, as the host names it: drug, form and strength. */
export function titleOf(drug: string, form: ProductForm, counting: Counting): string {
  return productTitle({ drug: drug.trim().toLowerCase(), form, counting });
}
