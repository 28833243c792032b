/**
 * One register per clinic: two rooms share one cupboard, so both kiosks list the register in the
 * order the clinic's register (central, a real PostgreSQL) received the entries. An entry made in
 * a room cut off from central is shown there as not yet synced; once synced it is added after the
 * entries already printed, which do not change, and both kiosks print the same lines with the same
 * balances. Two offline rooms that together draw more than the cupboard held leave the register
 * below zero, shown in both rooms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intention, RegisterLine, RegisterSection } from '../../shared/contract/index.js';
import {
  accept, administration, clinicLead, clinicProductId, openTwoRooms, signIn, stockReceipt, visitPins, type CentralKiosk, type TwoRooms,
} from '../support/central-clinic.js';
import { morningToday } from '../support/host-session.js';
import { ManualClock } from '../support/manual-clock.js';
import type { TcpProxy } from '../support/tcp-proxy.js';
import { preDoseCheck, report } from '../support/test-kiosk.js';

let rooms: TwoRooms | undefined;
let network: TcpProxy;
let roomOne: CentralKiosk;
let roomTwo: CentralKiosk;
let people: string[];
let staff: TwoRooms['staff'];

beforeAll(async () => {
  // Room one keeps today's date, inside its morning session whatever the hour the suite runs; room
  // two's clock is days behind, so what it records reaches the clinic's register later than the day after: late.
  rooms = await openTwoRooms(['Mags', 'Dee'], { roomOneClock: new ManualClock(morningToday()) });
  ({ network, roomOne, roomTwo, people, staff } = rooms);
}, 90_000);

afterAll(async () => {
  await rooms?.close();
});

async function sectionAt(kiosk: CentralKiosk, nurse: string, sectionId: string): Promise<RegisterSection> {
  const section = (await report(kiosk.host, nurse, 'register')).sections.find((each) => each.sectionId === sectionId);
  if (!section) throw new Error(`No section ${sectionId}`);
  return section;
}

/** What a printed page shows of a line: the entry, its balance, and when the clinic's register received it. */
const printed = (line: RegisterLine) => ({ eventId: line.eventId, balanceMg: line.balanceMg, receivedAt: line.receivedAt, late: line.late });

async function settled(kiosk: CentralKiosk, nurse: string, sectionId: string, lines: number): Promise<RegisterSection> {
  for (let tries = 0; tries < 200; tries += 1) {
    const section = (await report(kiosk.host, nurse, 'register')).sections.find((each) => each.sectionId === sectionId);
    if (section && section.lines.length === lines && section.lines.every((line) => !line.notYetSynced)) return section;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The register of ${kiosk.settings.kioskName} did not settle on ${lines} synced lines`);
}

describe('two rooms, one register', () => {
  it('lists entries in the order the clinic received them, the same on both kiosks, and marks what is not yet synced', async () => {
    const productId = clinicProductId(roomOne.dataDir);
    await settled(roomTwo, staff.two.nurse, productId, 1);

    network.cut();
    accept(await roomTwo.ask(stockReceipt(roomTwo.dataDir, 5, 'RX-offline', staff.two.witness), staff.two.nurse));
    accept(await roomOne.ask(stockReceipt(roomOne.dataDir, 3, 'RX-online', staff.one.witness), staff.one.nurse));
    await roomOne.synced();
    const offlineView = await sectionAt(roomTwo, staff.two.nurse, productId);
    expect(offlineView.lines.map((line) => [line.inUnits, line.notYetSynced])).toEqual([[1000, false], [5, true]]);
    expect(offlineView.lines.at(-1)?.receivedAt).toBeNull();
    const printedBefore = (await settled(roomOne, staff.one.nurse, productId, 2)).lines.map(printed);

    network.restore();
    await roomTwo.synced(30_000);
    const one = await settled(roomOne, staff.one.nurse, productId, 3);
    const two = await settled(roomTwo, staff.two.nurse, productId, 3);
    expect(two.lines.map(printed)).toEqual(one.lines.map(printed));
    // Added after the page already printed, which does not change.
    expect(one.lines.slice(0, 2).map(printed)).toEqual(printedBefore);
    expect(one.lines.map((line) => [line.inUnits, line.balanceMg])).toEqual([[1000, 100_000], [3, 100_300], [5, 100_800]]);
    expect(one.lines.map((line) => line.late)).toEqual([false, false, true]);
    expect(one.balanceMg).toBe(100_800);
  }, 90_000);

  it('shows a register driven below zero by two offline rooms in both rooms once synced', async () => {
    const lead = await signIn(roomOne, clinicLead);
    accept(await roomOne.ask({ type: 'addControlledDrugProduct', drug: 'diamorphine', form: 'powder for injection', counting: { unit: 'ampoule', mgPerAmpoule: 300 } }, lead));
    const productId = (await report(roomOne.host, staff.one.nurse, 'register')).sections.find((each) => each.title.includes('300 mg'))?.sectionId ?? '';
    accept(await roomOne.ask({ ...stockReceipt(roomOne.dataDir, 1, 'RX-300', staff.one.witness), productId } as Intention, staff.one.nurse));
    await roomOne.synced();
    await settled(roomTwo, staff.two.nurse, productId, 1);

    network.cut();
    await doseFrom(roomOne, people[0]!, productId, staff.one);
    await doseFrom(roomTwo, people[1]!, productId, staff.two);
    // Each room knew of the one ampoule and opened it (the part not drawn up is wasted): neither could refuse.
    const offline = await sectionAt(roomTwo, staff.two.nurse, productId);
    expect(offline.balanceMg).toBe(0);
    network.restore();
    await roomTwo.synced(30_000);

    const one = await settled(roomOne, staff.one.nurse, productId, 5);
    const two = await settled(roomTwo, staff.two.nurse, productId, 5);
    expect(two.lines.map(printed)).toEqual(one.lines.map(printed));
    // Room one was online: its entries reached the clinic's register first.
    expect(one.lines.map((line) => [line.kind, line.kioskId === one.lines[0]?.kioskId, line.balanceMg])).toEqual([
      ['receipt', true, 300], ['waste', true, 200], ['administration', true, 0], ['waste', false, -100], ['administration', false, -300]]);
    for (const room of [roomOne, roomTwo]) {
      await room.until((view) => view.alerts.some((alert) => alert.includes('300 mg ampoule') && alert.includes('-300 mg, below zero')));
    }
  }, 90_000);
});

async function doseFrom(kiosk: CentralKiosk, serviceUserId: string, productId: string, by: { nurse: string; witness: string }): Promise<void> {
  const visitId = accept(await kiosk.ask({ type: 'startVisit', serviceUserId }, by.nurse)).visitId ?? '';
  accept(await kiosk.ask({ type: 'confirmIdentity', visitId }, by.nurse));
  accept(await kiosk.ask(preDoseCheck(visitId), by.nurse));
  accept(await kiosk.ask({ type: 'recordPreparation', productId, visitId, drawnMg: 200, witnessId: by.witness, ...visitPins(by.nurse, by.witness) }, by.nurse));
  accept(await kiosk.ask(administration(visitId, by.witness), by.nurse));
}
