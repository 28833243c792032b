/**
 * The room board counts a person's consecutive missed sessions from the day of their last visit
 * before today, not from the start of their prescription (a year of sessions for every person on
 * every room view). It must give exactly the count the full walk gives, at every moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicContextAt } from '../../main/host/clinic-context/clinic-context.js';
import { attendanceOf, consecutiveMissedOf } from '../../main/host/clinic-context/check-in-decision.js';
import { ReferenceData } from '../../main/host/records/reference-data.js';
import { VisitHistory } from '../../main/host/records/visit-history.js';
import { as, demo, signIn } from '../support/host-session.js';
import { openKioskFile } from '../support/kiosk-data.js';
import { doseUpToObservation, observeAndDischarge, openTestKiosk, people, type TestKiosk } from '../support/test-kiosk.js';

let kiosk: TestKiosk;

beforeAll(async () => {
  kiosk = await openTestKiosk();
  const nurse = as(kiosk.host, await signIn(kiosk.host, demo.nurse));
  const hca = await signIn(kiosk.host, demo.hca);
  await signIn(kiosk.host, demo.nurse);
  // Mags comes on Monday morning and Tuesday afternoon; Dee on Monday afternoon only.
  const visits: Array<[string, number, { drawnMg: number }]> = [[people.mags, 0, { drawnMg: 200 }], [people.dee, 300, { drawnMg: 120 }], [people.mags, 1_620, { drawnMg: 200 }]];
  let at = 0;
  for (const [person, minutes, dose] of visits) {
    kiosk.clock.advanceMinutes(minutes - at);
    at = minutes;
    const visitId = await doseUpToObservation(nurse, person, { witnessId: hca, ...dose });
    await observeAndDischarge(nurse, kiosk.clock, visitId);
    at += 20;
  }
}, 60_000);

afterAll(() => kiosk?.close());

describe('consecutive missed sessions on the room board', () => {
  it('match the full count for every person, every hour of five days', () => {
    const db = openKioskFile(kiosk.dataDir);
    try {
      const reference = new ReferenceData(db);
      const history = new VisitHistory(db);
      const clinic = reference.clinic();
      if (!clinic) throw new Error('The demo clinic is not set up');
      const start = Date.parse('2026-11-23T00:30:00.000Z');
      const counts: number[] = [];
      for (let hour = 0; hour < 5 * 24; hour += 1) {
        const now = new Date(start + hour * 3_600_000);
        for (const person of reference.serviceUsers()) {
          const prescription = reference.activePrescription(person.serviceUserId, now.toISOString().slice(0, 10));
          if (!prescription) continue;
          const context = clinicContextAt({ reference, history }, now);
          if (!context) throw new Error('The demo clinic has no site rules');
          const full = attendanceOf(context, person, prescription).consecutiveMissed;
          expect([person.preferredName, now.toISOString(), consecutiveMissedOf(context, person, prescription)])
            .toEqual([person.preferredName, now.toISOString(), full]);
          counts.push(full);
        }
      }
      // The walk saw runs both broken and growing, not only zeros.
      expect(Math.max(...counts)).toBeGreaterThanOrEqual(5);
      expect(counts.filter((count) => count === 0).length).toBeGreaterThan(10);
    } finally {
      db.close();
    }
  });
});
