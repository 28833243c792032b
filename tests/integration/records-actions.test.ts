/**
 * Records offers an action only where it can apply, and the host is the one that says so in the
 * service users report: clearing a re-titration block only for a person paused for missed
 * sessions now (Kez, not seen since the clinic was set up), and issuing a prescription only where
 * a new one would not overlap an open-ended one in force.
 */
import { describe, expect, it } from 'vitest';
import { accepted, as, demo, signIn } from '../support/host-session.js';
import { people, report } from '../support/test-kiosk.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';

const kiosk = kioskPerTest();

describe('the service users report says which actions apply', () => {
  it('marks only the person paused for missed sessions as blocked, and nobody once the prescriber clears it', async () => {
    const room = await kiosk();
    const prescriber = await signIn(room.host, demo.prescriber);
    const blocked = async () => (await report(room.host, prescriber, 'serviceUsers')).people
      .filter((person) => person.retitrationBlocked).map((person) => person.serviceUserId);
    expect(await blocked()).toEqual([people.kez]);
    accepted(await as(room.host, prescriber)({ type: 'clearRetitrationBlock', serviceUserId: people.kez, note: 'Seen; restart at 100 mg' }));
    expect(await blocked()).toEqual([]);
  });

  it('offers a new prescription only to someone with no open-ended prescription in force', async () => {
    const room = await kiosk();
    const lead = await signIn(room.host, demo.lead);
    const prescriber = await signIn(room.host, demo.prescriber);
    const photo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    accepted(await as(room.host, lead)({
      type: 'enrolServiceUser', serviceUserId: null, preferredName: 'Robin', legalName: 'Robin Achebe', dateOfBirth: '1988-05-09',
      photo, alcoholMonitoring: false, handoverNote: null,
    }));
    const mayIssue = async () => Object.fromEntries((await report(room.host, prescriber, 'serviceUsers')).people
      .map((person) => [person.preferredName, person.mayIssuePrescription]));
    expect(await mayIssue()).toEqual({ Dee: false, Jay: false, Kez: false, Mags: false, Robin: true });
  });
});
