/**
 * The steps the torture suite's screens send, and the book it keeps of them: each sent with its own
 * request id, and, once its reply arrives, counted as acknowledged. A plain step is a stock check
 * whose note is a tag used once, so the ledger can be searched for exactly that step; a visit step
 * is counted by its visit and the event it writes. `lostAndDoubled` holds the book against the file.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import { randomUUID } from 'node:crypto';
import type { Intention, Reply, RoomView, VisitView } from '../../shared/contract/index.js';
import { demo } from '../support/host-session.js';
import { visitStepPins } from '../support/test-kiosk.js';
import { HostGone, NoAnswer, type TortureScreen } from './kiosk-process.js';
import { tagPrefix, type LedgerAudit } from './ledger-audit.js';
import type { Random } from './random.js';

export const staff = { nurse: demo.nurse, nurse2: demo.nurse2, hca: demo.hca };
export type StaffName = keyof typeof staff;

/** The event each visit intention this suite sends writes, by which it is found in the ledger. */
const eventOf: Partial<Record<Intention['type'], string>> = {
  startVisit: 'visitStarted', confirmIdentity: 'identityConfirmed', recordPreDoseCheck: 'preDoseCheckRecorded', recordPreparation: 'dosePrepared',
  recordAdministration: 'doseAdministered', recordWaste: 'surplusWasted', recordObservation: 'observationRecorded', endVisit: 'visitEnded',
  startOverdoseResponse: 'overdoseResponseStarted', recordNaloxone: 'naloxoneGiven', recordOverdoseOutcome: 'overdoseOutcomeRecorded',
  dischargeVisit: 'visitDischarged',
};

export interface SentStep {
  requestId: string;
  intention: Intention;
  actorId: string;
  /** The stock check's note, for a plain step. */
  tag: string | null;
}

/** Everyone a torture screen signs in: the two nurses and the HCA. */
export async function signInStaff(screen: TortureScreen, timeoutMs?: number): Promise<void> {
  for (const who of Object.values(staff)) {
    const reply = await screen.ask({ type: 'signIn', badgeNumber: who.badgeNumber, pin: who.pin }, null, randomUUID(), timeoutMs);
    if (!reply.ok || reply.staffId !== who.staffId) throw new Error(`Sign-in of ${who.displayName} refused: ${JSON.stringify(reply)}`);
  }
}

export class StepBook {
  sent = 0;
  acknowledged = 0;
  refused = 0;
  private tagCount = 0;
  private readonly ackedTags = new Set<string>();
  private readonly ackedVisitEvents = new Map<string, number>();
  /** Sent, and the host went before it answered. */
  unanswered: SentStep[] = [];
  readonly refusals = new Map<string, number>();

  constructor(private readonly runId: string) {}

  plainStep(rng: Random): SentStep {
    const tag = `${tagPrefix}${this.runId}-${(this.tagCount += 1)}`;
    const [actor, witness] = rng.chance(0.5) ? [staff.nurse, staff.nurse2] : [staff.nurse2, staff.nurse];
    return {
      requestId: randomUUID(), actorId: actor.staffId, tag,
      intention: {
        type: 'recordStockCheck', productId: demoProducts.ampoule100mg.productId, kind: rng.chance(0.5) ? 'start of day' : 'end of day',
        countedUnits: rng.int(0, 1_000), note: tag, witnessId: witness.staffId, actorPin: actor.pin, witnessPin: witness.pin,
      },
    };
  }

  visitStep(intention: Intention, actor: StaffName): SentStep {
    return { requestId: randomUUID(), intention, actorId: staff[actor].staffId, tag: null };
  }

  /** Sends a step and books its answer; false when the host went (or never answered) first. */
  async send(screen: TortureScreen, step: SentStep, timeoutMs?: number): Promise<{ reply: Reply } | { reply: null; why: 'gone' | 'noAnswer' }> {
    this.sent += 1;
    try {
      const reply = await screen.ask(step.intention, step.actorId, step.requestId, timeoutMs);
      this.book(step, reply);
      return { reply };
    } catch (error) {
      if (error instanceof HostGone || error instanceof NoAnswer) {
        this.unanswered.push(step);
        return { reply: null, why: error instanceof HostGone ? 'gone' : 'noAnswer' };
      }
      throw error;
    }
  }

  book(step: SentStep, reply: Reply): void {
    if (!reply.ok) {
      this.refused += 1;
      const key = `${step.intention.type} (${reply.code})`;
      this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
      return;
    }
    this.acknowledged += 1;
    if (step.tag !== null) {
      this.ackedTags.add(step.tag);
      return;
    }
    const event = eventOf[step.intention.type];
    const visitId = 'visitId' in step.intention ? step.intention.visitId : reply.visitId;
    if (event === undefined || visitId === null) return;
    const key = `${visitId}|${event}`;
    this.ackedVisitEvents.set(key, (this.ackedVisitEvents.get(key) ?? 0) + 1);
  }

  /**
   * Acknowledged steps missing from the file (`lost`); plain steps found more than once, and visit
   * events beyond those acknowledged plus those still unanswered (`twice`); unanswered plain steps
   * found in the file (`unansweredWritten`: written, the reply lost with the host).
   */
  lostAndDoubled(audit: LedgerAudit): { lost: string[]; twice: string[]; unansweredWritten: number } {
    const lost: string[] = [];
    const twice: string[] = [];
    const unansweredTags = new Set(this.unanswered.flatMap((step) => (step.tag === null ? [] : [step.tag])));
    for (const [tag, found] of audit.tagged) {
      if (!tag.startsWith(`${tagPrefix}${this.runId}-`)) continue;
      if (found > 1) twice.push(`the stock check "${tag}" (${found} times)`);
      else if (!this.ackedTags.has(tag) && !unansweredTags.has(tag)) {
        twice.push(`the stock check "${tag}", never sent`);
      }
    }
    for (const tag of this.ackedTags) if (!audit.tagged.has(tag)) lost.push(`the stock check "${tag}"`);
    const allowance = new Map<string, number>();
    for (const step of this.unanswered) {
      const event = eventOf[step.intention.type];
      if (event === undefined || !('visitId' in step.intention)) continue;
      const key = `${step.intention.visitId}|${event}`;
      allowance.set(key, (allowance.get(key) ?? 0) + 1);
    }
    for (const [key, acked] of this.ackedVisitEvents) {
      const found = audit.visitEvents.get(key) ?? 0;
      const [visitId, event] = key.split('|');
      if (found < acked) lost.push(`${acked - found} of ${acked} acknowledged ${event} events of visit ${visitId}`);
      if (found > acked + (allowance.get(key) ?? 0)) twice.push(`${found} ${event} events of visit ${visitId}, ${acked} acknowledged`);
    }
    const unansweredWritten = [...unansweredTags].filter((tag) => audit.tagged.has(tag)).length;
    return { lost, twice, unansweredWritten };
  }
}

/** A person whose visits one screen walks through, over and over, from the room view it has. */
export interface Person {
  serviceUserId: string;
  actor: StaffName;
  /** 0: the person leaves at the pre-dose check, so their visits open and close all the time. */
  drawMg: number;
  giveMg: number;
  route: 'IM' | 'IV';
  site: string;
}

export const screenPeople: readonly Person[] = [
  { serviceUserId: 'demo-su-3', actor: 'nurse', drawMg: 120, giveMg: 120, route: 'IM', site: 'left thigh' },
  { serviceUserId: 'demo-su-2', actor: 'nurse2', drawMg: 200, giveMg: 180, route: 'IV', site: 'left arm' },
  { serviceUserId: 'demo-su-1', actor: 'nurse', drawMg: 0, giveMg: 0, route: 'IV', site: 'left arm' },
];

const closedSteps = new Set(['doseWithheld', 'discharged', 'ended']);
// Past this many observations a dosed person's screen sends plain steps only: each view carries
// every record of an open visit, and a thousand kills would otherwise make it ever larger.
const mostObservations = 40;

/** What this person's screen does next, or null when there is nothing more to do for them this session. */
export function nextVisitStep(person: Person, room: RoomView): { intention: Intention; actor: StaffName } | null {
  const visit: VisitView | undefined = room.visits.find((candidate) => candidate.person.id === person.serviceUserId && !closedSteps.has(candidate.step));
  const as = (intention: Intention, actor: StaffName = person.actor) => ({ intention, actor });
  if (!visit) {
    const waiting = room.waiting.find((candidate) => candidate.id === person.serviceUserId);
    return waiting && waiting.paused === null ? as({ type: 'startVisit', serviceUserId: person.serviceUserId }) : null;
  }
  const visitId = visit.visitId;
  switch (visit.step) {
    case 'checkIn': return as({ type: 'confirmIdentity', visitId }, 'hca');
    case 'preDoseCheck':
      return person.drawMg === 0
        ? as({ type: 'endVisit', visitId, reason: 'left before dose', note: null })
        : as({
          type: 'recordPreDoseCheck', visitId, sedation: '1', intoxicationSigns: false, selfReportedUse: [], breathTestRequested: false,
          decision: 'proceed', reducedDoseMg: null, prescriberContact: null, reason: null,
        });
    case 'preparation': return as({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: person.drawMg, witnessId: staff.hca.staffId, ...visitStepPins(staff[person.actor].staffId, staff.hca.staffId) });
    case 'administration':
      return as({
        type: 'recordAdministration', visitId, administeredMg: person.giveMg, route: person.route, site: person.site, witnessId: staff.hca.staffId,
        ...visitStepPins(staff[person.actor].staffId, staff.hca.staffId),
      });
    case 'waste': return as({ type: 'recordWaste', visitId, wastedMg: person.drawMg - person.giveMg, witnessId: staff.hca.staffId, ...visitStepPins(staff[person.actor].staffId, staff.hca.staffId) });
    case 'observation': {
      const response = visit.overdose;
      if (response?.open) {
        return response.naloxone.length === 0
          ? as({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 })
          : as({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null });
      }
      if (visit.observation.dischargeProblems.length === 0 && visit.observation.records.length >= 2) return as({ type: 'dischargeVisit', visitId });
      if (visit.observation.records.length >= mostObservations) return null;
      return visit.observation.records.length % 10 === 9
        ? as({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }, 'hca')
        : as({ type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 }, 'hca');
    }
    default: return null;
  }
}
