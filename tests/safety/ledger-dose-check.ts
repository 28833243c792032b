/**
 * The safety reviewer's reading of a ledger file: every `doseAdministered`, judged against the
 * rules as they stood when it was given (issue 13, /work/issue13-spec.md), worked out from the
 * ledger's own events and nothing else.
 *
 * Owns: its own schemas for the few payload fields it reads (lenient: a field the host adds does
 * not matter; a field it needs and cannot find is reported, never skipped) and its own statement
 * of each rule. Must not touch: the host's rule code (shared/visit, shared/site-rules' functions,
 * shared/clinic-time, main/host). A check that called the code under test would agree with it.
 *
 * "In force at a dose" is "written before it in the ledger" (a lower seq): the clock often stands
 * still between steps, so a version approved at the same millisecond, after the dose, did not
 * apply to it. The rules in force are the highest version approved by someone other than its
 * author; if no version has been, the highest adopted.
 */
import { z } from 'zod';
import { clinicDayOf, instantOn, minutesBetween, wallClock } from './clinic-calendar.js';

export interface LedgerRow {
  seq: number;
  type: string;
  visit_id: string | null;
  service_user_id: string | null;
  actor_staff_id: string | null;
  witness_staff_id: string | null;
  occurred_at: string;
  payload: string;
}

/** What the test knows that the ledger cannot: whether the kiosk's breathalyser was working. */
export interface KioskFacts {
  breathalyser: 'none' | 'working';
}

export interface Violation {
  rule: RuleName;
  seq: number;
  words: string;
}

export interface DoseCheck {
  violations: Violation[];
  dosesChecked: number;
  /** The most doses any one person was given: a second dose is where the session rules bite. */
  mostForOnePerson: number;
}

export const ruleNames = [
  'readable', 'checkedInInWindow', 'doseInWindow', 'oneDosePerSession', 'sessionsPerDay', 'dailyMaximum', 'minimumInterval',
  'afterWithhold', 'afterNaloxone', 'sedation', 'breathAlcohol', 'readingByHand', 'twoPeople', 'prescribedAmount', 'approval',
  // Judged at each preparation (issue 15): drawn from a product the catalogue held, of the prescribed
  // drug, and never more than the stock received into that product's section less all drawn from it before.
  'stockInRegister',
  // Judged at each preparation: the product drawn from is of the drug and of a form the prescription
  // in force then allows (changed after check-in or not).
  'prescribedForm',
  // Judged by the run as it sends (safety-run.ts), not read from the ledger: a step a screen sends
  // again under its request id, after its reply was lost, is never written a second time.
  'sentAgainOnce',
] as const;
export type RuleName = (typeof ruleNames)[number];

const amountTolerance = 0.001;
// Spec: rules stored before the grace time existed are read with the documented default.
const defaultGraceMinutes = 30;

// ---------------------------------------------------------------- the payload fields read here

const Window = z.object({ id: z.string().min(1).optional(), name: z.string(), opensAt: z.string(), closesAt: z.string() });
const Rules = z.object({
  version: z.number(),
  sessions: z.object({ windows: z.array(Window).min(1), graceMinutesAfterClose: z.number().optional() }),
  dosing: z.object({ minimumMinutesBetweenDoses: z.number(), maximumDailyMg: z.number(), routes: z.array(z.string()) }),
  sedation: z.object({ mayProceed: z.array(z.string()), mayReduceWithPrescriberContact: z.array(z.string()) }),
  breathAlcohol: z.object({ testFlaggedServiceUsers: z.string(), reviewAtOrAbove: z.number(), withholdAtOrAbove: z.number() }),
  witness: z.object({ roles: z.array(z.string()) }),
});

const payloads = {
  clinicRegistered: z.object({ timeZone: z.string() }),
  staffEnrolled: z.object({ staffId: z.string(), displayName: z.string(), role: z.string(), active: z.boolean() }),
  serviceUserEnrolled: z.object({ serviceUserId: z.string(), preferredName: z.string(), alcoholMonitoring: z.boolean() }),
  // Issued since forms were chosen: `allowedForms`; before, a free-text `form`. One of the two is needed.
  prescriptionIssued: z.object({
    prescriptionId: z.string(), serviceUserId: z.string(), drug: z.string(), dosePerSessionMg: z.number(), sessionsPerDay: z.number(),
    routes: z.array(z.string()), startsOn: z.string(), endsOn: z.string().nullable(),
    allowedForms: z.array(z.string()).optional(), form: z.string().optional(),
  }).refine((rx) => rx.allowedForms !== undefined || rx.form !== undefined, 'a prescription names its allowed forms or a form'),
  prescriptionChanged: z.object({
    prescriptionId: z.string(), dosePerSessionMg: z.number(), sessionsPerDay: z.number(), routes: z.array(z.string()),
    endsOn: z.string().nullable(), allowedForms: z.array(z.string()).optional(),
  }),
  prescriptionSuspended: z.object({ prescriptionId: z.string() }),
  siteRulesAdopted: z.object({ rules: Rules }),
  siteRulesApproved: z.object({ version: z.number() }),
  visitStarted: z.object({
    at: z.string(), visitId: z.string(), serviceUserId: z.string(), breathTestRequired: z.boolean(), clinicDay: z.string(),
    // New payloads carry the window as recorded; legacy ones its place in the visit's own rules.
    session: z.union([
      z.object({ id: z.string().min(1), name: z.string(), opensAt: z.string(), closesAt: z.string() }),
      z.object({ index: z.number().int().min(0), name: z.string() }),
    ]),
    rules: z.object({ sessions: z.object({ windows: z.array(Window) }) }),
  }),
  preDoseCheckRecorded: z.object({
    at: z.string(), sedation: z.string(), decision: z.enum(['proceed', 'reduce', 'withhold']), reducedDoseMg: z.number().nullable(),
    prescriberContact: z.string().nullable(), breathTestRequested: z.boolean(),
  }),
  breathTestFailed: z.object({ at: z.string(), code: z.string() }),
  breathResultRecorded: z.object({ at: z.string(), reading: z.object({ microgramsPer100mlBreath: z.number() }) }),
  manualBreathReadingRecorded: z.object({
    at: z.string(), reading: z.object({ microgramsPer100mlBreath: z.number() }), deviceState: z.string().optional(),
  }),
  breathReviewDecided: z.object({ at: z.string(), decision: z.enum(['proceed', 'withhold']) }),
  dosePrepared: z.object({
    at: z.string(), drug: z.string(), drawnMg: z.number(), staff: z.object({ nurseId: z.string(), witnessId: z.string() }),
    productId: z.string().optional(),
    ampouleRemainderMg: z.number().optional(),
  }),
  controlledDrugProductAdded: z.object({ productId: z.string(), drug: z.string(), form: z.string() }),
  stockReceived: z.object({ quantityMg: z.number(), productId: z.string().optional() }),
  registerPageCarriedForward: z.object({ productId: z.string(), countedMg: z.number() }),
  stockDestroyed: z.object({ productId: z.string(), from: z.enum(['stock', 'patient return']), quantityMg: z.number() }),
  patientReturnReceived: z.object({ productId: z.string(), quantityMg: z.number() }),
  registerEntryCorrected: z.object({
    section: z.string(), wrong: z.object({ inMg: z.number(), outMg: z.number() }), right: z.object({ inMg: z.number(), outMg: z.number() }),
  }),
  doseAdministered: z.object({
    at: z.string(), administeredMg: z.number(), route: z.string(), staff: z.object({ nurseId: z.string(), witnessId: z.string() }),
  }),
  doseWithheld: z.object({ at: z.string() }),
  naloxoneGiven: z.object({ at: z.string(), givenAt: z.string() }),
  prescriberDecidedAfterNaloxone: z.object({ at: z.string(), prescriberId: z.string(), reason: z.string().min(1) }),
} as const;
type PayloadType = keyof typeof payloads;
type PayloadOf<T extends PayloadType> = z.infer<(typeof payloads)[T]>;

// ---------------------------------------------------------------- what the ledger has said so far

interface RulesInForce {
  version: number;
  windows: Array<{ id: string; name: string; opensAt: string; closesAt: string }>;
  graceMinutes: number;
  minimumMinutesBetweenDoses: number;
  maximumDailyMg: number;
  routes: string[];
  mayProceed: string[];
  mayReduceWithPrescriberContact: string[];
  testFlaggedServiceUsers: string;
  reviewAtOrAbove: number;
  withholdAtOrAbove: number;
  witnessRoles: string[];
}

interface SessionRef { id: string; name: string; opensAt: string; closesAt: string }
interface SessionOnDay { clinicDay: string; ref: SessionRef }

interface Prescription {
  prescriptionId: string; serviceUserId: string; drug: string; dosePerSessionMg: number; sessionsPerDay: number;
  routes: string[]; startsOn: string; endsOn: string | null; suspended: boolean; issuedSeq: number;
  /** The catalogue forms allowed: as named, or (issued before they were) those its free-text form names. */
  allowedForms: string[];
}

// The catalogue's forms, written again here rather than read from shared/register.
const catalogueForms = ['powder for injection', 'solution for injection'];

/** An old prescription's free text allows the catalogue forms it names, and none if it names none. */
function formsIn(freeText: string): string[] {
  return catalogueForms.filter((form) => freeText.toLowerCase().includes(form));
}

interface VisitEventSeen { seq: number; type: string; payload: unknown }

interface Visit {
  visitId: string;
  serviceUserId: string;
  startedAt: string;
  session: SessionOnDay;
  breathTestRequired: boolean;
  /** Why the check-in itself was outside the rules in force, or null. */
  checkInProblem: string | null;
  events: VisitEventSeen[];
}

interface Dose { seq: number; at: string; mg: number; visitId: string; session: SessionOnDay }
interface SessionFact { seq: number; at: string; visitId: string; session: SessionOnDay; what: string }

/** `legacyWindowId` of the spec, written again here: a window stored before ids is known by its name. */
export function windowIdOf(window: { id?: string | undefined; name: string }): string {
  return window.id ?? window.name.trim().toLowerCase().replace(/\s+/g, '-');
}

function rulesFrom(rules: z.infer<typeof Rules>): RulesInForce {
  return {
    version: rules.version,
    windows: rules.sessions.windows.map((window) => ({ ...window, id: windowIdOf(window) })),
    graceMinutes: rules.sessions.graceMinutesAfterClose ?? defaultGraceMinutes,
    minimumMinutesBetweenDoses: rules.dosing.minimumMinutesBetweenDoses,
    maximumDailyMg: rules.dosing.maximumDailyMg,
    routes: rules.dosing.routes,
    mayProceed: rules.sedation.mayProceed,
    mayReduceWithPrescriberContact: rules.sedation.mayReduceWithPrescriberContact,
    testFlaggedServiceUsers: rules.breathAlcohol.testFlaggedServiceUsers,
    reviewAtOrAbove: rules.breathAlcohol.reviewAtOrAbove,
    withholdAtOrAbove: rules.breathAlcohol.withholdAtOrAbove,
    witnessRoles: rules.witness.roles,
  };
}

/** Two session facts are one session: the same clinic day, and the same id or overlapping recorded windows. */
export function sameSession(a: SessionOnDay, b: SessionOnDay): boolean {
  if (a.clinicDay !== b.clinicDay) return false;
  return a.ref.id === b.ref.id || (a.ref.opensAt < b.ref.closesAt && b.ref.opensAt < a.ref.closesAt);
}

function sessionWords(session: SessionOnDay): string {
  return `${session.ref.name} [${session.ref.id}] ${session.ref.opensAt}–${session.ref.closesAt} of ${session.clinicDay}`;
}

class LedgerSoFar {
  zone = 'Europe/London';
  /** The catalogue: product id to drug and to form; and per product, mg received into its section and mg drawn from it. */
  readonly products = new Map<string, string>();
  readonly productForms = new Map<string, string>();
  readonly receivedMg = new Map<string, number>();
  readonly drawnMg = new Map<string, number>();
  /** Per product, mg handed back by service users: their own section, never the product's balance. */
  readonly returnedMg = new Map<string, number>();
  readonly returnsDestroyedMg = new Map<string, number>();
  readonly staff = new Map<string, { name: string; role: string; active: boolean }>();
  readonly people = new Map<string, { name: string; alcoholMonitoring: boolean }>();
  readonly prescriptions = new Map<string, Prescription>();
  readonly versions = new Map<number, { rules: RulesInForce; adoptedBy: string | null }>();
  readonly approved = new Set<number>();
  readonly visits = new Map<string, Visit>();
  readonly doses = new Map<string, Dose[]>();
  readonly withholds = new Map<string, SessionFact[]>();
  readonly naloxone = new Map<string, SessionFact[]>();
  readonly prescriberDecisions = new Map<string, SessionFact[]>();
  readonly clearReadings = new Map<string, Array<{ clinicDay: string }>>();

  rulesInForce(): RulesInForce | null {
    const pick = (versions: Iterable<number>) => Math.max(...versions);
    const version = this.approved.size > 0 ? pick(this.approved) : this.versions.size > 0 ? pick(this.versions.keys()) : null;
    return version === null ? null : this.versions.get(version)?.rules ?? null;
  }

  prescriptionInForce(serviceUserId: string, clinicDay: string): Prescription | null {
    const candidates = [...this.prescriptions.values()].filter((rx) => rx.serviceUserId === serviceUserId && !rx.suspended &&
      rx.startsOn <= clinicDay && (rx.endsOn === null || rx.endsOn >= clinicDay));
    candidates.sort((a, b) => (a.startsOn === b.startsOn ? b.issuedSeq - a.issuedSeq : a.startsOn < b.startsOn ? 1 : -1));
    return candidates[0] ?? null;
  }

  nameOf(staffId: string | null): string {
    return staffId === null ? 'nobody' : this.staff.get(staffId)?.name ?? `unknown staff ${staffId}`;
  }

  personName(serviceUserId: string): string {
    return this.people.get(serviceUserId)?.name ?? serviceUserId;
  }

  when(instant: string | number): string {
    return wallClock(instant, this.zone);
  }
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

// ---------------------------------------------------------------- reading the ledger in order

/** Every dose in the ledger, judged as the ledger stood when it was given; plus approvals by their own author. */
export function checkDoses(rows: readonly LedgerRow[], facts: KioskFacts): DoseCheck {
  const state = new LedgerSoFar();
  const violations: Violation[] = [];
  let dosesChecked = 0;
  const ordered = [...rows].sort((a, b) => a.seq - b.seq);
  for (const row of ordered) {
    if (!(row.type in payloads)) continue;
    const type = row.type as PayloadType;
    const parsed = payloads[type].safeParse(JSON.parse(row.payload));
    if (!parsed.success) {
      violations.push({ rule: 'readable', seq: row.seq, words: `The checker cannot read ${row.type} (seq ${row.seq}): ${parsed.error.message}` });
      continue;
    }
    if (type === 'dosePrepared') violations.push(...judgePreparation(state, row, parsed.data as PayloadOf<'dosePrepared'>));
    if (type === 'doseAdministered') {
      dosesChecked += 1;
      violations.push(...judgeDose(state, row, parsed.data as PayloadOf<'doseAdministered'>, facts));
    }
    violations.push(...learn(state, row, type, parsed.data));
  }
  return { violations, dosesChecked, mostForOnePerson: Math.max(0, ...[...state.doses.values()].map((doses) => doses.length)) };
}

/** Takes one event into what the ledger has said; returns the approvals that break the four-eyes rule. */
function learn(state: LedgerSoFar, row: LedgerRow, type: PayloadType, payload: unknown): Violation[] {
  switch (type) {
    case 'clinicRegistered':
      state.zone = (payload as PayloadOf<'clinicRegistered'>).timeZone;
      return [];
    case 'staffEnrolled': {
      const staff = payload as PayloadOf<'staffEnrolled'>;
      state.staff.set(staff.staffId, { name: staff.displayName, role: staff.role, active: staff.active });
      return [];
    }
    case 'serviceUserEnrolled': {
      const person = payload as PayloadOf<'serviceUserEnrolled'>;
      state.people.set(person.serviceUserId, { name: person.preferredName, alcoholMonitoring: person.alcoholMonitoring });
      return [];
    }
    case 'prescriptionIssued': {
      const { form, allowedForms, ...rx } = payload as PayloadOf<'prescriptionIssued'>;
      state.prescriptions.set(rx.prescriptionId, { ...rx, allowedForms: allowedForms ?? formsIn(form ?? ''), suspended: false, issuedSeq: row.seq });
      return [];
    }
    case 'prescriptionChanged': {
      const change = payload as PayloadOf<'prescriptionChanged'>;
      const rx = state.prescriptions.get(change.prescriptionId);
      if (rx) Object.assign(rx, { dosePerSessionMg: change.dosePerSessionMg, sessionsPerDay: change.sessionsPerDay, routes: change.routes, endsOn: change.endsOn });
      if (rx && change.allowedForms) rx.allowedForms = change.allowedForms;
      return [];
    }
    case 'prescriptionSuspended': {
      const rx = state.prescriptions.get((payload as PayloadOf<'prescriptionSuspended'>).prescriptionId);
      if (rx) rx.suspended = true;
      return [];
    }
    case 'siteRulesAdopted': {
      const { rules } = payload as PayloadOf<'siteRulesAdopted'>;
      state.versions.set(rules.version, { rules: rulesFrom(rules), adoptedBy: row.actor_staff_id });
      return [];
    }
    case 'siteRulesApproved':
      return learnApproval(state, row, payload as PayloadOf<'siteRulesApproved'>);
    case 'visitStarted':
      learnVisit(state, payload as PayloadOf<'visitStarted'>);
      return [];
    case 'controlledDrugProductAdded':
    case 'stockReceived':
    case 'registerPageCarriedForward':
    case 'registerEntryCorrected':
      learnStock(state, type, payload);
      return [];
    case 'patientReturnReceived': {
      const handedBack = payload as PayloadOf<'patientReturnReceived'>;
      addTo(state.returnedMg, handedBack.productId, handedBack.quantityMg);
      return [];
    }
    case 'stockDestroyed':
      return judgeDestruction(state, row, payload as PayloadOf<'stockDestroyed'>);
    default:
      learnVisitEvent(state, row, type, payload);
      return [];
  }
}

function learnApproval(state: LedgerSoFar, row: LedgerRow, approval: PayloadOf<'siteRulesApproved'>): Violation[] {
  const version = state.versions.get(approval.version);
  const approver = row.actor_staff_id === null ? null : state.staff.get(row.actor_staff_id);
  const problems: string[] = [];
  if (!version) problems.push(`version ${approval.version} was never adopted`);
  if (!approver || !['clinicLead', 'prescriber'].includes(approver.role)) problems.push(`${state.nameOf(row.actor_staff_id)} is not a clinic lead or prescriber`);
  if (version && row.actor_staff_id !== null && version.adoptedBy === row.actor_staff_id) problems.push(`${state.nameOf(row.actor_staff_id)} made that version`);
  if (problems.length === 0) {
    state.approved.add(approval.version);
    return [];
  }
  // Not counted as approved: the doses after it are judged by the version that really was.
  return [{ rule: 'approval', seq: row.seq, words: `Site rules version ${approval.version} approved at ${state.when(row.occurred_at)} although ${problems.join(' and ')}.` }];
}

function learnVisit(state: LedgerSoFar, started: PayloadOf<'visitStarted'>): void {
  const recorded = started.session;
  let ref: SessionRef;
  if ('id' in recorded) {
    ref = recorded;
  } else {
    // Spec: a legacy { index, name } is the window at that place in the rules the visit carried.
    const window = started.rules.sessions.windows[recorded.index];
    ref = { id: windowIdOf({ name: recorded.name }), name: recorded.name, opensAt: window?.opensAt ?? '00:00', closesAt: window?.closesAt ?? '23:59' };
  }
  const session = { clinicDay: started.clinicDay, ref };
  state.visits.set(started.visitId, {
    visitId: started.visitId, serviceUserId: started.serviceUserId, startedAt: started.at, session,
    breathTestRequired: started.breathTestRequired, checkInProblem: checkInProblem(state, started.at, session), events: [],
  });
}

/** A visit is checked in while a window of the rules in force is open, for that window, on that day. */
function checkInProblem(state: LedgerSoFar, at: string, session: SessionOnDay): string | null {
  const rules = state.rulesInForce();
  if (!rules) return 'no site rules were in force';
  const { ref, clinicDay } = session;
  if (clinicDayOf(at, state.zone) !== clinicDay) return `it was filed under clinic day ${clinicDay}, not the day it was on`;
  const window = rules.windows.find((candidate) => candidate.id === ref.id);
  if (!window || window.opensAt !== ref.opensAt || window.closesAt !== ref.closesAt) {
    const windows = rules.windows.map((each) => `${each.name} [${each.id}] ${each.opensAt}–${each.closesAt}`).join(', ');
    return `its session ${sessionWords(session)} is not a window of the rules in force (version ${rules.version}: ${windows})`;
  }
  const time = Date.parse(at);
  if (time < instantOn(clinicDay, ref.opensAt, state.zone) || time >= instantOn(clinicDay, ref.closesAt, state.zone)) {
    return `the window ${ref.opensAt}–${ref.closesAt} was not open`;
  }
  return null;
}

function addTo(map: Map<string, number>, key: string, mg: number): void {
  map.set(key, Math.round(((map.get(key) ?? 0) + mg) * 1000) / 1000);
}

function learnStock(
  state: LedgerSoFar, type: 'controlledDrugProductAdded' | 'stockReceived' | 'registerPageCarriedForward' | 'registerEntryCorrected', payload: unknown,
): void {
  if (type === 'controlledDrugProductAdded') {
    const product = payload as PayloadOf<'controlledDrugProductAdded'>;
    state.products.set(product.productId, product.drug.toLowerCase());
    state.productForms.set(product.productId, product.form);
  } else if (type === 'stockReceived') {
    const receipt = payload as PayloadOf<'stockReceived'>;
    if (receipt.productId !== undefined) addTo(state.receivedMg, receipt.productId, receipt.quantityMg);
  } else if (type === 'registerPageCarriedForward') {
    const carried = payload as PayloadOf<'registerPageCarriedForward'>;
    addTo(state.receivedMg, carried.productId, carried.countedMg);
  } else {
    // A receipt corrected down (or up) changes what the section ever received; a wrong amount out, what it still holds.
    const { section, wrong, right } = payload as PayloadOf<'registerEntryCorrected'>;
    addTo(state.receivedMg, section, (right.inMg - wrong.inMg) - (right.outMg - wrong.outMg));
  }
}

/**
 * Every mg drawn up leaves the cupboard whether it is then given or wasted: what a product has
 * had drawn from it, this preparation included, can never exceed what its section received.
 */
function judgePreparation(state: LedgerSoFar, row: LedgerRow, preparation: PayloadOf<'dosePrepared'>): Violation[] {
  const { productId } = preparation;
  if (productId === undefined) return [];
  const violation = (words: string): Violation[] => [{ rule: 'stockInRegister', seq: row.seq, words }];
  const drug = state.products.get(productId);
  // What is left in opened ampoules is destroyed at preparation: it left the cupboard too.
  addTo(state.drawnMg, productId, preparation.drawnMg + (preparation.ampouleRemainderMg ?? 0));
  if (drug === undefined) return violation(`A dose was drawn up from ${productId}, a product the catalogue did not hold (seq ${row.seq}).`);
  if (drug !== preparation.drug.toLowerCase()) return violation(`A dose of ${preparation.drug} was drawn up from a product of ${drug} (seq ${row.seq}).`);
  const notPrescribed = productNotPrescribedAt(state, row, productId, drug);
  if (notPrescribed) return [{ rule: 'prescribedForm', seq: row.seq, words: notPrescribed }];
  const drawn = state.drawnMg.get(productId) ?? 0;
  const received = state.receivedMg.get(productId) ?? 0;
  if (drawn > received + amountTolerance) {
    return violation(`${preparation.drawnMg} mg was drawn up from ${productId} at ${state.when(preparation.at)}: ${drawn} mg drawn from it in all, ` +
      `more than the ${received} mg its register section received (seq ${row.seq}).`);
  }
  return [];
}

/** The prescription in force when the dose was drawn up must allow the product's drug and form; why not, or null. */
function productNotPrescribedAt(state: LedgerSoFar, row: LedgerRow, productId: string, drug: string): string | null {
  const visit = row.visit_id === null ? undefined : state.visits.get(row.visit_id);
  if (!visit) return null;
  const rx = state.prescriptionInForce(visit.serviceUserId, visit.session.clinicDay);
  // No prescription in force: the dose rules (prescribedAmount) say so when it is given.
  if (!rx) return null;
  const form = state.productForms.get(productId) ?? 'an unknown form';
  const who = state.personName(visit.serviceUserId);
  if (rx.drug.toLowerCase() !== drug) return `${who}'s dose was drawn up from ${productId}, ${drug}, but the prescription in force was for ${rx.drug} (seq ${row.seq}).`;
  if (rx.allowedForms.includes(form)) return null;
  return `${who}'s dose was drawn up from ${productId}, ${drug} as ${form}, at ${state.when(row.occurred_at)}, but the prescription in force then ` +
    `allowed ${rx.allowedForms.length === 0 ? 'no form' : rx.allowedForms.join(' or ')} (seq ${row.seq}).`;
}

/**
 * A destruction leaves the cupboard like a dose drawn up: it never takes a product below zero.
 * Stock handed back is destroyed only from its own section, never from the product's balance.
 */
function judgeDestruction(state: LedgerSoFar, row: LedgerRow, destruction: PayloadOf<'stockDestroyed'>): Violation[] {
  const { productId, from, quantityMg } = destruction;
  const [out, into] = from === 'stock' ? [state.drawnMg, state.receivedMg] : [state.returnsDestroyedMg, state.returnedMg];
  addTo(out, productId, quantityMg);
  const gone = out.get(productId) ?? 0;
  const held = into.get(productId) ?? 0;
  if (gone <= held + amountTolerance) return [];
  const section = from === 'stock' ? productId : `the stock of ${productId} handed back by service users`;
  return [{ rule: 'stockInRegister', seq: row.seq, words: `${quantityMg} mg was destroyed from ${section}: ${gone} mg out of it in all, ` +
    `more than the ${held} mg it received (seq ${row.seq}).` }];
}

function learnVisitEvent(state: LedgerSoFar, row: LedgerRow, type: PayloadType, payload: unknown): void {
  const visit = row.visit_id === null ? undefined : state.visits.get(row.visit_id);
  if (!visit) return;
  visit.events.push({ seq: row.seq, type, payload });
  const at = (payload as { at: string }).at;
  const fact = (what: string): SessionFact => ({ seq: row.seq, at, visitId: visit.visitId, session: visit.session, what });
  const person = visit.serviceUserId;
  const rules = state.rulesInForce();
  switch (type) {
    case 'doseAdministered': {
      const dose = payload as PayloadOf<'doseAdministered'>;
      listOf(state.doses, person).push({ seq: row.seq, at, mg: dose.administeredMg, visitId: visit.visitId, session: visit.session });
      return;
    }
    case 'doseWithheld':
      listOf(state.withholds, person).push(fact('dose withheld'));
      return;
    case 'preDoseCheckRecorded':
      if ((payload as PayloadOf<'preDoseCheckRecorded'>).decision === 'withhold') listOf(state.withholds, person).push(fact('withheld at the pre-dose check'));
      return;
    case 'breathReviewDecided':
      if ((payload as PayloadOf<'breathReviewDecided'>).decision === 'withhold') listOf(state.withholds, person).push(fact('withheld at the breath review'));
      return;
    case 'breathResultRecorded':
    case 'manualBreathReadingRecorded': {
      const reading = (payload as PayloadOf<'breathResultRecorded'>).reading.microgramsPer100mlBreath;
      if (rules && reading >= rules.withholdAtOrAbove) listOf(state.withholds, person).push(fact(`breath alcohol ${reading}, at the withhold level`));
      if (rules && reading < rules.reviewAtOrAbove) listOf(state.clearReadings, person).push({ clinicDay: clinicDayOf(at, state.zone) });
      return;
    }
    case 'naloxoneGiven':
      listOf(state.naloxone, person).push(fact('naloxone given'));
      return;
    case 'prescriberDecidedAfterNaloxone': {
      const decision = payload as PayloadOf<'prescriberDecidedAfterNaloxone'>;
      const byPrescriber = [decision.prescriberId, row.actor_staff_id].some((id) => id !== null && state.staff.get(id)?.role === 'prescriber');
      if (byPrescriber) listOf(state.prescriberDecisions, person).push(fact('prescriber decided'));
      return;
    }
    default:
      return;
  }
}

// ---------------------------------------------------------------- judging one dose

type Problem = [RuleName, string];

function judgeDose(state: LedgerSoFar, row: LedgerRow, dose: PayloadOf<'doseAdministered'>, facts: KioskFacts): Violation[] {
  const visit = row.visit_id === null ? undefined : state.visits.get(row.visit_id);
  const rules = state.rulesInForce();
  const who = visit ? state.personName(visit.serviceUserId) : 'Someone';
  const heading = `${who}'s dose of ${dose.administeredMg} mg at ${state.when(dose.at)} (seq ${row.seq})`;
  let problems: Problem[];
  if (!visit || !rules) {
    problems = [['readable', visit ? 'no site rules were in force' : 'its visit has no visitStarted before it']];
  } else {
    const earlier = visit.events.filter((event) => event.seq < row.seq);
    problems = [
      ...sessionProblems(state, visit, dose, rules),
      ...countProblems(state, visit, dose, rules),
      ...blockProblems(state, visit, row.seq),
      ...preDoseProblems(state, visit, earlier, rules, facts),
      ...staffProblems(state, row, dose, earlier, rules),
      ...amountProblems(state, visit, dose, earlier, rules),
    ];
  }
  return problems.map(([rule, words]) => ({ rule, seq: row.seq, words: `${heading}: ${words}` }));
}

function sessionProblems(state: LedgerSoFar, visit: Visit, dose: PayloadOf<'doseAdministered'>, rules: RulesInForce): Problem[] {
  const problems: Problem[] = [];
  if (visit.checkInProblem) problems.push(['checkedInInWindow', `the visit was checked in at ${state.when(visit.startedAt)} although ${visit.checkInProblem}`]);
  const { clinicDay, ref } = visit.session;
  // Spec: the visit's session is judged by its window (by id) in the rules in force at the dose,
  // on the visit's clinic day: a window narrowed, moved or removed since check-in applies.
  const window = rules.windows.find((candidate) => candidate.id === ref.id);
  if (!window) {
    problems.push(['doseInWindow', `given for session ${sessionWords(visit.session)}, which is no longer a window of the rules in force (version ${rules.version})`]);
    return problems;
  }
  const opens = instantOn(clinicDay, window.opensAt, state.zone);
  const closes = instantOn(clinicDay, window.closesAt, state.zone);
  const time = Date.parse(dose.at);
  if (time < opens || time >= closes + rules.graceMinutes * 60_000) {
    problems.push(['doseInWindow', `given outside its session ${sessionWords(visit.session)} (in force: ${window.opensAt}–${window.closesAt}) and its grace time of ${rules.graceMinutes} min (rules version ${rules.version})`]);
  }
  return problems;
}

function countProblems(state: LedgerSoFar, visit: Visit, dose: PayloadOf<'doseAdministered'>, rules: RulesInForce): Problem[] {
  const problems: Problem[] = [];
  const before = state.doses.get(visit.serviceUserId) ?? [];
  const sameSessionDose = before.find((other) => sameSession(other.session, visit.session));
  if (sameSessionDose) {
    problems.push(['oneDosePerSession', `a second dose in session ${sessionWords(visit.session)}: the first was at ${state.when(sameSessionDose.at)} (seq ${sameSessionDose.seq}, session ${sessionWords(sameSessionDose.session)})`]);
  }
  const sameDay = before.filter((other) => other.session.clinicDay === visit.session.clinicDay);
  const rx = state.prescriptionInForce(visit.serviceUserId, visit.session.clinicDay);
  if (rx && sameDay.length + 1 > rx.sessionsPerDay) {
    problems.push(['sessionsPerDay', `dose ${sameDay.length + 1} on clinic day ${visit.session.clinicDay}, but the prescription is for ${rx.sessionsPerDay} a day`]);
  }
  const total = sameDay.reduce((sum, other) => sum + other.mg, 0) + dose.administeredMg;
  if (total > rules.maximumDailyMg + amountTolerance) {
    problems.push(['dailyMaximum', `${total} mg on clinic day ${visit.session.clinicDay}, over the daily maximum of ${rules.maximumDailyMg} mg (rules version ${rules.version})`]);
  }
  const last = before.at(-1);
  if (last) {
    const gap = minutesBetween(last.at, dose.at);
    if (gap < rules.minimumMinutesBetweenDoses) {
      problems.push(['minimumInterval', `${Math.round(gap)} min after the dose at ${state.when(last.at)} (seq ${last.seq}); the minimum is ${rules.minimumMinutesBetweenDoses} min (rules version ${rules.version})`]);
    }
  }
  return problems;
}

function blockProblems(state: LedgerSoFar, visit: Visit, doseSeq: number): Problem[] {
  const person = visit.serviceUserId;
  const inThisSession = (fact: SessionFact) => fact.seq < doseSeq && (fact.visitId === visit.visitId || sameSession(fact.session, visit.session));
  const problems: Problem[] = [];
  const withheld = (state.withholds.get(person) ?? []).find(inThisSession);
  if (withheld) problems.push(['afterWithhold', `${withheld.what} at ${state.when(withheld.at)} (seq ${withheld.seq}) in this session`]);
  const naloxone = (state.naloxone.get(person) ?? []).filter(inThisSession).at(-1);
  if (naloxone) {
    const decided = (state.prescriberDecisions.get(person) ?? []).some((decision) => inThisSession(decision) && decision.seq > naloxone.seq);
    if (!decided) problems.push(['afterNaloxone', `naloxone was given at ${state.when(naloxone.at)} (seq ${naloxone.seq}) in this ${naloxone.visitId === visit.visitId ? 'visit' : 'session'}, with no prescriber's decision after it`]);
  }
  return problems;
}

function lastOf<T extends PayloadType>(events: readonly VisitEventSeen[], ...types: T[]): (VisitEventSeen & { payload: PayloadOf<T> }) | undefined {
  return events.filter((event) => (types as string[]).includes(event.type)).at(-1) as (VisitEventSeen & { payload: PayloadOf<T> }) | undefined;
}

function preDoseProblems(state: LedgerSoFar, visit: Visit, earlier: readonly VisitEventSeen[], rules: RulesInForce, facts: KioskFacts): Problem[] {
  const problems: Problem[] = [];
  const check = lastOf(earlier, 'preDoseCheckRecorded')?.payload;
  if (!check) {
    problems.push(['sedation', 'no pre-dose check was recorded in the visit']);
  } else if (!rules.mayProceed.includes(check.sedation)) {
    const reducedWithPrescriber = check.decision === 'reduce' && rules.mayReduceWithPrescriberContact.includes(check.sedation) &&
      (check.prescriberContact ?? '').trim() !== '';
    if (!reducedWithPrescriber) problems.push(['sedation', `sedation ${check.sedation} at the pre-dose check (decision ${check.decision}) withholds the dose under rules version ${rules.version}`]);
  }
  const person = state.people.get(visit.serviceUserId);
  const clearToday = (state.clearReadings.get(visit.serviceUserId) ?? []).some((reading) => reading.clinicDay === visit.session.clinicDay);
  const required = visit.breathTestRequired || check?.breathTestRequested === true ||
    (person?.alcoholMonitoring === true && (rules.testFlaggedServiceUsers === 'everyVisit' || !clearToday));
  const reading = lastOf(earlier, 'breathResultRecorded', 'manualBreathReadingRecorded');
  const level = reading?.payload.reading.microgramsPer100mlBreath;
  if (required && level === undefined) problems.push(['breathAlcohol', 'a breath test was needed and there is no reading in the visit']);
  if (reading && level !== undefined) {
    if (level >= rules.withholdAtOrAbove) {
      problems.push(['breathAlcohol', `breath alcohol ${level} µg/100 mL is at or above the withhold level of ${rules.withholdAtOrAbove}`]);
    } else if (level >= rules.reviewAtOrAbove && !earlier.some((event) => event.seq > reading.seq && event.type === 'breathReviewDecided' &&
      (event.payload as PayloadOf<'breathReviewDecided'>).decision === 'proceed')) {
      problems.push(['breathAlcohol', `breath alcohol ${level} µg/100 mL is over the review level and no nurse decided to proceed`]);
    }
  }
  problems.push(...byHandProblems(state, earlier, facts));
  return problems;
}

/** A reading by hand is for a device that is absent, broken or failed this test; a cancelled test is not a failure. */
function byHandProblems(state: LedgerSoFar, earlier: readonly VisitEventSeen[], facts: KioskFacts): Problem[] {
  const problems: Problem[] = [];
  for (const manual of earlier.filter((event) => event.type === 'manualBreathReadingRecorded')) {
    const { deviceState, at } = manual.payload as PayloadOf<'manualBreathReadingRecorded'>;
    const failed = earlier.some((event) => event.seq < manual.seq && event.type === 'breathTestFailed' &&
      (event.payload as PayloadOf<'breathTestFailed'>).code !== 'CANCELLED');
    if (facts.breathalyser === 'working' && !failed) {
      problems.push(['readingByHand', `the breath reading was entered by hand at ${state.when(at)} (seq ${manual.seq}, device state ${deviceState ?? 'not said'}) while the kiosk's breathalyser worked and had not failed this test`]);
    } else if (deviceState === 'failedThisTest' && !failed) {
      problems.push(['readingByHand', `the reading by hand (seq ${manual.seq}) says the device failed this test, and no test failed`]);
    }
  }
  return problems;
}

function staffProblems(state: LedgerSoFar, row: LedgerRow, dose: PayloadOf<'doseAdministered'>, earlier: readonly VisitEventSeen[], rules: RulesInForce): Problem[] {
  const { nurseId, witnessId } = dose.staff;
  const nurse = state.staff.get(nurseId);
  const witness = state.staff.get(witnessId);
  const problems: string[] = [];
  if (nurseId === witnessId) problems.push(`${state.nameOf(nurseId)} both gave and witnessed it`);
  if (nurse?.role !== 'nurse' || !nurse.active) problems.push(`it was given by ${state.nameOf(nurseId)}, ${nurse ? `${nurse.active ? '' : 'inactive '}${nurse.role}` : 'not enrolled'}, not a nurse`);
  if (!witness || !rules.witnessRoles.includes(witness.role) || !witness.active) {
    problems.push(`it was witnessed by ${state.nameOf(witnessId)} (${witness?.role ?? 'not enrolled'}); the rules allow ${rules.witnessRoles.join(' or ')}`);
  }
  if (row.actor_staff_id !== nurseId || row.witness_staff_id !== witnessId) {
    problems.push(`the ledger row says ${state.nameOf(row.actor_staff_id)} with ${state.nameOf(row.witness_staff_id)}, the dose says ${state.nameOf(nurseId)} with ${state.nameOf(witnessId)}`);
  }
  const prepared = lastOf(earlier, 'dosePrepared')?.payload;
  if (prepared && (prepared.staff.nurseId !== nurseId || prepared.staff.witnessId !== witnessId)) {
    problems.push(`it was prepared by ${state.nameOf(prepared.staff.nurseId)} with ${state.nameOf(prepared.staff.witnessId)}, another pair`);
  }
  return problems.map((words): Problem => ['twoPeople', words]);
}

function amountProblems(state: LedgerSoFar, visit: Visit, dose: PayloadOf<'doseAdministered'>, earlier: readonly VisitEventSeen[], rules: RulesInForce): Problem[] {
  const rx = state.prescriptionInForce(visit.serviceUserId, visit.session.clinicDay);
  if (!rx) return [['prescribedAmount', `no prescription was in force for clinic day ${visit.session.clinicDay} (suspended, ended or not started)`]];
  const problems: string[] = [];
  const check = lastOf(earlier, 'preDoseCheckRecorded')?.payload;
  const reduced = check?.decision === 'reduce' ? check.reducedDoseMg : null;
  if (dose.administeredMg > rx.dosePerSessionMg + amountTolerance) problems.push(`more than the ${rx.dosePerSessionMg} mg prescribed then`);
  if (reduced !== null && dose.administeredMg > reduced + amountTolerance) problems.push(`more than the reduced dose of ${reduced} mg decided`);
  const prepared = lastOf(earlier, 'dosePrepared')?.payload;
  if (!prepared) problems.push('nothing was drawn up in the visit');
  else {
    if (dose.administeredMg > prepared.drawnMg + amountTolerance) problems.push(`more than the ${prepared.drawnMg} mg drawn up`);
    if (prepared.drug !== rx.drug) problems.push(`${prepared.drug} was drawn up, the prescription is for ${rx.drug}`);
  }
  if (!rx.routes.includes(dose.route) || !rules.routes.includes(dose.route)) {
    problems.push(`by ${dose.route}, with ${rx.routes.join('/')} prescribed and ${rules.routes.join('/')} given here`);
  }
  return problems.map((words): Problem => ['prescribedAmount', words]);
}
