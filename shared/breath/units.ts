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

/** Two decimals is finer than any breathalyser resolves; it keeps stored figures readable. */
export function roundReading(value: number): number {
  return Math.round(value * 100) / 100;
}
