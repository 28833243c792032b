/**
 * Breath-alcohol units. UK readings are micrograms of alcohol per 100 mL of breath; every reading
 * is normalised to that while its raw text, raw unit and the device's blood:breath ratio are kept.
 * 1 mg/L = 100 ug/100mL = 1000 ug/L = 0.21 g/210L (docs/breathalyser-protocols.md).
 */
import { z } from 'zod';

export const BreathUnit = z.enum(['ug/100ml', 'mg/l', 'ug/l', 'g/210l', '%bac']);
export type BreathUnit = z.infer<typeof BreathUnit>;

export const BreathReading = z.object({
  microgramsPer100mlBreath: z.number().nonnegative(),
  rawText: z.string().max(256),
  rawValue: z.number().nonnegative(),
  rawUnit: BreathUnit,
  // Blood:breath ratio the device assumes (UK 2300, US 2100, MQ-3 kits 2000): needed to read %BAC back.
  bloodBreathRatio: z.number().positive(),
  deviceProfile: z.string().min(1),
  simulated: z.boolean(),
});
export type BreathReading = z.infer<typeof BreathReading>;

const microgramsPerGram = 1_000_000;

/** The UK's blood:breath ratio (2300:1), assumed for a reading entered by hand in breath units. */
export const ukBloodBreathRatio = 2300;

export function toMicrogramsPer100mlBreath(value: number, unit: BreathUnit, bloodBreathRatio: number): number {
  switch (unit) {
    case 'ug/100ml':
      return value;
    case 'mg/l':
      return value * 100;
    case 'ug/l':
      return value / 10;
    case 'g/210l':
      // grams per 210 L is grams per 2100 x 100 mL
      return (value / 2100) * microgramsPerGram;
    case '%bac':
      // %BAC is grams per 100 mL of blood; breath holds 1/ratio of that per 100 mL
      return (value / bloodBreathRatio) * microgramsPerGram;
  }
}

/**
 * The highest figure a living person's breath can give, per unit. The ceiling is set in blood
 * terms and carried into breath terms with the conversion factors above, so the five bounds are
 * one bound and a device cannot pass garbage by choosing its unit:
 * - %BAC: 1.5 g per 100 mL of blood. The highest concentration reported in a survivor is about
 *   1.5 % (serum, Johnson, Noll and Rodney, "Survival after a serum ethanol concentration of
 *   1 1/2 %", Lancet 1982); 0.4-0.5 % is lethal for most people. Nobody blows more than this, so a
 *   %BAC figure above it is a fault, whatever ratio the device assumes.
 * - breath units: 1.5 % of blood over the lowest blood:breath ratio a profile may name (1500:1,
 *   device-profile.ts) is the most alcohol 100 mL of breath can hold: 1.5 / 1500 g =
 *   1000 ug/100mL = 10 mg/L (1 mg/L = 100 ug/100mL) = 10000 ug/L (10 ug/L = 1 ug/100mL) =
 *   2.1 g/210L (0.21 g/210L = 1 mg/L). At the UK's 2300:1 a 1.5 % %BAC figure is 652 ug/100mL,
 *   inside the breath bound, so no plausible reading is refused for its unit.
 * The floor is 0 in every unit: a negative figure is a sensor that needs zeroing, never a breath.
 */
export const mostPlausibleBreathReading: Readonly<Record<BreathUnit, number>> = {
  'ug/100ml': 1000,
  'mg/l': 10,
  'ug/l': 10_000,
  'g/210l': 2.1,
  '%bac': 1.5,
};

/** A figure a device could have measured in a living person's breath (see mostPlausibleBreathReading). */
export function isPlausibleBreathReading(value: number, unit: BreathUnit): boolean {
  return Number.isFinite(value) && value >= 0 && value <= mostPlausibleBreathReading[unit];
}

/** Two decimals is finer than any breathalyser resolves; it keeps stored figures readable. */
export function roundReading(value: number): number {
  return Math.round(value * 100) / 100;
}
