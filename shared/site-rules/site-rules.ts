/**
 * Site rules: every clinical number the kiosk enforces, as data.
 *
 * Owns: the schema of a site's rule set and the documented defaults (sources in
 * docs/clinical-protocol.md, quoted beside each field). Must not touch: storage or who may
 * change it (the host does: a clinic lead, each change a ledger event).
 * No clinical number may be written anywhere else in code: take it from a SiteRules value.
 */
import { z } from 'zod';

export const sedationLevels = ['S', '1', '2', '3', '4'] as const;
export const SedationLevel = z.enum(sedationLevels);
export type SedationLevel = z.infer<typeof SedationLevel>;

export const witnessRoleOptions = ['nurse', 'hca'] as const;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use the 24-hour clock, like 08:00.');

/**
 * The identity a window had before windows carried one: its name, as a slug. Sessions recorded
 * then are read with this id, so a stored event never has to be rewritten.
 */
export function legacyWindowId(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

const WindowTimes = z.object({
  name: z.string().trim().min(1).max(30),
  opensAt: LocalTime,
  closesAt: LocalTime,
});

/**
 * A session window. Its `id` is what a dose, a withhold or a missed session is filed under: it
 * survives renaming, moving and the adding of other windows, where a place in the list would not.
 */
export const SessionWindow = z.preprocess(
  (stored) => (isRecord(stored) && stored['id'] === undefined && typeof stored['name'] === 'string'
    ? { ...stored, id: legacyWindowId(stored['name']) } : stored),
  WindowTimes.extend({ id: z.string().trim().min(1).max(40) }),
).refine((window) => window.opensAt < window.closesAt, { message: 'A session must close after it opens, on the same day.' });
export type SessionWindow = z.infer<typeof SessionWindow>;

/** A window as drafted in the editor: a new one has no id yet (the host gives it one). */
export const SessionWindowDraft = WindowTimes.extend({ id: z.string().trim().min(1).max(40).optional() })
  .refine((window) => window.opensAt < window.closesAt, { message: 'A session must close after it opens, on the same day.' });
export type SessionWindowDraft = z.infer<typeof SessionWindowDraft>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function distinct(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** The red-flag thresholds and faster observations after a dose, for rules stored before they existed. */
export const defaultRedFlags = { sedation: ['3', '4'] as SedationLevel[], respiratoryRateBelow: 10, oxygenSaturationBelow: 92 };
const defaultMinutesToNextObservationAfterRedFlag = 5;
const defaultGraceMinutesAfterClose = 30;
const defaultNaloxoneRepeatMinutes = 3;

/** The short sounds a screen can play; 'off' silences that event at this site. */
export const alertSoundOptions = ['off', 'chime', 'twoTone', 'urgent'] as const;
export const AlertSound = z.enum(alertSoundOptions);
export type AlertSound = z.infer<typeof AlertSound>;

/** The events that sound, and the sound each makes, for rules stored before sounds existed. */
export const defaultAlertSounds = { observationOverdue: 'chime', redFlagRecorded: 'twoTone', overdoseResponseStarted: 'urgent' } as const satisfies Record<string, AlertSound>;
export const defaultStaffRules = { maximumHoursOnDuty: 12 };

export const SiteRules = z.object({
  version: z.number().int().positive(),
  // Until a clinic lead approves the set, the kiosk shows a banner: the defaults marked
  // "demo only" in docs/clinical-protocol.md have no published source.
  approvedBy: z.string().min(1).nullable(),
  sessions: z.object({
    // Middlesbrough: twice daily, 8am-6pm; the windows themselves are demo only. Up to 3 (CMAJ 2019).
    windows: z.array(SessionWindow).min(1).max(3),
    // Demo only: a person checked in while the window was open may still be dosed this long after
    // it closes, so the queue never costs anyone a dose; the dose counts for their session.
    graceMinutesAfterClose: z.number().int().min(0).max(120).default(defaultGraceMinutesAfterClose),
  }).refine(({ windows }) => windows.every((window, i) => i === 0 || windows[i - 1]!.closesAt <= window.opensAt), {
    message: 'Session windows must be in order and must not overlap.',
  }).refine(({ windows }) => distinct(windows.map((window) => window.id)) && distinct(windows.map((window) => window.name)), {
    message: 'Each session window needs its own name.',
  }),
  dosing: z.object({
    // "Doses at least 3 hours apart" (Canadian titration case series, PMC7392795).
    minimumMinutesBetweenDoses: z.number().int().min(0).max(24 * 60),
    // NAOMI and the Dutch trials: at most 1000 mg a day.
    maximumDailyMg: z.number().positive().max(5000),
    // Middlesbrough: three missed doses and the service user re-titrates under the prescriber.
    missedSessionsBeforeBlock: z.number().int().min(1).max(21),
    // CMAJ 2019: IV and IM; SC optional.
    routes: z.array(z.enum(['IV', 'IM', 'SC'])).min(1),
  }),
  sedation: z.object({
    // Our own words for each level (the Pasero wording is copyrighted); configurable per site.
    words: z.record(SedationLevel, z.string().trim().min(1).max(80)),
    // Pasero-structured scale: S, 1, 2 may proceed; 3 withhold or reduce with a reason and the
    // prescriber contacted; 4 withhold and start the overdose response.
    mayProceed: z.array(SedationLevel).min(1),
    mayReduceWithPrescriberContact: z.array(SedationLevel),
    startsOverdoseResponse: z.array(SedationLevel),
    acceptableForDischarge: z.array(SedationLevel).min(1),
  }),
  breathAlcohol: z.object({
    // "Daily breathalysation for identified alcohol users" (seed paper); a site may test only at
    // the first visit of the clinic day.
    testFlaggedServiceUsers: z.enum(['everyVisit', 'firstVisitOfDay']),
    // No published HAT/iOAT cut-off: both thresholds are demo only.
    reviewAtOrAbove: z.number().nonnegative(),
    withholdAtOrAbove: z.number().nonnegative(),
  }).refine((b) => b.reviewAtOrAbove <= b.withholdAtOrAbove, {
    message: 'The review threshold must not be above the withhold threshold.',
  }),
  observation: z.object({
    // 20 min: Canadian titration case series; 15 min: Crosstown Clinic.
    minimumMinutes: z.number().int().min(0).max(240),
    // Demo only.
    minimumRespiratoryRate: z.number().int().positive().max(40),
    // Glasgow EDTS takes oxygen levels twice before people leave.
    recordOxygenSaturation: z.boolean(),
    // Demo only: an observation this late turns the card red.
    overdueAfterMinutes: z.number().int().positive().max(60),
    // Demo only: naloxone wears off before diamorphine does, so observation restarts from the
    // last naloxone dose.
    minimumMinutesAfterNaloxone: z.number().int().min(0).max(480),
    // Demo only (docs/clinical-protocol.md, "Post-dose observation"): an observation past any of
    // these is a red flag; opioid-induced respiratory depression is a rate under 8-10/min and
    // falling saturation.
    redFlags: z.object({
      sedation: z.array(SedationLevel),
      respiratoryRateBelow: z.number().int().min(0).max(40),
      oxygenSaturationBelow: z.number().int().min(0).max(100),
    }).default(defaultRedFlags),
    // Demo only: after a red flag the next observation is due this soon.
    minutesToNextObservationAfterRedFlag: z.number().int().min(1).max(30).default(defaultMinutesToNextObservationAfterRedFlag),
  }),
  overdose: z.object({
    // The doses offered as one-touch buttons (naloxone 400 micrograms IM, repeated; 1.8 mg
    // intranasal kits): demo only, set by the site's own protocol.
    naloxoneDoseOptionsMg: z.array(z.number().positive().max(20)).min(1).max(6),
    // Demo only: naloxone is repeated every 2-3 minutes until breathing recovers (the site's
    // own protocol sets it); the panel prompts for the next dose this long after the last.
    naloxoneRepeatMinutes: z.number().int().min(1).max(15).default(defaultNaloxoneRepeatMinutes),
  }),
  // Staff watch people, not the screen: each of these events plays its sound on every screen
  // of the room, or none where the site has silenced it.
  alertSounds: z.object({
    observationOverdue: AlertSound,
    redFlagRecorded: AlertSound,
    overdoseResponseStarted: AlertSound,
  }).default(defaultAlertSounds),
  staff: z.object({
    // Demo only: a sign-in ends by itself after this long, so a badge left signed in at the end
    // of a shift does not sign the next day's steps.
    maximumHoursOnDuty: z.number().int().min(1).max(24),
  }).default(defaultStaffRules),
  witness: z.object({
    // Royal Marsden / NMC: a second registered nurse or, where the site allows, a trained HCA.
    roles: z.array(z.enum(witnessRoleOptions)).min(1),
  }),
});
export type SiteRules = z.infer<typeof SiteRules>;

/** Defaults from docs/clinical-protocol.md; the ones marked demo only there have no published source. */
export const defaultSiteRules: SiteRules = {
  version: 1,
  approvedBy: null,
  sessions: {
    windows: [
      { id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '12:30' },
      { id: 'afternoon', name: 'Afternoon', opensAt: '12:30', closesAt: '18:00' },
    ],
    graceMinutesAfterClose: defaultGraceMinutesAfterClose,
  },
  dosing: { minimumMinutesBetweenDoses: 180, maximumDailyMg: 1000, missedSessionsBeforeBlock: 3, routes: ['IV', 'IM'] },
  sedation: {
    words: {
      S: 'Asleep, wakes easily',
      '1': 'Awake and alert',
      '2': 'A little drowsy, easy to rouse',
      '3': 'Often drowsy, drifts off while talking',
      '4': 'Hard to rouse, little or no response',
    },
    mayProceed: ['S', '1', '2'],
    mayReduceWithPrescriberContact: ['3'],
    startsOverdoseResponse: ['4'],
    acceptableForDischarge: ['S', '1', '2'],
  },
  breathAlcohol: { testFlaggedServiceUsers: 'everyVisit', reviewAtOrAbove: 9, withholdAtOrAbove: 22 },
  observation: {
    minimumMinutes: 20, minimumRespiratoryRate: 10, recordOxygenSaturation: true, overdueAfterMinutes: 2,
    minimumMinutesAfterNaloxone: 60, redFlags: defaultRedFlags,
    minutesToNextObservationAfterRedFlag: defaultMinutesToNextObservationAfterRedFlag,
  },
  overdose: { naloxoneDoseOptionsMg: [0.4, 0.8, 1.8, 2], naloxoneRepeatMinutes: defaultNaloxoneRepeatMinutes },
  alertSounds: { ...defaultAlertSounds },
  staff: { ...defaultStaffRules },
  witness: { roles: ['nurse', 'hca'] },
};
