/**
 * The register's rules of counting: ampoules are received and counted whole, and a dose drawn from
 * ampoules opens whole ones (what is left in them is destroyed at preparation). The host's alone:
 * the screen shows what they decided.
 */
import type { StockCounting } from '../../../shared/register/products.js';

/** Whole ampoules only: a receipt or a count of part of an ampoule is a slip of the finger. */
export function wholeUnitsProblem(counting: StockCounting, units: number): string | null {
  if (counting.unit === 'ampoule' && !Number.isInteger(units)) return 'Ampoules are counted whole: enter a whole number of ampoules.';
  return null;
}

/** What a dose of so many mg takes from stock: whole ampoules opened, or the mL drawn, in mg. */
export function mgOpenedFor(counting: StockCounting, drawnMg: number): number {
  if (counting.unit === 'mL') return drawnMg;
  // A tolerance of a microgram, so 200 mg from 100 mg ampoules opens two, not three.
  return Math.ceil(drawnMg / counting.mgPerAmpoule - 1e-6) * counting.mgPerAmpoule;
}
