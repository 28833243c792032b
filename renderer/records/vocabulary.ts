/**
 * The choices records forms offer, read from the contract's own schemas so a new route, role or
 * sedation level reaches the forms without a second list to keep in step.
 */
import { AlertSounds, SiteRulesDraft, StaffCard } from '../../shared/contract/index.js';

const rules = SiteRulesDraft.shape;

export const routeOptions = rules.dosing.shape.routes.element.options;
// A zod enum keeps its values as object keys, and JavaScript puts digit keys first: put the
// lettered levels (S, asleep) back before the numbered ones, as the scale reads.
export const sedationLevelOptions = [...rules.sedation.shape.mayProceed.element.options]
  .sort((a, b) => Number(/^\d/.test(a)) - Number(/^\d/.test(b)) || a.localeCompare(b));
export const witnessRoleOptions = rules.witness.shape.roles.element.options;
export const breathTestOptions = rules.breathAlcohol.shape.testFlaggedServiceUsers.options;
export const staffRoleOptions = StaffCard.shape.role.options;
export const alertSoundOptions = AlertSounds.shape.observationOverdue.options;

export type RouteOption = (typeof routeOptions)[number];
