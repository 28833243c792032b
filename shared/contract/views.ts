/**
 * Host -> renderer: everything the screen shows, already decided. The renderer draws these and
 * holds no clinical rule: whether a button is enabled, what is due, what is overdue, why a step
 * is refused all arrive here.
 */
import { z } from 'zod';
import { StaffRole } from '../ledger/reference-events.js';
import { RefusalCode } from '../refusals/refusal.js';
import { ProductForm } from '../register/products.js';
import { AlertSound, SedationLevel } from '../site-rules/site-rules.js';
import { BreathErrorCode, EndReason, NaloxoneRoute, OverdoseOutcome, Route, SubstanceUsed } from '../visit/visit-events.js';
import { visitStages, visitStateNames } from '../visit/visit-states.js';
import { Intention, ReportName, RequestId } from './intentions.js';
import { HandoverNoteView, Report } from './reports.js';
import { RequestOutcomes } from './request-outcomes.js';

const instant = z.string();

export const PersonCard = z.object({
  id: z.string(),
  preferredName: z.string(),
  initial: z.string().max(2),
  // A data: URL; the room board shows it so staff know the person without asking.
  photo: z.string(),
});
export type PersonCard = z.infer<typeof PersonCard>;

export const StaffCard = z.object({ id: z.string(), displayName: z.string(), role: StaffRole });
export type StaffCard = z.infer<typeof StaffCard>;

const IntentionType = z.enum(Intention.options.map((option) => option.shape.type.value) as [Intention['type'], ...Intention['type'][]]);

/** A signed-in staff member, with what their role lets them do (the host decides; the screen hides the rest). */
export const OnDutyCard = StaffCard.extend({ may: z.array(IntentionType), reports: z.array(ReportName) });
export type OnDutyCard = z.infer<typeof OnDutyCard>;

export const OverdoseView = z.object({
  open: z.boolean(),
  noticedAt: instant,
  // `givenBy`: the name of who gave it.
  naloxone: z.array(z.object({ givenAt: instant, doseMg: z.number(), route: NaloxoneRoute, givenBy: z.string() })),
  oxygenAt: instant.nullable(),
  rescueBreathingAt: instant.nullable(),
  emergencyServicesCalledAt: instant.nullable(),
  outcome: z.object({ at: instant, outcome: OverdoseOutcome, note: z.string().nullable() }).nullable(),
  // The site's interval between naloxone doses, and when the next is due (null: none given yet, or closed).
  naloxoneRepeatMinutes: z.number(),
  nextNaloxoneDueAt: instant.nullable(),
});
export type OverdoseView = z.infer<typeof OverdoseView>;

/**
 * What in a visit is worth a sound: a screen plays the site's sound when one appears or changes
 * (`redFlagRecordedAt`: the last observation's time when it is a red flag; `overdoseStartedAt`: the
 * open response's start).
 */
export const VisitAlertStates = z.object({
  observationOverdue: z.boolean(),
  redFlagRecordedAt: instant.nullable(),
  overdoseStartedAt: instant.nullable(),
});
export type VisitAlertStates = z.infer<typeof VisitAlertStates>;

/** The site's sound for each alerting event ('off': silenced). */
export const AlertSounds = z.object({ observationOverdue: AlertSound, redFlagRecorded: AlertSound, overdoseResponseStarted: AlertSound });
export type AlertSounds = z.infer<typeof AlertSounds>;

export const VisitStage = z.enum(visitStages);

export const VisitStep = z.enum(visitStateNames);
export type VisitStep = z.infer<typeof VisitStep>;

export const VisitView = z.object({
  visitId: z.string(),
  person: PersonCard,
  stage: VisitStage,
  step: VisitStep,
  startedAt: instant,
  stageSince: instant,
  session: z.string(),
  dueNext: z.string(),
  overdue: z.boolean(),
  // The response in progress (or the last one), shown over every stage.
  overdose: OverdoseView.nullable(),
  // Naloxone given in this visit (any response): said on the visit and its card until the visit ends.
  naloxoneGiven: z.object({ doses: z.number().int().positive(), lastAt: instant }).nullable(),
  alertStates: VisitAlertStates,
  overdoseOutcomes: z.array(OverdoseOutcome),
  naloxoneRoutes: z.array(NaloxoneRoute),
  naloxoneDosesMg: z.array(z.number()),
  // Full name and date of birth only while identity is being checked (docs/design.md section 7).
  // The latest handover notes, newest first, go with it: for the worker checking the person in, not the room board.
  identity: z.object({
    legalName: z.string(), dateOfBirth: z.string(), handoverNote: z.string().nullable(), handoverNotes: z.array(HandoverNoteView),
  }).nullable(),
  prescription: z.object({
    drug: z.string(),
    form: z.string(),
    // The catalogue forms the prescription in force allows; empty: it names none the catalogue
    // knows (issued before forms were chosen), so nothing may be drawn up until a prescriber says.
    allowedForms: z.array(ProductForm).nullable(),
    strengthMgPerMl: z.number().nullable(),
    dosePerSessionMg: z.number(),
    routes: z.array(Route),
    reducedDoseRange: z.object({ minMg: z.number(), maxMg: z.number() }).nullable(),
  }),
  preDoseCheck: z.object({
    sedationLevels: z.array(z.object({
      level: SedationLevel, words: z.string(), mayProceed: z.boolean(), mayReduceWithPrescriberContact: z.boolean(),
      startsOverdoseResponse: z.boolean(),
    })),
    substances: z.array(SubstanceUsed),
    breathTestRequired: z.boolean(),
  }),
  breath: z.object({
    required: z.boolean(),
    inProgress: z.boolean(),
    attempts: z.number(),
    lastError: z.object({ code: BreathErrorCode, message: z.string() }).nullable(),
    // `enteredByHand`: taken on another device and typed in, because the kiosk's was broken.
    reading: z.object({ microgramsPer100mlBreath: z.number(), rawText: z.string(), simulated: z.boolean(), enteredByHand: z.boolean() }).nullable(),
    outcome: z.enum(['clear', 'review', 'withhold']).nullable(),
    reviewAtOrAbove: z.number(),
    withholdAtOrAbove: z.number(),
    // The device is broken (or failed this visit): a reading may be entered by hand, with a reason and a witness.
    manualReadingAllowed: z.boolean(),
  }),
  injection: z.object({
    drawnMg: z.number().nullable(),
    administeredMg: z.number().nullable(),
    route: Route.nullable(),
    site: z.string().nullable(),
    surplusMg: z.number(),
    wastedMg: z.number().nullable(),
    sites: z.record(z.string(), z.array(z.string())),
    // The most that may be drawn up now: the prescribed or reduced dose, within the daily maximum.
    maximumDrawMg: z.number(),
    // At the preparation step (empty at the others), the catalogue's products of the prescribed drug
    // to draw from: each with what the register holds less what open visits have drawn up;
    // `problem` says why one cannot be used now; `notPrescribed`, why the prescription in force
    // does not allow its form (shown disabled with that reason, not hidden).
    products: z.array(z.object({
      productId: z.string(), title: z.string(), form: ProductForm, availableMg: z.number(), problem: z.string().nullable(),
      notPrescribed: z.string().nullable(),
    })),
    // The product drawn from, once prepared.
    productTitle: z.string().nullable(),
  }),
  observation: z.object({
    administeredAt: instant.nullable(),
    earliestDischargeAt: instant.nullable(),
    // `redFlags`: the site's thresholds this observation is past, in words (empty: none).
    records: z.array(z.object({
      at: instant, sedation: SedationLevel, respiratoryRate: z.number(), oxygenSaturation: z.number().nullable(), redFlags: z.array(z.string()),
    })),
    // Faster observations after a red flag: when the next is due.
    nextDueAt: instant.nullable(),
    dischargeProblems: z.array(z.string()),
    recordsOxygenSaturation: z.boolean(),
  }),
  // For witnessed steps: the pair fixed at preparation, or who may be chosen as witness.
  witnessing: z.object({
    nurse: StaffCard.nullable(),
    witness: StaffCard.nullable(),
    candidates: z.array(StaffCard),
  }),
  // Judged now as the host judges the dose step itself (time, rules and prescription in force now):
  // why a dose cannot be prepared or given now (null: it can), whether the way on is to end the
  // visit and check the person in again, what changed in the prescription since check-in, and
  // whether a prescriber's decision is needed after naloxone (with the prescribers to name).
  dosing: z.object({
    blocked: z.string().nullable(),
    endVisitSuggested: z.boolean(),
    prescriptionChange: z.string().nullable(),
    naloxoneDecisionNeeded: z.boolean(),
    prescribers: z.array(StaffCard),
  }),
  // What staff must see before the pre-dose check: findings earlier this session (what, who, when),
  // and leaving against advice at the last visit.
  cautions: z.array(z.string()),
  // The last observation's red flags (empty: none): shown on the card, the overdose response one touch away.
  redFlags: z.array(z.string()),
  outcome: z.object({ kind: z.enum(['discharged', 'doseWithheld', 'ended']), at: instant, words: z.string() }).nullable(),
  // The dose is withheld but the visit waits for the overdose response's outcome.
  withheldReason: z.string().nullable(),
  endReasons: z.array(EndReason),
});
export type VisitView = z.infer<typeof VisitView>;

export const DeviceView = z.object({
  status: z.enum(['notConfigured', 'unavailable', 'discovering', 'opening', 'ready', 'awaitingResult', 'stalled', 'lost']),
  words: z.string(),
  simulated: z.boolean(),
  busyWithVisitId: z.string().nullable(),
});
export type DeviceView = z.infer<typeof DeviceView>;

/**
 * Sync with the clinic's central store, always on screen: 'alone' for a kiosk with no central
 * configured; otherwise whether the last attempt reached central, this kiosk's events central does
 * not have yet, the last success, and the last problem in words.
 */
export const SyncView = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('alone') }),
  z.object({
    mode: z.literal('central'),
    online: z.boolean(),
    eventsWaiting: z.number().int().nonnegative(),
    lastSuccessAt: instant.nullable(),
    lastError: z.string().nullable(),
  }),
]);
export type SyncView = z.infer<typeof SyncView>;

/** A double dose found on reconnection: shown on every kiosk of the clinic until acknowledged. */
export const IncidentView = z.object({
  incidentId: z.string(),
  person: PersonCard,
  raisedAt: instant,
  // The doses, who and where, in words ("10:02 in Injection room 1, by Aisha Khan").
  summary: z.string(),
});
export type IncidentView = z.infer<typeof IncidentView>;

/**
 * An open visit on a locked screen: no name, photo, dose or time of dose, only enough to start the
 * overdose response for the right person by one touch (numbered in the order the visits began).
 */
export const LockedVisit = z.object({
  visitId: z.string(),
  label: z.string(),
  stage: VisitStage,
  overdoseOpen: z.boolean(),
});
export type LockedVisit = z.infer<typeof LockedVisit>;

/** What a locked screen is sent instead of the room: counts, and the overdose response. */
export const LockedScreen = z.object({
  visits: z.array(LockedVisit),
  // Each open visit's alert states under its label, so a locked screen still sounds.
  visitAlerts: z.array(VisitAlertStates.extend({ visitId: z.string(), label: z.string() })),
  waitingCount: z.number().int().nonnegative(),
  incidentCount: z.number().int().nonnegative(),
});
export type LockedScreen = z.infer<typeof LockedScreen>;

export const RoomView = z.object({
  // `demoClock`: a demo kiosk running on a clock shifted from the real time, said beside the clock.
  kiosk: z.object({ kioskId: z.string(), clinicName: z.string(), timeZone: z.string(), demoClock: z.boolean() }),
  now: instant,
  // Problems staff must know about now, such as a visit that could not be restored.
  alerts: z.array(z.string()),
  // The version in force, whether it is unapproved (no version ever approved), and a newer
  // version adopted and waiting for a second person's approval.
  rulesNotApproved: z.boolean(),
  rulesVersion: z.number().nullable(),
  rulesAwaitingApproval: z.number().nullable(),
  // The session open now, or when the next opens.
  session: z.string(),
  staffOnDuty: z.array(OnDutyCard),
  // Demo clinics only: the demo staff's badges and PINs, so a visitor can try each role.
  demoSignIns: z.array(z.object({ displayName: z.string(), role: StaffRole, badgeNumber: z.string(), pin: z.string() })),
  device: DeviceView,
  // People with a prescription in force today and no open visit; `paused` says why one may not be
  // checked in yet (missed sessions, already dosed this session).
  waiting: z.array(PersonCard.extend({ paused: z.string().nullable() })),
  visits: z.array(VisitView),
  // The sounds of the rules in force (the defaults before any are set).
  alertSounds: AlertSounds,
  sync: SyncView,
  incidents: z.array(IncidentView),
  // Non-null while the screen is locked: then `visits`, `waiting`, `incidents` and `staffOnDuty` are empty.
  locked: LockedScreen.nullable(),
  // The screen locks itself after this long with no touch or key (docs/clinical-protocol.md, "Privacy and words").
  idleLockSeconds: z.number().int().positive(),
});
export type RoomView = z.infer<typeof RoomView>;

export const Reply = z.discriminatedUnion('ok', [
  // `staffId`: who just signed in, so the screen can act as them.
  z.object({
    ok: z.literal(true), visitId: z.string().nullable(), staffId: z.string().nullable(), report: Report.nullable(),
    // Set when this request was sent again (a retry after a crash or a lost reply): the step was
    // recorded then, not now, and is answered as it was the first time.
    alreadyRecordedAt: instant.optional(),
    // Where the host saved a file the person asked for (the register as a PDF), to open and print.
    savedTo: z.string().optional(),
  }),
  // `code` tells one refusal from another; `reason` is the sentence the person reads.
  z.object({ ok: z.literal(false), code: RefusalCode, reason: z.string() }),
]);
export type Reply = z.infer<typeof Reply>;

export const FromHost = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('room'), room: RoomView }),
  z.object({ kind: z.literal('reply'), requestId: RequestId, reply: Reply }),
  RequestOutcomes,
]);
export type FromHost = z.infer<typeof FromHost>;
