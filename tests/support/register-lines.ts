/**
 * A register with every kind of line a printout must show, recorded through the host as a nurse
 * would: the demo clinic's receipts, a dose with the ampoules' surplus wasted at preparation, a dose
 * with waste after it, a correction of a receipt (reg 20), and as many more receipts as asked, so a
 * printout runs to several pages.
 */
import { demoProducts } from '../../main/demo/demo-clinic.js';
import type { Host } from '../../main/host/host.js';
import type { RegisterSection } from '../../shared/contract/index.js';
import { accepted, as, demo, signIn } from './host-session.js';
import type { ManualClock } from './manual-clock.js';
import { demoReceipt, doseUpToObservation, observeAndDischarge, people, pinOf, report } from './test-kiosk.js';

export const ampoule100 = demoProducts.ampoule100mg.productId;

export interface FilledRegister {
  nurse: string;
  nurse2: string;
  hca: string;
  lead: string;
  /** The correction's reason, with a comma, double quotes and a line break, as a CSV must carry them. */
  correctionReason: string;
}

export const correctionReason = 'Delivery note misread, "2" read as "3",\nrecounted with the pharmacist';

export async function fillRegister(host: Host, clock: ManualClock, extraReceipts: number): Promise<FilledRegister> {
  const nurse = await signIn(host, demo.nurse);
  const nurse2 = await signIn(host, demo.nurse2);
  const hca = await signIn(host, demo.hca);
  const lead = await signIn(host, demo.lead);
  const nurseActs = as(host, nurse);
  const signed = { actorId: nurse, witnessId: nurse2 };
  accepted(await nurseActs(demoReceipt(3, 'DEL-0100', signed)));
  await observeAndDischarge(nurseActs, clock, await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120 }));
  await observeAndDischarge(nurseActs, clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200, administeredMg: 180, route: 'IV', site: 'left arm' }));
  const received = lineOf(await registerSection(host, nurse), (line) => line.kind === 'receipt' && line.detail?.includes('DEL-0100') === true);
  accepted(await nurseActs({
    type: 'correctRegisterEntry', section: ampoule100, entryEventId: received.eventId, rightInMg: 200, rightOutMg: 0,
    reason: correctionReason, witnessId: nurse2, actorPin: pinOf(nurse), witnessPin: pinOf(nurse2),
  }));
  for (let n = 1; n <= extraReceipts; n++) {
    clock.advanceMinutes(7);
    accepted(await nurseActs(demoReceipt(1, `DEL-${1000 + n}`, signed)));
  }
  return { nurse, nurse2, hca, lead, correctionReason };
}

export async function registerSection(host: Host, nurse: string, sectionId = ampoule100): Promise<RegisterSection> {
  const found = (await report(host, nurse, 'register')).sections.find((section) => section.sectionId === sectionId);
  if (!found) throw new Error(`No register section ${sectionId}`);
  return found;
}

export function lineOf(section: RegisterSection, predicate: (line: RegisterSection['lines'][number]) => boolean): RegisterSection['lines'][number] {
  const found = section.lines.find(predicate);
  if (!found) throw new Error(`No such line in ${section.title}: ${section.lines.map((line) => line.kind).join(', ')}`);
  return found;
}
