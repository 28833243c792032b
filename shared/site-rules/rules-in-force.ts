/**
 * Which version of the site rules is in force at a moment (docs/clinical-protocol.md, "Time and
 * change"): four eyes on every clinical threshold, so a change takes effect only once someone
 * other than its author approves it. Until any version has been approved (a new clinic on the
 * documented defaults), the latest adopted one is in force, under the unapproved banner.
 *
 * Two rooms that have not yet synced a newly approved version each apply the newest they know:
 * docs/safety-case.md says what that allows.
 */
import type { SiteRules } from './site-rules.js';

export interface RulesVersion {
  version: number;
  adoptedAt: string;
  approvedAt: string | null;
  rules: SiteRules;
}

/** The version in force at `at`: the highest approved by then, or, if none was, the highest adopted by then. */
export function rulesVersionInForceAt<T extends RulesVersion>(versions: readonly T[], at: Date): T | null {
  const time = at.getTime();
  let approved: T | null = null;
  let adopted: T | null = null;
  for (const candidate of versions) {
    if (candidate.approvedAt !== null && Date.parse(candidate.approvedAt) <= time && (!approved || candidate.version > approved.version)) {
      approved = candidate;
    }
    // Versions recorded before adoption times were kept have none: they were adopted before anything else.
    const adoptedAt = candidate.adoptedAt === '' ? -Infinity : Date.parse(candidate.adoptedAt);
    if (adoptedAt <= time && (!adopted || candidate.version > adopted.version)) adopted = candidate;
  }
  // Before the first version was adopted there were no rules; a kiosk whose clock runs behind the
  // machine that set the clinic up would otherwise have none for a while: the first version applies.
  return approved ?? adopted ?? versions.reduce<T | null>((first, candidate) => (!first || candidate.version < first.version ? candidate : first), null);
}
