/**
 * Two rooms share one cupboard: a stock count in one room allows for the doses drawn up in the
 * other room's open visits (out of the cupboard, not yet out of the register), names them with
 * their room, and flags one left from a session that has closed as a discrepancy to resolve. Two
 * kiosks on a real PostgreSQL; each room's clock is set, so "a session that has closed" is known.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intention, Report } from '../../shared/contract/index.js';
import {
  accept, administration, clinicProductId, clinicStaff, openTwoRooms, upToAdministration, visitPins, type CentralKiosk, type TwoRooms,
} from '../support/central-clinic.js';
import { ManualClock } from '../support/manual-clock.js';
import { report } from '../support/test-kiosk.js';

type Balance = Extract<Report, { kind: 'stockChecks' }>['balances'][number];

// Yesterday at 10:00 UTC: inside the clinic's morning session (08:00-12:30 in London), whatever time the test runs.
const yesterdayMorning = new Date(`${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T10:00:00.000Z`);
const roomOneClock = new ManualClock(yesterdayMorning);
const roomTwoClock = new ManualClock(yesterdayMorning);

let rooms: TwoRooms | undefined;
let roomOne: CentralKiosk;
let roomTwo: CentralKiosk;
let people: string[];
let staff: TwoRooms['staff'];
let productId: string;

beforeAll(async () => {
  rooms = await openTwoRooms(['Mags', 'Dee'], { roomOneClock, roomTwoClock });
  ({ roomOne, roomTwo, people, staff } = rooms);
  productId = clinicProductId(roomOne.dataDir);
}, 90_000);

afterAll(async () => {
  await rooms?.close();
});

async function balanceInRoomTwo(): Promise<Balance> {
  const balance = (await report(roomTwo.host, staff.two.nurse, 'stockChecks')).balances.find((each) => each.sectionId === productId);
  if (!balance) throw new Error('Room two lists no balance for the clinic\'s product');
  return balance;
}

/** Room two's list of doses drawn up, once room one's latest events have reached it and it shows `totalMg` in all. */
async function drawnUpInRoomTwo(totalMg: number): Promise<Balance['drawnUp']> {
  await roomOne.synced();
  for (let tries = 0; tries < 200; tries += 1) {
    const { drawnUp } = await balanceInRoomTwo();
    if (drawnUp.reduce((sum, dose) => sum + dose.drawnMg, 0) === totalMg) return drawnUp;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Room two never listed ${totalMg} mg drawn up`);
}

function countInRoomTwo(ampoules: number, note: string | null): Intention {
  return {
    type: 'recordStockCheck', productId, kind: 'end of day', countedUnits: ampoules, note,
    witnessId: staff.two.witness, actorPin: clinicStaff.nurse.pin, witnessPin: clinicStaff.hca.pin,
  };
}

describe('a stock count sees the doses drawn up in every room', () => {
  it('allows for a dose drawn up in the other room, names it and its room, and flags it once its session has closed', async () => {
    const visitId = await upToAdministration(roomOne, people[0]!, staff.one.nurse, staff.one.witness);

    const [dose] = await drawnUpInRoomTwo(200);
    expect(dose).toMatchObject({ visitId, preferredName: 'Mags', drawnMg: 200, room: 'Injection room 1', earlierSession: false });
    expect((await balanceInRoomTwo()).balanceMg).toBe(100_000);
    // 1,000 ampoules received, two of them drawn up next door: 998 in the cupboard is a balanced count.
    accept(await roomTwo.ask(countInRoomTwo(998, null), staff.two.nurse));

    roomTwoClock.advanceMinutes(3 * 60);
    const [left] = await drawnUpInRoomTwo(200);
    expect(left).toMatchObject({ visitId, earlierSession: true, room: 'Injection room 1' });
    const refusal = await roomTwo.ask(countInRoomTwo(998, null), staff.two.nurse);
    expect(refusal).toMatchObject({ ok: false, code: 'stockCountDiffers' });
    expect(refusal.ok ? '' : refusal.reason).toContain('200 mg for Mags in Injection room 1');
    accept(await roomTwo.ask(countInRoomTwo(998, 'Mags\'s dose still drawn up in room 1 after the morning session: asked room 1 to record it.'), staff.two.nurse));

    accept(await roomOne.ask(administration(visitId, staff.one.witness), staff.one.nurse));
    expect(await drawnUpInRoomTwo(0)).toEqual([]);
  }, 60_000);

  it('counts the surplus of a dose given next door as drawn up until it is wasted', async () => {
    const visitId = await upToAdministration(roomOne, people[1]!, staff.one.nurse, staff.one.witness);
    accept(await roomOne.ask({ ...administration(visitId, staff.one.witness), administeredMg: 180 } as Intention, staff.one.nurse));
    const [surplus] = await drawnUpInRoomTwo(20);
    expect(surplus).toMatchObject({ visitId, preferredName: 'Dee', drawnMg: 20, room: 'Injection room 1' });

    accept(await roomOne.ask({ type: 'recordWaste', visitId, wastedMg: 20, witnessId: staff.one.witness, ...visitPins(staff.one.nurse, staff.one.witness) }, staff.one.nurse));
    expect(await drawnUpInRoomTwo(0)).toEqual([]);
  }, 60_000);
});
