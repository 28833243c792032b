import { randomUUID } from 'node:crypto';
import { defaultSiteRules, type SiteRules } from '../../shared/site-rules/site-rules.js';
import type { BreathReading } from '../../shared/breath/units.js';
import type { VisitStarted } from '../../shared/visit/visit-events.js';

export const t0 = Date.parse('2026-11-23T09:00:00.000Z');

export function at(minutes: number): string {
  return new Date(t0 + minutes * 60_000).toISOString();
}

export function visitStartedFor(options: { alcoholMonitoring?: boolean; rules?: SiteRules; doseMg?: number } = {}): VisitStarted {
  return {
    type: 'visitStarted',
    at: at(0),
    visitId: randomUUID(),
    serviceUserId: 'su-1',
    alcoholMonitoring: options.alcoholMonitoring ?? false,
    prescription: {
      prescriptionId: 'rx-1', drug: 'diamorphine', form: 'powder for injection', strengthMgPerMl: 100,
      dosePerSessionMg: options.doseMg ?? 150, routes: ['IV', 'IM'], prescriberId: 'dr-1',
    },
    rules: options.rules ?? defaultSiteRules,
  };
}

export function reading(microgramsPer100mlBreath: number): BreathReading {
  return {
    microgramsPer100mlBreath, rawText: `RESULT ${microgramsPer100mlBreath} ug/100ml`, rawValue: microgramsPer100mlBreath,
    rawUnit: 'ug/100ml', bloodBreathRatio: 2300, deviceProfile: 'kiosk-line-v1', simulated: true,
  };
}
