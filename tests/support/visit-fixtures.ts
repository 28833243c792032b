import { randomUUID } from 'node:crypto';
import { reasonsOf, type Refusal, type RefusalCode } from '../../shared/refusals/refusal.js';
import { defaultSiteRules, type SedationLevel, type SiteRules } from '../../shared/site-rules/site-rules.js';
import type { BreathReading } from '../../shared/breath/units.js';
import type {
  DoseRange, EndReason, NaloxoneRoute, OverdoseOutcome, TwoPeople, VisitEvent, VisitEventOf, VisitStarted,
} from '../../shared/visit/visit-events.js';
import { advanceVisit, type VisitSnapshot } from '../../shared/visit/visit-steps.js';

/** 09:00 GMT on Monday 23 November 2026: inside the default morning window, in Europe/London. */
export const t0 = Date.parse('2026-11-23T09:00:00.000Z');

export function at(minutes: number): string {
  return new Date(t0 + minutes * 60_000).toISOString();
}

export interface VisitOptions {
  /** Worked out by the host at check-in (alcohol-monitoring flag and the site rule). */
  breathTestRequired?: boolean;
  rules?: SiteRules;
  doseMg?: number;
  sessionsPerDay?: number;
  /** null: the prescription allows no reduced dose. */
  reducedDoseRange?: DoseRange | null;
  /** Already administered to this person on this clinic day. */
  givenTodayMg?: number;
}

export function visitStartedFor(options: VisitOptions = {}): VisitStarted {
  return {
    type: 'visitStarted',
    at: at(0),
    visitId: randomUUID(),
    serviceUserId: 'su-1',
    breathTestRequired: options.breathTestRequired ?? false,
    clinicDay: '2026-11-23',
    session: { id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '12:30' },
    givenTodayMg: options.givenTodayMg ?? 0,
    prescription: {
      prescriptionId: 'rx-1', drug: 'diamorphine', form: 'powder for injection', strengthMgPerMl: 100,
      dosePerSessionMg: options.doseMg ?? 150, sessionsPerDay: options.sessionsPerDay ?? 2, routes: ['IV', 'IM'],
      reducedDoseRange: options.reducedDoseRange === undefined ? null : options.reducedDoseRange, prescriberId: 'dr-1',
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

/** The site rules with some numbers changed, for a test that needs a site other than the defaults. */
export function rulesWith(change: (rules: SiteRules) => void): SiteRules {
  const rules = structuredClone(defaultSiteRules);
  change(rules);
  return rules;
}

// ---------------------------------------------------------------------------------------------
// Driving a visit the way the host does (advanceVisit), and the steps a nurse takes, by name.

export const pair: TwoPeople = { nurseId: 'nurse-1', witnessId: 'hca-1' };

/** Takes each step in turn; a refused step fails the test with the nurse's message. */
export function run(snapshot: VisitSnapshot, events: readonly VisitEvent[]): VisitSnapshot {
  return events.reduce((current, event) => {
    const step = advanceVisit(current, event);
    if (!step.accepted) throw new Error(`${event.type} refused: ${reasonsOf(step.refusals)}`);
    return step.snapshot;
  }, snapshot);
}

/** The reasons a step is refused, joined as the screen shows them; fails the test if it is accepted. */
export function refusal(snapshot: VisitSnapshot, event: VisitEvent): string {
  return reasonsOf(refusalsOf(snapshot, event));
}

/** The codes of the refusals of a step, in order; fails the test if it is accepted. */
export function refusalCodes(snapshot: VisitSnapshot, event: VisitEvent): RefusalCode[] {
  return refusalsOf(snapshot, event).map((each) => each.code);
}

function refusalsOf(snapshot: VisitSnapshot, event: VisitEvent): Refusal[] {
  const step = advanceVisit(snapshot, event);
  if (step.accepted) throw new Error(`${event.type} was accepted but should have been refused`);
  return step.refusals;
}

export const identityConfirmed = (minutes: number): VisitEventOf<'identityConfirmed'> => ({ type: 'identityConfirmed', at: at(minutes) });

export type PreDoseCheck = VisitEventOf<'preDoseCheckRecorded'>;

/** A clean pre-dose check (sedation 1, nothing reported, proceed), with any field changed. */
export function preDoseCheck(minutes: number, change: Partial<PreDoseCheck> = {}): PreDoseCheck {
  return {
    type: 'preDoseCheckRecorded', at: at(minutes), sedation: '1', intoxicationSigns: false, selfReportedUse: [],
    breathTestRequested: false, decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null, ...change,
  };
}

export const breathTestStarted = (minutes: number): VisitEventOf<'breathTestStarted'> => ({ type: 'breathTestStarted', at: at(minutes) });

export const breathResult = (minutes: number, microgramsPer100mlBreath: number): VisitEventOf<'breathResultRecorded'> =>
  ({ type: 'breathResultRecorded', at: at(minutes), reading: reading(microgramsPer100mlBreath) });

/** A reading entered by hand from another device, because the kiosk's breathalyser is broken. */
export const manualBreathReading = (minutes: number, microgramsPer100mlBreath: number): VisitEventOf<'manualBreathReadingRecorded'> => ({
  type: 'manualBreathReadingRecorded', at: at(minutes), reason: 'The kiosk breathalyser reports a sensor fault', staff: pair,
  reading: { ...reading(microgramsPer100mlBreath), deviceProfile: 'manual entry', simulated: false },
});

export const breathReview = (minutes: number, decision: 'proceed' | 'withhold', reason: string | null): VisitEventOf<'breathReviewDecided'> =>
  ({ type: 'breathReviewDecided', at: at(minutes), decision, reason });

export const dosePrepared = (minutes: number, drawnMg: number, staff: TwoPeople = pair): VisitEventOf<'dosePrepared'> => ({
  type: 'dosePrepared', at: at(minutes), drug: 'diamorphine', form: 'powder for injection', strengthMgPerMl: 100, drawnMg, staff,
});

export const doseAdministered = (minutes: number, administeredMg: number, change: Partial<VisitEventOf<'doseAdministered'>> = {}): VisitEventOf<'doseAdministered'> =>
  ({ type: 'doseAdministered', at: at(minutes), administeredMg, route: 'IV', site: 'left arm', staff: pair, ...change });

export const surplusWasted = (minutes: number, wastedMg: number, staff: TwoPeople = pair): VisitEventOf<'surplusWasted'> =>
  ({ type: 'surplusWasted', at: at(minutes), wastedMg, staff });

export const doseWithheld = (minutes: number, reason: string): VisitEventOf<'doseWithheld'> => ({ type: 'doseWithheld', at: at(minutes), reason });

export interface ObservationValues { sedation: SedationLevel; respiratoryRate: number; oxygenSaturation: number | null }

export const safeObservation: ObservationValues = { sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 };

export const observation = (minutes: number, values: Partial<ObservationValues> = {}): VisitEventOf<'observationRecorded'> =>
  ({ type: 'observationRecorded', at: at(minutes), ...safeObservation, ...values });

export const discharge = (minutes: number): VisitEventOf<'visitDischarged'> => ({ type: 'visitDischarged', at: at(minutes) });

export const visitEnded = (minutes: number, reason: EndReason, note: string | null = null): VisitEventOf<'visitEnded'> =>
  ({ type: 'visitEnded', at: at(minutes), reason, note });

export const overdoseResponseStarted = (minutes: number, noticedMinutes = minutes): VisitEventOf<'overdoseResponseStarted'> =>
  ({ type: 'overdoseResponseStarted', at: at(minutes), noticedAt: at(noticedMinutes) });

export const naloxoneGiven = (minutes: number, doseMg = 0.4, route: NaloxoneRoute = 'IM'): VisitEventOf<'naloxoneGiven'> =>
  ({ type: 'naloxoneGiven', at: at(minutes), givenAt: at(minutes), doseMg, route, givenBy: 'nurse-1' });

export const oxygenGiven = (minutes: number): VisitEventOf<'oxygenGiven'> => ({ type: 'oxygenGiven', at: at(minutes) });

export const rescueBreathingGiven = (minutes: number): VisitEventOf<'rescueBreathingGiven'> => ({ type: 'rescueBreathingGiven', at: at(minutes) });

export const emergencyServicesCalled = (minutes: number): VisitEventOf<'emergencyServicesCalled'> =>
  ({ type: 'emergencyServicesCalled', at: at(minutes), calledAt: at(minutes) });

export const overdoseOutcome = (minutes: number, outcome: OverdoseOutcome = 'recovered and observed', note: string | null = null): VisitEventOf<'overdoseOutcomeRecorded'> =>
  ({ type: 'overdoseOutcomeRecorded', at: at(minutes), outcome, note });

/** Site rules as kiosks stored them before windows had ids and the grace time and red flags existed. */
export function siteRulesAsFirstStored(rules: SiteRules = defaultSiteRules): Record<string, unknown> {
  const { graceMinutesAfterClose: _grace, windows, ...sessions } = rules.sessions;
  const { redFlags: _redFlags, minutesToNextObservationAfterRedFlag: _sooner, ...observation } = rules.observation;
  return { ...rules, sessions: { ...sessions, windows: windows.map(({ id: _id, ...window }) => window) }, observation };
}
