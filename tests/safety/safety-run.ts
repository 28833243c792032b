/**
 * One run of the property: open a kiosk, perform the scenario's commands against the real host
 * (each turned into intentions from what the room board shows), then read the ledger file and
 * judge every dose in it (ledger-dose-check.ts). Keeps a transcript, the story a failed run prints:
 * the wall-clock time, who acted, what they sent and what the host answered.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { demoAllowedForms, demoPeople } from '../../main/demo/demo-clinic.js';
import type { ProductForm } from '../../shared/register/products.js';
import { intentionTypes, type Reply, type RoomView } from '../../shared/contract/index.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { roomWhere } from '../support/host-session.js';
import { clinicDayOf, wallClock } from './clinic-calendar.js';
import { checkDoses, type Violation } from './ledger-dose-check.js';
import { nextSteps, openVisitOf, strayStep, type Step } from './plausible-steps.js';
import type { Command, PersonKey, RulesChange, Scenario } from './safety-commands.js';
import { clinicZone, isStaffKey, openSafetyKiosk, pinOf, type SafetyKiosk, type StaffKey } from './safety-kiosk.js';

export interface RunOutcome {
  violations: Violation[];
  dosesGiven: number;
  mostForOnePerson: number;
  transcript: string[];
  rulesApproved: number;
  rulesChanged: number;
  /** UK clock changes the run's clock went across. */
  clockChanges: number;
  prescriptionsChanged: number;
  /** Steps that wrote an event and were then sent again under their request id. */
  writtenStepsSentAgain: number;
  /** Preparations the register refused: more than a product holds, or a product it does not know. */
  preparationsRefusedForStock: number;
  /** Preparations refused because the prescription in force did not allow the product's form or drug. */
  preparationsRefusedForForm: number;
}

const serviceUserIds: Record<PersonKey, string> = { jay: 'demo-su-1', mags: 'demo-su-2', dee: 'demo-su-3', kez: 'demo-su-4' };

interface DraftWindow { id?: string; name: string; opensAt: string; closesAt: string }
interface DraftRules {
  sessions: { windows: DraftWindow[]; graceMinutesAfterClose?: number };
  dosing: { minimumMinutesBetweenDoses: number; maximumDailyMg: number };
  witness: { roles: string[] };
  [more: string]: unknown;
}

interface PrescriptionNow {
  prescriptionId: string; doseMg: number; sessionsPerDay: number; routes: string[]; allowedForms: readonly ProductForm[];
  reducedDoseRange: { minMg: number; maxMg: number } | null; suspended: boolean;
}

// Once the contract has it: the intention a prescriber allows diamorphine after naloxone with.
const afterNaloxoneIntention = intentionTypes.find((type) => /naloxone/i.test(type) && type !== 'recordNaloxone') ?? null;

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const earliestOpening = toMinutes('06:00');
const latestClosing = toMinutes('22:00');

/** A change of the windows or numbers, made on the rules the lead last saw; it may come out invalid, as a lead's draft can. */
export function changedRules(current: DraftRules, change: RulesChange, serial: number): DraftRules {
  const draft = structuredClone(current);
  const windows = draft.sessions.windows;
  const at = (index: number) => index % windows.length;
  // Half the new windows come with an id the editor chose, half without (the host gives one).
  const fresh = (name: string, opensAt: string, closesAt: string): DraftWindow => (serial % 2 === 0 ? { id: `window-${serial}`, name, opensAt, closesAt } : { name, opensAt, closesAt });
  switch (change.kind) {
    case 'addWindow': {
      if (change.where === 'first') {
        const first = windows[0];
        const closes = first ? toMinutes(first.opensAt) : toMinutes('08:00');
        windows.unshift(fresh(`Early ${serial}`, toTime(Math.max(earliestOpening, closes - change.minutes)), toTime(closes)));
      } else {
        const last = windows.at(-1);
        const opens = last ? toMinutes(last.closesAt) : toMinutes('18:00');
        windows.push(fresh(`Evening ${serial}`, toTime(opens), toTime(Math.min(latestClosing, opens + change.minutes))));
      }
      break;
    }
    case 'splitWindow': {
      const index = at(change.window);
      const window = windows[index];
      if (!window) break;
      const middle = Math.round((toMinutes(window.opensAt) + toMinutes(window.closesAt)) / 30) * 15;
      windows.splice(index, 1, { ...window, closesAt: toTime(middle) }, fresh(`Later ${serial}`, toTime(middle), window.closesAt));
      break;
    }
    case 'removeWindow':
      if (windows.length > 1) windows.splice(at(change.window), 1);
      break;
    case 'moveWindow': {
      const index = at(change.window);
      const window = windows[index];
      if (!window) break;
      const floor = index === 0 ? earliestOpening : toMinutes(windows[index - 1]?.closesAt ?? '06:00');
      const ceiling = index === windows.length - 1 ? latestClosing : toMinutes(windows[index + 1]?.opensAt ?? '22:00');
      const opens = Math.max(floor, toMinutes(window.opensAt) + change.byMinutes);
      const closes = Math.min(ceiling, toMinutes(window.closesAt) + change.byMinutes);
      windows[index] = { ...window, opensAt: toTime(opens), closesAt: toTime(Math.max(closes, opens + 15)) };
      break;
    }
    case 'dailyMaximum':
      draft.dosing.maximumDailyMg = change.mg;
      break;
    case 'minimumInterval':
      draft.dosing.minimumMinutesBetweenDoses = change.minutes;
      break;
    case 'graceTime':
      draft.sessions.graceMinutesAfterClose = change.minutes;
      break;
    case 'witnessRoles':
      draft.witness.roles = change.nursesOnly ? ['nurse'] : ['nurse', 'hca'];
      break;
  }
  return draft;
}

function rulesWords(rules: DraftRules): string {
  const windows = rules.sessions.windows.map((window) => `${window.name}${window.id ? ` [${window.id}]` : ''} ${window.opensAt}–${window.closesAt}`);
  return `windows ${windows.join(', ')}; grace ${rules.sessions.graceMinutesAfterClose ?? '-'} min; max ${rules.dosing.maximumDailyMg} mg/day; ` +
    `interval ${rules.dosing.minimumMinutesBetweenDoses} min; witnesses ${rules.witness.roles.join('/')}`;
}

function draftOf(rules: Record<string, unknown>): DraftRules {
  const { version: _version, approvedBy: _approvedBy, ...draft } = structuredClone(rules);
  return draft as unknown as DraftRules;
}

class SafetyRun {
  readonly transcript: string[] = [];
  private rules: DraftRules = draftOf(defaultSiteRules);
  private latestVersion = 1;
  private changeSerial = 0;
  private readonly prescriptions = new Map<PersonKey, PrescriptionNow>();
  private readonly lastCheckInRefusal = new Map<string, string | null>();
  private readonly visitPeople = new Map<string, string>();
  private readonly refusedInARow = new Map<string, number>();
  private readonly lastRefusal = new Map<string, string | null>();
  private lastSent: { by: StaffKey | null; intention: Record<string, unknown>; resolved: Record<string, unknown>; requestId: string; recorded: boolean } | null = null;
  readonly violations: Violation[] = [];
  writtenStepsSentAgain = 0;
  preparationsRefusedForStock = 0;
  preparationsRefusedForForm = 0;
  // The room board, drawn again only after something changed: a refused step changes nothing, and
  // a room view over days of history is the costly part of a run.
  private room: RoomView | null = null;
  private lastOffset: number;
  clockChanges = 0;
  rulesApproved = 0;
  rulesChanged = 0;
  prescriptionsChanged = 0;

  constructor(private readonly kiosk: SafetyKiosk, private readonly people: readonly PersonKey[], private readonly breathalyser: boolean) {
    for (const key of people) {
      const demo = demoPeople.find((person) => person.id === serviceUserIds[key]);
      if (!demo) throw new Error(`No demo person ${key}`);
      this.prescriptions.set(key, {
        prescriptionId: `${demo.id}-rx-1`, doseMg: demo.doseMg, sessionsPerDay: 2, routes: [...demo.routes], allowedForms: demoAllowedForms,
        reducedDoseRange: demo.reducedDoseRange, suspended: false,
      });
      this.visitPeople.set(demo.id, demo.preferredName);
    }
    this.lastOffset = this.offsetNow();
  }

  private offsetNow(): number {
    return DateTime.fromJSDate(this.kiosk.clock.now(), { zone: clinicZone }).offset;
  }

  private now(): string {
    return wallClock(this.kiosk.clock.now().getTime(), clinicZone);
  }

  private personOf(index: number): PersonKey {
    const key = this.people[index % this.people.length];
    if (!key) throw new Error('A run has no people');
    return key;
  }

  private wait(minutes: number, why = 'wait'): void {
    if (minutes <= 0) return;
    this.kiosk.clock.advanceMinutes(minutes);
    this.room = null;
    const offset = this.offsetNow();
    const crossed = offset !== this.lastOffset;
    if (crossed) this.clockChanges += 1;
    this.lastOffset = offset;
    this.transcript.push(`        … ${why} ${minutes} min → ${this.now()}${crossed ? ' (the clocks changed)' : ''}`);
  }

  async perform(command: Command): Promise<void> {
    switch (command.kind) {
      case 'next': {
        // One to three of the person's steps in a row (the last die says how many), each read
        // from the room as it stands after the one before: enough for second doses in a run.
        const person = this.personOf(command.person);
        const last = command.dice.at(-1) ?? 0;
        const count = last < 0.4 ? 1 : last < 0.75 ? 2 : 3;
        for (let round = 0; round < count; round += 1) {
          const dice = [...command.dice.slice(round), ...command.dice.slice(0, round)];
          for (const step of nextSteps(dice, this.factsFor(person), pinOf)) await this.take(step, true);
        }
        return;
      }
      case 'stray':
        await this.take(strayStep(command.intention, command.by, command.dice, this.factsFor(this.personOf(command.person)), pinOf), false);
        return;
      case 'wait':
        this.wait(command.minutes);
        return;
      case 'waitUntil':
        this.waitUntil(command.moment, command.offsetMinutes);
        return;
      case 'changeRules':
        await this.changeRules(command.change, command.by);
        return;
      case 'approveRules': {
        const reply = await this.sendAs(command.by, { type: 'approveSiteRules', version: Math.max(1, this.latestVersion - command.versionsBack) });
        if (reply.ok) this.rulesApproved += 1;
        return;
      }
      case 'prescribe':
        await this.prescribe(this.personOf(command.person), command.change, command.doseMg, command.sessionsPerDay, command.forms, command.by);
        return;
      case 'sendAgain':
        await this.sendAgain(command.afterMinutes);
        return;
    }
  }

  /**
   * The last step once more under its request id. One that was recorded must be answered as
   * recorded and write nothing, however much later it comes and whatever changed meanwhile; one
   * that was refused or recorded nothing is simply taken again.
   */
  private async sendAgain(afterMinutes: number): Promise<void> {
    const last = this.lastSent;
    if (last === null) return;
    this.wait(afterMinutes, 'the reply is lost; later');
    const before = this.kiosk.eventCount();
    const reply = await this.kiosk.send(last.by, last.resolved, last.requestId);
    const wrote = this.kiosk.eventCount() - before;
    this.room = null;
    this.transcript.push(`${this.now()}  the screen sends again: ${this.words(last.intention)} → ${reply.ok ? (reply.alreadyRecordedAt ? 'answered as recorded before' : 'done') : `refused ${reply.code}`}`);
    if (!last.recorded) return;
    this.writtenStepsSentAgain += 1;
    if (wrote > 0 || !reply.ok || !reply.alreadyRecordedAt) {
      this.violations.push({
        rule: 'sentAgainOnce', seq: before + 1,
        words: `${String(last.intention['type'])} sent again under its request id ${wrote > 0 ? `wrote ${wrote} more event(s)` : `was answered ${reply.ok ? 'as a new step' : `refused ${reply.code}`}`}, though the first was recorded`,
      });
    }
  }

  private factsFor(person: PersonKey) {
    const serviceUserId = serviceUserIds[person];
    const rx = this.prescriptions.get(person);
    const demo = demoPeople.find((candidate) => candidate.id === serviceUserId);
    this.room ??= this.kiosk.host.room();
    const room = this.room;
    const open = openVisitOf(room, serviceUserId);
    return {
      room,
      serviceUserId,
      breathalyser: this.breathalyser,
      keyOf: (staffId: string) => (Object.entries(this.kiosk.staff).find(([, id]) => id === staffId)?.[0] ?? null) as StaffKey | null,
      lastCheckInRefusal: this.lastCheckInRefusal.get(serviceUserId) ?? null,
      afterNaloxoneIntention,
      prescriptionToIssue: {
        drug: 'diamorphine', allowedForms: rx?.allowedForms ?? demoAllowedForms, strengthMgPerMl: 100, dosePerSessionMg: rx?.doseMg ?? demo?.doseMg ?? 100,
        sessionsPerDay: rx?.sessionsPerDay ?? 2, routes: rx?.routes ?? ['IM'], reducedDoseRange: rx?.reducedDoseRange ?? null, endsOn: null,
        startsOn: clinicDayOf(this.kiosk.clock.now().getTime(), clinicZone),
      },
      minutesToNextOpening: this.minutesUntil('nextOpening', 0),
      refusedInARow: open === null ? 0 : this.refusedInARow.get(open.visitId) ?? 0,
      lastRefusal: open === null ? null : this.lastRefusal.get(open.visitId) ?? null,
    };
  }

  /** `plausible`: a step staff meant to take next, whose refusals make them try something else. */
  private async take(step: Step, plausible: boolean): Promise<void> {
    switch (step.kind) {
      case 'wait':
        this.wait(step.minutes, 'then');
        return;
      case 'send': {
        const reply = await this.sendAs(step.by, step.intention);
        this.noteReply(step.intention, reply, plausible);
        return;
      }
      case 'breathTest':
        await this.breathTest(step.by, step.visitId, step.cancel);
        return;
    }
  }

  private noteReply(intention: Record<string, unknown>, reply: Reply, plausible: boolean): void {
    const type = intention['type'];
    const visitId = intention['visitId'];
    if (typeof visitId === 'string' && plausible) {
      this.refusedInARow.set(visitId, reply.ok ? 0 : (this.refusedInARow.get(visitId) ?? 0) + 1);
      this.lastRefusal.set(visitId, reply.ok ? null : reply.code);
    }
    const serviceUserId = intention['serviceUserId'];
    if (typeof serviceUserId !== 'string') return;
    if (type === 'startVisit') {
      this.lastCheckInRefusal.set(serviceUserId, reply.ok ? null : reply.code);
      if (reply.ok && reply.visitId !== null) this.visitPeople.set(reply.visitId, this.visitPeople.get(serviceUserId) ?? serviceUserId);
    }
    if ((type === 'clearRetitrationBlock' || type === 'issuePrescription') && reply.ok) this.lastCheckInRefusal.set(serviceUserId, null);
    if (type === 'issuePrescription' && reply.ok) {
      const person = (Object.entries(serviceUserIds).find(([, id]) => id === serviceUserId)?.[0] ?? null) as PersonKey | null;
      const rx = person === null ? undefined : this.prescriptions.get(person);
      const issued = this.kiosk.ledgerRows().filter((row) => row.type === 'prescriptionIssued' && row.service_user_id === serviceUserId).at(-1);
      if (rx && issued) Object.assign(rx, { prescriptionId: (JSON.parse(issued.payload) as { prescriptionId: string }).prescriptionId, suspended: false });
    }
  }

  private async sendAs(by: StaffKey | null, intention: Record<string, unknown>): Promise<Reply> {
    const resolved = Object.fromEntries(Object.entries(intention).map(([key, value]) =>
      [key, (key === 'witnessId' || key === 'prescriberId') && isStaffKey(value) ? this.kiosk.staff[value] : value]));
    const requestId = randomUUID();
    const before = this.kiosk.eventCount();
    const reply = await this.kiosk.send(by, resolved, requestId);
    // Recorded: accepted and written. A refusal may write too (a finding kept on the record), but records no step to answer again.
    this.lastSent = { by, intention, resolved, requestId, recorded: reply.ok && this.kiosk.eventCount() > before };
    if (reply.ok || reply.code === 'lockedOut') this.room = null;
    if (!reply.ok && (reply.code === 'notEnoughStock' || reply.code === 'unknownProduct')) this.preparationsRefusedForStock += 1;
    if (!reply.ok && reply.code === 'productNotPrescribed') this.preparationsRefusedForForm += 1;
    const who = by === null ? 'nobody signed in' : this.kiosk.names.get(this.kiosk.staff[by]) ?? by;
    this.transcript.push(`${this.now()}  ${who}: ${this.words(intention)} → ${reply.ok ? 'done' : `refused ${reply.code}`}`);
    return reply;
  }

  private words(intention: Record<string, unknown>): string {
    const { type, visitId, serviceUserId, nursePin, witnessPin: _witnessPin, ...rest } = intention;
    const whose = typeof visitId === 'string' ? this.visitPeople.get(visitId) ?? 'an unknown visit'
      : typeof serviceUserId === 'string' ? this.visitPeople.get(serviceUserId) ?? serviceUserId : '';
    const shown = Object.entries(rest).map(([key, value]) => {
      if ((key === 'witnessId' || key === 'prescriberId') && isStaffKey(value)) return `${key === 'witnessId' ? 'witness' : 'prescriber'} ${this.kiosk.names.get(this.kiosk.staff[value]) ?? value}`;
      if (key === 'rules') return rulesWords(value as DraftRules);
      return `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`;
    });
    if (nursePin === '0000') shown.push('with a wrong PIN');
    return `${String(type)}${whose ? ` (${whose})` : ''}${shown.length > 0 ? `: ${shown.join(', ')}` : ''}`;
  }

  private async breathTest(by: StaffKey, visitId: string, cancel: boolean): Promise<void> {
    this.room = null;
    const started = await this.sendAs(by, { type: 'startBreathTest', visitId });
    if (!started.ok) return;
    if (cancel) await this.sendAs(by, { type: 'cancelBreathTest', visitId });
    try {
      await roomWhere(this.kiosk.host, (room) => {
        const visit = room.visits.find((candidate) => candidate.visitId === visitId);
        return room.device.status === 'ready' && (!visit || visit.breath.reading !== null || visit.breath.lastError !== null);
      }, 8_000);
      const visit = this.kiosk.host.room().visits.find((candidate) => candidate.visitId === visitId);
      this.transcript.push(`        … the breathalyser: ${visit?.breath.reading ? `reads ${visit.breath.reading.microgramsPer100mlBreath} µg/100 mL` : visit?.breath.lastError?.code ?? 'nothing'}`);
    } catch {
      this.transcript.push('        … the breathalyser gave no outcome within 8 s');
    }
  }

  /** Minutes from now to the next opening or closing of a window (by the rules last adopted), shifted by the offset. */
  private minutesUntil(moment: 'nextOpening' | 'nextClosing', offsetMinutes: number): number | null {
    const now = this.kiosk.clock.now().getTime();
    const today = DateTime.fromMillis(now, { zone: clinicZone }).startOf('day');
    const times = [0, 1, 2].flatMap((days) => this.rules.sessions.windows.map((window) => {
      const time = moment === 'nextOpening' ? window.opensAt : window.closesAt;
      return DateTime.fromISO(`${today.plus({ days }).toFormat('yyyy-MM-dd')}T${time}`, { zone: clinicZone }).toMillis() + offsetMinutes * 60_000;
    })).filter((time) => time > now).sort((a, b) => a - b);
    const target = times[0];
    return target === undefined ? null : Math.ceil((target - now) / 60_000);
  }

  private waitUntil(moment: 'nextOpening' | 'nextClosing', offsetMinutes: number): void {
    const minutes = this.minutesUntil(moment, offsetMinutes);
    if (minutes !== null) this.wait(minutes, `until ${moment === 'nextOpening' ? 'a window opens' : 'a window closes'}${offsetMinutes === 0 ? '' : ` ${offsetMinutes > 0 ? '+' : ''}${offsetMinutes} min`}:`);
  }

  private async changeRules(change: RulesChange, by: StaffKey): Promise<void> {
    this.changeSerial += 1;
    const draft = changedRules(this.rules, change, this.changeSerial);
    const reply = await this.sendAs(by, { type: 'changeSiteRules', rules: draft });
    if (!reply.ok) return;
    this.rulesChanged += 1;
    // The editor opens the rules as the host stored them, with the ids it gave new windows.
    const adopted = this.kiosk.ledgerRows().filter((row) => row.type === 'siteRulesAdopted').at(-1);
    const stored = adopted ? (JSON.parse(adopted.payload) as { rules: Record<string, unknown> & { version: number } }).rules : null;
    this.rules = stored ? draftOf(stored) : draft;
    this.latestVersion = stored?.version ?? this.latestVersion + 1;
  }

  private async prescribe(
    person: PersonKey, change: 'lower' | 'change' | 'suspend', doseMg: number, sessionsPerDay: number, forms: readonly ProductForm[], by: StaffKey,
  ): Promise<void> {
    const rx = this.prescriptions.get(person);
    if (!rx) return;
    if (change === 'suspend') {
      const reply = await this.sendAs(by, { type: 'suspendPrescription', prescriptionId: rx.prescriptionId, reason: 'Missed review appointment' });
      if (reply.ok) {
        rx.suspended = true;
        this.prescriptionsChanged += 1;
      }
      return;
    }
    const dose = change === 'lower' ? Math.max(20, rx.doseMg - Math.round(doseMg / 20) * 10) : doseMg;
    const perDay = change === 'lower' ? rx.sessionsPerDay : sessionsPerDay;
    const reducedDoseRange = rx.reducedDoseRange === null || dose < 40 ? null : { minMg: Math.max(10, Math.round(dose / 20) * 10), maxMg: dose - 10 };
    // Lowered at review keeps its forms; a change may name others (the product in hand may no longer be allowed).
    const allowedForms = change === 'lower' ? rx.allowedForms : forms;
    const reply = await this.sendAs(by, {
      type: 'changePrescription', prescriptionId: rx.prescriptionId, allowedForms, dosePerSessionMg: dose, sessionsPerDay: perDay, routes: rx.routes,
      reducedDoseRange, endsOn: null, reason: change === 'lower' ? 'Drowsy after recent doses: lowered' : 'Re-titrated at review',
    });
    if (reply.ok) {
      Object.assign(rx, { doseMg: dose, sessionsPerDay: perDay, reducedDoseRange, allowedForms });
      this.prescriptionsChanged += 1;
    }
  }
}

export async function runScenario(scenario: Scenario): Promise<RunOutcome> {
  const kiosk = await openSafetyKiosk(scenario.start);
  try {
    const breathalyser = scenario.start.breathResult !== null;
    if (breathalyser) await roomWhere(kiosk.host, (room) => room.device.status === 'ready', 10_000);
    const run = new SafetyRun(kiosk, scenario.start.people, breathalyser);
    run.transcript.push(`${wallClock(kiosk.clock.now().getTime(), clinicZone)}  the kiosk opens (breathalyser ${scenario.start.breathResult ?? 'none'}; people ${scenario.start.people.join(', ')})`);
    for (const command of scenario.commands) await run.perform(command);
    const check = checkDoses(kiosk.ledgerRows(), { breathalyser: breathalyser ? 'working' : 'none' });
    return {
      violations: [...check.violations, ...run.violations], dosesGiven: check.dosesChecked, mostForOnePerson: check.mostForOnePerson, transcript: run.transcript, rulesApproved: run.rulesApproved,
      rulesChanged: run.rulesChanged, clockChanges: run.clockChanges, prescriptionsChanged: run.prescriptionsChanged,
      writtenStepsSentAgain: run.writtenStepsSentAgain, preparationsRefusedForStock: run.preparationsRefusedForStock,
      preparationsRefusedForForm: run.preparationsRefusedForForm,
    };
  } finally {
    await kiosk.close();
  }
}
