import type { BreathReading } from '../breath/units.js';
import type { SedationLevel, SiteRules } from '../site-rules/site-rules.js';
import type { BreathErrorCode, EndReason, PrescriptionSnapshot, Route, SubstanceUsed } from './visit-events.js';

export type BreathOutcome = 'clear' | 'review' | 'withhold';

export interface Observation {
  at: string;
  sedation: SedationLevel;
  respiratoryRate: number;
  oxygenSaturation: number | null;
}

export type VisitOutcome =
  | { kind: 'discharged'; at: string }
  | { kind: 'doseWithheld'; at: string; reason: string }
  | { kind: 'ended'; at: string; reason: EndReason; note: string | null };

export interface VisitContext {
  visitId: string;
  serviceUserId: string;
  startedAt: string;
  stageSince: string;
  prescription: PrescriptionSnapshot;
  // The rules in force when the visit started: a rule change mid-visit must not move its goalposts.
  rules: SiteRules;
  identityConfirmedAt: string | null;
  preDoseCheck: {
    at: string;
    sedation: SedationLevel;
    intoxicationSigns: boolean;
    selfReportedUse: SubstanceUsed[];
    reason: string | null;
  } | null;
  breath: {
    required: boolean;
    requestedAt: string | null;
    attempts: number;
    lastError: { code: BreathErrorCode; message: string } | null;
    reading: BreathReading | null;
    outcome: BreathOutcome | null;
    reviewReason: string | null;
  };
  preparation: { at: string; drug: string; form: string; strengthMgPerMl: number | null; drawnMg: number } | null;
  administration: { at: string; administeredMg: number; route: Route; site: string } | null;
  waste: { at: string; wastedMg: number } | null;
  observations: Observation[];
  outcome: VisitOutcome | null;
}
