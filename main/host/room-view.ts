/**
 * Builds the RoomView the screens draw: every open visit with what is due next and whether it is
 * overdue, the people who can be checked in, who is on duty, and the breathalyser's state. All
 * judgement happens here, in the host; the renderer only draws it.
 */
import { clinicDayOf, clockTimeIn, nextSessionAfter, sessionAt } from '../../shared/clinic-time/clinic-day.js';
import {
  intentionTypes, reportNames, type LockedScreen, type OnDutyCard, type RoomView, type StaffCard, type SyncView, type VisitView,
} from '../../shared/contract/index.js';
import { mayAct, rolesForReport } from '../../shared/staff/permissions.js';
import { sedationLevels, type SiteRules } from '../../shared/site-rules/site-rules.js';
import type { VisitContext } from '../../shared/visit/visit-context.js';
import { EndReason, NaloxoneRoute, OverdoseOutcome, SubstanceUsed, injectionSites } from '../../shared/visit/visit-events.js';
import {
  dailyAllowanceMg, dischargeProblems, earliestDischargeAt, openOverdoseResponse, unaccountedMg,
} from '../../shared/visit/visit-rules.js';
import { stageOfState } from '../../shared/visit/visit-states.js';
import { stateOf, type VisitSnapshot } from '../../shared/visit/visit-steps.js';
import type { DeviceState } from '../devices/breathalyser/breathalyser.js';
import type { SyncStatus } from '../sync/kiosk-sync.js';
import type { HostParts } from './host-parts.js';
import { incidentViews } from './incidents.js';
import { manualEntryProfile, manualReadingAllowed } from './visit-intentions.js';
import type { ServiceUser, StaffMember } from './reference-data.js';
import { idleLockSeconds, type StaffOnDuty } from './staff-on-duty.js';

const minute = 60_000;
const closedVisitShownForMinutes = 5;

function staffCard(member: StaffMember): StaffCard {
  return { id: member.staffId, displayName: member.displayName, role: member.role };
}

function onDutyCard(member: StaffMember): OnDutyCard {
  return {
    ...staffCard(member),
    may: intentionTypes.filter((type) => type !== 'signIn' && mayAct(member.role, type)),
    reports: reportNames.filter((report) => rolesForReport[report].includes(member.role)),
  };
}

function personCard(person: ServiceUser) {
  const surname = person.legalName.trim().split(/\s+/).at(-1) ?? '';
  return { id: person.serviceUserId, preferredName: person.preferredName, initial: surname.slice(0, 1).toUpperCase(), photo: person.photo };
}

function clockTime(iso: string, timeZone: string): string {
  return clockTimeIn(new Date(iso), timeZone);
}

interface Due { words: string; overdue: boolean }

function observationDue(context: VisitContext, now: number, timeZone: string): Due {
  if (openOverdoseResponse(context)) return { words: 'Overdose response under way', overdue: true };
  const administeredAt = Date.parse(context.administration?.at ?? context.stageSince);
  const graceMs = context.rules.observation.overdueAfterMinutes * minute;
  const first = context.observations.find((record) => Date.parse(record.at) >= administeredAt);
  if (!first) return { words: 'First observation due now', overdue: now > administeredAt + graceMs };
  const earliest = earliestDischargeAt(context);
  const finalDue = earliest === null ? administeredAt : Date.parse(earliest);
  const last = context.observations.at(-1);
  if (last && Date.parse(last.at) >= finalDue) return { words: 'Ready for discharge check', overdue: false };
  return {
    words: `Observation before discharge due at ${clockTime(new Date(finalDue).toISOString(), timeZone)}`,
    overdue: now > finalDue + graceMs,
  };
}

function dueNext(snapshot: VisitSnapshot, testing: boolean, now: number, timeZone: string): Due {
  const { context } = snapshot;
  // An open overdose response outranks whatever step the visit is at.
  if (openOverdoseResponse(context) && stateOf(snapshot) !== 'observation') return { words: 'Overdose response under way', overdue: true };
  switch (stateOf(snapshot)) {
    case 'checkIn': return { words: 'Confirm identity', overdue: false };
    case 'preDoseCheck': return { words: 'Pre-dose check by the nurse', overdue: false };
    case 'breathTest':
      return { words: testing ? 'Breath test under way' : 'Breath test', overdue: false };
    case 'breathReview': return { words: 'Nurse to review the breath reading', overdue: false };
    case 'preparation': return { words: 'Prepare the dose (two staff)', overdue: false };
    case 'administration': return { words: 'Observe the self-injection', overdue: false };
    case 'waste': return { words: 'Waste the surplus (witnessed)', overdue: false };
    case 'doseWasted': return { words: 'Dose not given: withhold or end the visit', overdue: false };
    case 'observation': return observationDue(context, now, timeZone);
    case 'withheldInResponse': return { words: 'Overdose response: record the outcome', overdue: true };
    case 'doseWithheld':
    case 'discharged':
    case 'ended':
      return { words: 'Visit closed', overdue: false };
  }
}

function outcomeView(context: VisitContext, timeZone: string): VisitView['outcome'] {
  const outcome = context.outcome;
  if (!outcome) return null;
  const time = clockTime(outcome.at, timeZone);
  switch (outcome.kind) {
    case 'discharged': return { kind: 'discharged', at: outcome.at, words: `Discharged at ${time}.` };
    case 'doseWithheld': return { kind: 'doseWithheld', at: outcome.at, words: `Dose withheld at ${time}: ${outcome.reason}` };
    case 'ended':
      return { kind: 'ended', at: outcome.at, words: `Visit ended at ${time}: ${outcome.reason}${outcome.note ? ` (${outcome.note})` : ''}.` };
  }
}

/**
 * `testingVisitId` is the visit the breathalyser is bound to now. A test is in progress only while
 * the device holds it: after a restart the stored visit still remembers asking, but no device is
 * waiting, and the screen must offer the test again rather than wait for ever.
 */
export interface VisitViewFacts {
  nowIso: string;
  timeZone: string;
  testingVisitId: string | null;
  device: DeviceState;
  staff: StaffOnDuty;
  reference: HostParts['reference'];
}

/** The pair fixed at preparation, or who could be chosen as witness now. */
function witnessing(context: VisitContext, staff: StaffOnDuty, parts: Pick<HostParts, 'reference'>): VisitView['witnessing'] {
  const pair = context.preparation?.staff;
  const card = (id: string) => {
    const member = parts.reference.staffMember(id);
    return member ? staffCard(member) : { id, displayName: 'A staff member no longer enrolled', role: 'nurse' as const };
  };
  return {
    nurse: pair ? card(pair.nurseId) : null,
    witness: pair ? card(pair.witnessId) : null,
    candidates: staff.witnessCandidates(context.rules.witness.roles).map(staffCard),
  };
}

/** The response in progress (or the last), with who gave each naloxone dose by name. */
function overdoseView(context: VisitContext, reference: HostParts['reference']): VisitView['overdose'] {
  const response = context.overdoseResponses.at(-1);
  if (!response) return null;
  const naloxone = response.naloxone.map((dose) => ({ ...dose, givenBy: reference.nameOf(dose.givenBy) }));
  return { ...response, naloxone, open: response.outcome === null };
}

function sedationChoices(rules: SiteRules): VisitView['preDoseCheck']['sedationLevels'] {
  return sedationLevels.map((level) => ({
    level,
    words: rules.sedation.words[level],
    mayProceed: rules.sedation.mayProceed.includes(level),
    mayReduceWithPrescriberContact: rules.sedation.mayReduceWithPrescriberContact.includes(level),
    startsOverdoseResponse: rules.sedation.startsOverdoseResponse.includes(level),
  }));
}

export function visitView(snapshot: VisitSnapshot, person: ServiceUser, facts: VisitViewFacts): VisitView {
  const { nowIso, timeZone, testingVisitId } = facts;
  const { context } = snapshot;
  const step = stateOf(snapshot);
  const closed = snapshot.status !== 'active';
  const testing = testingVisitId === context.visitId;
  const due = dueNext(snapshot, testing, Date.parse(nowIso), timeZone);
  const { rules, prescription, breath } = context;
  return {
    visitId: context.visitId,
    person: personCard(person),
    stage: stageOfState[step],
    step,
    startedAt: context.startedAt,
    stageSince: context.stageSince,
    session: `${context.session.name}, ${context.clinicDay}`,
    dueNext: due.words,
    overdue: due.overdue,
    overdose: overdoseView(context, facts.reference),
    overdoseOutcomes: OverdoseOutcome.options,
    naloxoneRoutes: NaloxoneRoute.options,
    naloxoneDosesMg: rules.overdose.naloxoneDoseOptionsMg,
    identity: step === 'checkIn'
      ? { legalName: person.legalName, dateOfBirth: person.dateOfBirth, handoverNote: person.handoverNote }
      : null,
    prescription: {
      drug: prescription.drug, form: prescription.form, strengthMgPerMl: prescription.strengthMgPerMl,
      dosePerSessionMg: prescription.dosePerSessionMg, routes: prescription.routes, reducedDoseRange: prescription.reducedDoseRange,
    },
    preDoseCheck: {
      sedationLevels: sedationChoices(rules),
      substances: SubstanceUsed.options,
      breathTestRequired: breath.required,
    },
    breath: {
      required: breath.required,
      inProgress: testing,
      attempts: breath.attempts,
      lastError: breath.lastError,
      reading: breath.reading
        ? {
          microgramsPer100mlBreath: breath.reading.microgramsPer100mlBreath, rawText: breath.reading.rawText, simulated: breath.reading.simulated,
          enteredByHand: breath.reading.deviceProfile === manualEntryProfile,
        }
        : null,
      outcome: breath.outcome,
      reviewAtOrAbove: rules.breathAlcohol.reviewAtOrAbove,
      withholdAtOrAbove: rules.breathAlcohol.withholdAtOrAbove,
      manualReadingAllowed: manualReadingAllowed(snapshot, facts.device),
    },
    injection: {
      drawnMg: context.preparation?.drawnMg ?? null,
      administeredMg: context.administration?.administeredMg ?? null,
      route: context.administration?.route ?? null,
      site: context.administration?.site ?? null,
      surplusMg: unaccountedMg(context),
      wastedMg: context.waste?.wastedMg ?? null,
      sites: Object.fromEntries(prescription.routes.map((route) => [route, [...injectionSites[route]]])),
      maximumDrawMg: Math.min(context.doseTargetMg, dailyAllowanceMg(context)),
    },
    observation: {
      administeredAt: context.administration?.at ?? null,
      earliestDischargeAt: earliestDischargeAt(context),
      records: context.observations,
      dischargeProblems: step === 'observation' ? dischargeProblems(context, nowIso) : [],
      recordsOxygenSaturation: rules.observation.recordOxygenSaturation,
    },
    witnessing: witnessing(context, facts.staff, facts),
    outcome: outcomeView(context, timeZone),
    withheldReason: step === 'withheldInResponse' && context.outcome?.kind === 'doseWithheld' ? context.outcome.reason : null,
    endReasons: closed ? [] : EndReason.options,
  };
}

function sessionWords(rules: SiteRules | null, now: Date, timeZone: string): string {
  if (!rules) return 'No site rules yet';
  const open = sessionAt(now, rules.sessions.windows, timeZone);
  if (open) return `${open.name} session, until ${clockTimeIn(open.closesAt, timeZone)}`;
  const next = nextSessionAfter(now, rules.sessions.windows, timeZone);
  return `No session open: ${next.name} opens at ${clockTimeIn(next.opensAt, timeZone)}`;
}

function alerts(parts: HostParts, now: Date, timeZone: string, rules: SiteRules | null): string[] {
  const unrestored = parts.registry.unrestorable().map((visit) =>
    `A visit (${visit.visitId.slice(0, 8)}) could not be brought back after a restart: ${visit.reason} Check the ledger with support before dosing that person again.`);
  const inSession = rules !== null && sessionAt(now, rules.sessions.windows, timeZone) !== null;
  const today = clinicDayOf(now, timeZone);
  const unchecked = inSession ? parts.reference.drugsWithoutStartOfDayCheck(today) : [];
  return [
    ...unrestored,
    ...unchecked.map((drug) => `The start-of-day stock check for ${drug} is not recorded yet today: a nurse and a witness count it against the register.`),
  ];
}

/**
 * A locked screen is sent no name, photo, dose or time of a dose: how many visits are open (each
 * with its Overdose button, one touch as ever), how many people wait, how many incidents are open.
 */
function lockedScreen(visits: readonly VisitSnapshot[], waitingCount: number, incidentCount: number): LockedScreen {
  const byStart = [...visits].sort((a, b) => a.context.startedAt.localeCompare(b.context.startedAt));
  return {
    visits: byStart.map((snapshot, index) => ({
      visitId: snapshot.context.visitId,
      label: `Visit ${index + 1}`,
      stage: stageOfState[stateOf(snapshot)],
      overdoseOpen: openOverdoseResponse(snapshot.context) !== null,
    })),
    waitingCount,
    incidentCount,
  };
}

export function roomView(parts: HostParts): RoomView {
  const view = fullRoomView(parts);
  if (!parts.staff.isScreenLocked()) return view;
  const open = parts.registry.openVisits();
  return {
    ...view,
    staffOnDuty: [],
    waiting: [],
    visits: [],
    incidents: [],
    locked: lockedScreen(open, view.waiting.length, view.incidents.length),
  };
}

function fullRoomView(parts: HostParts): RoomView {
  const clinic = parts.reference.clinic();
  const timeZone = clinic?.timeZone ?? 'Europe/London';
  const nowDate = parts.clock.now();
  const now = nowDate.toISOString();
  const rules = parts.reference.siteRules();
  const people = parts.reference.serviceUsers();
  const byId = new Map(people.map((person) => [person.serviceUserId, person]));
  const open = parts.registry.openVisits();
  const recentlyClosed = parts.registry.closedSince(new Date(Date.parse(now) - closedVisitShownForMinutes * minute));
  const withOpenVisit = new Set(open.map((snapshot) => snapshot.context.serviceUserId));
  const device = parts.breathalyser.state();
  const today = clinicDayOf(nowDate, timeZone);
  const facts = { nowIso: now, timeZone, testingVisitId: device.busyWithVisitId, device, staff: parts.staff, reference: parts.reference };
  return {
    kiosk: { kioskId: parts.kioskId, clinicName: clinic?.name ?? 'Clinic not set up', timeZone },
    now,
    alerts: alerts(parts, nowDate, timeZone, rules),
    rulesNotApproved: (rules?.approvedBy ?? null) === null,
    rulesVersion: rules?.version ?? null,
    session: sessionWords(rules, nowDate, timeZone),
    staffOnDuty: parts.staff.members().map(onDutyCard),
    demoSignIns: [...parts.demoSignIns],
    device: { status: device.status, words: device.words, simulated: device.simulated, busyWithVisitId: device.busyWithVisitId },
    waiting: people
      .filter((person) => !withOpenVisit.has(person.serviceUserId) && parts.reference.activePrescription(person.serviceUserId, today))
      .map((person) => ({ ...personCard(person), paused: parts.reports.pausedReason(person, nowDate, 'brief') })),
    visits: [...open, ...recentlyClosed].flatMap((snapshot) => {
      const person = byId.get(snapshot.context.serviceUserId);
      return person ? [visitView(snapshot, person, facts)] : [];
    }),
    sync: syncView(parts.sync.status()),
    incidents: incidentViews(parts, (id) => { const person = byId.get(id); return person ? personCard(person) : null; }, timeZone),
    locked: null,
    idleLockSeconds,
  };
}

function syncView(status: SyncStatus): SyncView {
  if (status.mode === 'alone') return { mode: 'alone' };
  const { online, eventsWaiting, lastSuccessAt, lastError } = status;
  return { mode: 'central', online, eventsWaiting, lastSuccessAt, lastError };
}
