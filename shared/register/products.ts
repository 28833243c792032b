/**
 * Controlled-drug products: what the register keeps a section for. A section is one drug in one
 * form and strength (Misuse of Drugs Regulations 2001 reg 20 as amended: a separate page for each,
 * named at its head), and its stock is counted the way the cupboard holds it: whole ampoules of
 * so many mg, or mL of a solution of so many mg/mL. Every movement is recorded in that unit and in mg.
 */
import { z } from 'zod';

export const ProductForm = z.enum(['powder for injection', 'solution for injection']);
export type ProductForm = z.infer<typeof ProductForm>;

export const StockCounting = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('ampoule'), mgPerAmpoule: z.number().positive().max(10_000) }),
  z.object({ unit: z.literal('mL'), mgPerMl: z.number().positive().max(1_000) }),
]);
export type StockCounting = z.infer<typeof StockCounting>;

// One spelling per drug, so "Diamorphine" and "diamorphine" name one drug; the product, not the
// spelling, decides the section.
export const DrugName = z.string().trim().min(1).max(60).transform((name) => name.toLowerCase());

export const ControlledDrugProduct = z.object({
  productId: z.string().min(1).max(64),
  drug: DrugName,
  form: ProductForm,
  counting: StockCounting,
});
export type ControlledDrugProduct = z.infer<typeof ControlledDrugProduct>;

/** Register figures are kept to the microgram: sums of mg in floating point are rounded back to it. */
export const roundToMicrograms = (mg: number): number => Math.round(mg * 1000) / 1000;

/** mg in so many of the product's units (ampoules or mL). */
export function mgInUnits(counting: StockCounting, units: number): number {
  return roundToMicrograms(units * (counting.unit === 'ampoule' ? counting.mgPerAmpoule : counting.mgPerMl));
}

/** The product's units that hold so many mg: part of an ampoule where a dose uses part of one. */
export function unitsInMg(counting: StockCounting, mg: number): number {
  return roundToMicrograms(mg / (counting.unit === 'ampoule' ? counting.mgPerAmpoule : counting.mgPerMl));
}

export function strengthWords(counting: StockCounting): string {
  return counting.unit === 'ampoule' ? `${counting.mgPerAmpoule} mg ampoule` : `${counting.mgPerMl} mg/mL solution`;
}

/** The heading of the product's register section: drug, form and strength. */
export function productTitle(product: Pick<ControlledDrugProduct, 'drug' | 'form' | 'counting'>): string {
  const drug = product.drug.charAt(0).toUpperCase() + product.drug.slice(1);
  return `${drug}, ${product.form}, ${strengthWords(product.counting)}`;
}

export function unitWords(counting: StockCounting, units: number): string {
  if (counting.unit === 'mL') return `${units} mL`;
  return `${units} ${units === 1 ? 'ampoule' : 'ampoules'}`;
}
