/**
 * Site rules: every clinical number the kiosk enforces, as data.
 *
 * Owns: the schema of a site's rule set and the documented defaults (sources in
 * ../shared/clinical-protocol.md). Must not touch: storage or who may change it (the host does).
 * No clinical number may be written anywhere else in code: take it from a SiteRules value.
 */
import { z } from 'zod';

export const sedationLevels = ['S', '1', '2', '3', '4'] as const;
export const SedationLevel = z.enum(sedationLevels);
export type SedationLevel = z.infer<typeof SedationLevel>;

export const SiteRules = z.object({
  version: z.number().int().positive(),
  // Until a clinic lead approves the set, the kiosk shows a banner: the defaults marked
  // "demo only" in clinical-protocol.md have no published source.
  approvedBy: z.string().min(1).nullable(),
  dosing: z.object({
    // "Doses at least 3 hours apart" (Canadian titration case series, PMC7392795).
    minimumMinutesBetweenDoses: z.number().int().min(0),
  }),
  sedation: z.object({
    // Pasero-structured scale: S, 1, 2 may proceed; 3 withhold (or reduce with reason); 4 withhold.
    mayProceed: z.array(SedationLevel).min(1),
    acceptableForDischarge: z.array(SedationLevel).min(1),
  }),
  breathAlcohol: z.object({
    reviewAtOrAbove: z.number().nonnegative(),
    withholdAtOrAbove: z.number().nonnegative(),
  }).refine((b) => b.reviewAtOrAbove <= b.withholdAtOrAbove, {
    message: 'The review threshold must not be above the withhold threshold.',
  }),
  observation: z.object({
    minimumMinutes: z.number().int().min(0),
    minimumRespiratoryRate: z.number().int().positive(),
    overdueAfterMinutes: z.number().int().positive(),
  }),
});
export type SiteRules = z.infer<typeof SiteRules>;

/** Defaults from clinical-protocol.md; the breath thresholds and respiratory minimum are demo only. */
export const defaultSiteRules: SiteRules = {
  version: 1,
  approvedBy: null,
  dosing: { minimumMinutesBetweenDoses: 180 },
  sedation: { mayProceed: ['S', '1', '2'], acceptableForDischarge: ['S', '1', '2'] },
  breathAlcohol: { reviewAtOrAbove: 9, withholdAtOrAbove: 22 },
  observation: { minimumMinutes: 20, minimumRespiratoryRate: 10, overdueAfterMinutes: 2 },
};
