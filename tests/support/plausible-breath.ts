/**
 * The most a living person's breath can give in each unit, written here from the reasoning in
 * shared/breath/units.ts (1.5 % blood alcohol, the highest reported in a survivor, over the lowest
 * blood:breath ratio a profile may name, 1500:1) rather than imported, so a slip in the code's
 * table is caught by the tests instead of copied into them.
 */
const ceilingPerUnit: Record<string, number> = {
  'ug/100ml': 1000, // 1.5 g / 1500 per 100 mL of breath = 0.001 g
  'mg/l': 10, // 1 mg/L = 100 ug/100mL
  'ug/l': 10_000, // 10 ug/L = 1 ug/100mL
  'g/210l': 2.1, // 0.21 g/210L = 1 mg/L
  '%bac': 1.5, // blood terms, whatever ratio the device assumes
};

/** A figure a breath could give: not below zero, not above its unit's ceiling. */
export function isPlausibleFigure(valueText: string, unit: string): boolean {
  const value = Number(valueText);
  const ceiling = ceilingPerUnit[unit.toLowerCase()];
  return ceiling !== undefined && value >= 0 && value <= ceiling;
}
