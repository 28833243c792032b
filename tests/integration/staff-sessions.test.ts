/**
 * Staff sessions through the real host and its SQLite file: a badge locked after five wrong PINs
 * in a row (and kept locked by a restart, and refused even with the right PIN), unlocked by a
 * clinic lead; a clinic lead's own badge unlocking itself after its wait; the dose confirmed with
 * both people's PINs; and the idle lock, which signs everyone out and sends the screen no
 * personal data while leaving the overdose response one touch away.
 */
import { describe, expect, it } from 'vitest';
import { demoPeople, demoProducts } from '../../main/demo/demo-clinic.js';
import type { Reply } from '../../shared/contract/index.js';
import type { RefusalCode } from '../../shared/refusals/refusal.js';
import { accepted, ask, as, demo, refusedWith, signIn } from '../support/host-session.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';
import { people, pinOf, refusal, report, upToPreparation, type TestKiosk } from '../support/test-kiosk.js';

// Distinctive wrong PINs, so finding one in the ledger file could not be a coincidence.
const wrongPin = '73519864';
const otherWrongPin = '97531864';

const kiosk = kioskPerTest();

function signInWith(k: TestKiosk, badgeNumber: string, pin: string): Promise<Reply> {
  return ask(k.host, { type: 'signIn', badgeNumber, pin });
}

/** The code a sign-in is refused with; null if it is accepted. */
async function tryPin(k: TestKiosk, badgeNumber: string, pin: string): Promise<RefusalCode | null> {
  const reply = await signInWith(k, badgeNumber, pin);
  return reply.ok ? null : reply.code;
}

/** Whom a refusal names, of the two people recording a dose: its essential content for them. */
function namedIn(reason: string): string[] {
  return [demo.nurse.displayName, demo.hca.displayName].filter((name) => reason.includes(name));
}

const eventsOfType = (k: TestKiosk, type: string) => k.ledger().filter((row) => row.type === type);

describe('lockout after wrong PINs', () => {
  it('answers the first four wrong PINs like an unknown badge, locks the badge at the fifth, and then refuses even the right PIN', async () => {
    const k = await kiosk();
    for (let attempt = 1; attempt <= 4; attempt += 1) expect(await tryPin(k, demo.nurse.badgeNumber, wrongPin)).toBe('signInRefused');
    expect(await tryPin(k, demo.nurse.badgeNumber, wrongPin)).toBe('lockedOut');
    expect(await tryPin(k, demo.nurse.badgeNumber, demo.nurse.pin)).toBe('lockedOut');
    expect(k.host.room().staffOnDuty).toEqual([]);

    const refusedPins = eventsOfType(k, 'staffPinRefused');
    expect(refusedPins.map((row) => JSON.parse(row.payload))).toEqual([1, 2, 3, 4, 5].map((wrongInARow) => (
      { type: 'staffPinRefused', staffId: demo.nurse.staffId, during: 'signIn', wrongInARow })));
    expect(eventsOfType(k, 'staffLockedOut').map((row) => JSON.parse(row.payload))).toEqual([
      { type: 'staffLockedOut', staffId: demo.nurse.staffId, wrongInARow: 5 },
    ]);
    // Never the PIN, right or wrong.
    expect(k.fileBytes().includes(wrongPin)).toBe(false);
  });

  it('answers a badge nobody holds exactly as a real one, locked included, and writes nothing about it', async () => {
    const k = await kiosk();
    const before = k.ledger().length;
    const unknown: Reply[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) unknown.push(await signInWith(k, 'Z9999', wrongPin));
    expect(unknown.map(refusedWith)).toEqual(['signInRefused', 'signInRefused', 'signInRefused', 'signInRefused', 'lockedOut']);
    expect(k.ledger()).toHaveLength(before);
    expect(k.fileBytes().includes('Z9999')).toBe(false);
    // Code and sentence alike: the same five answers as a real badge gets.
    const real: Reply[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) real.push(await signInWith(k, demo.nurse.badgeNumber, wrongPin));
    expect(unknown).toEqual(real);
  });

  it('starts the count again after the right PIN: only five wrong in a row lock', async () => {
    const k = await kiosk();
    for (let attempt = 1; attempt <= 4; attempt += 1) await tryPin(k, demo.hca.badgeNumber, wrongPin);
    await signIn(k.host, demo.hca);
    for (let attempt = 1; attempt <= 4; attempt += 1) expect(await tryPin(k, demo.hca.badgeNumber, wrongPin)).toBe('signInRefused');
    await signIn(k.host, demo.hca);
    expect(eventsOfType(k, 'staffWrongPinsCleared')).toHaveLength(2);
    expect(eventsOfType(k, 'staffLockedOut')).toHaveLength(0);
  });

  it('keeps a badge locked across a restart, until a clinic lead unlocks it; the unlock is attributed to the lead', async () => {
    const k = await kiosk();
    for (let attempt = 1; attempt <= 5; attempt += 1) await tryPin(k, demo.nurse.badgeNumber, wrongPin);
    await k.restart();
    expect(await tryPin(k, demo.nurse.badgeNumber, demo.nurse.pin)).toBe('lockedOut');
    // Waiting does not unlock anyone but a clinic lead.
    k.clock.advanceMinutes(120);
    expect(await tryPin(k, demo.nurse.badgeNumber, demo.nurse.pin)).toBe('lockedOut');

    const lead = await signIn(k.host, demo.lead);
    const staffRecord = async () => (await report(k.host, lead, 'staff')).staff.find((member) => member.id === demo.nurse.staffId);
    expect(await staffRecord()).toMatchObject({ displayName: 'Aisha Khan', lockedOut: true });
    const hca = await signIn(k.host, demo.hca);
    expect(refusedWith(await ask(k.host, { type: 'unlockStaff', staffId: demo.nurse.staffId }, hca))).toBe('roleNotAllowed');
    accepted(await ask(k.host, { type: 'unlockStaff', staffId: demo.nurse.staffId }, lead));
    expect(await staffRecord()).toMatchObject({ lockedOut: false });
    expect(eventsOfType(k, 'staffUnlocked').map((row) => [JSON.parse(row.payload), row.actor_staff_id])).toEqual([
      [{ type: 'staffUnlocked', staffId: demo.nurse.staffId, how: 'byClinicLead' }, lead],
    ]);
    expect(refusedWith(await ask(k.host, { type: 'unlockStaff', staffId: demo.nurse.staffId }, lead))).toBe('badgeNotLocked');
    await signIn(k.host, demo.nurse);
    // A fresh count: four more wrong PINs do not lock it again.
    for (let attempt = 1; attempt <= 4; attempt += 1) expect(await tryPin(k, demo.nurse.badgeNumber, wrongPin)).toBe('signInRefused');
  });

  it("unlocks a clinic lead's own badge 30 minutes after it locked, so one locked lead cannot lock the clinic out for good", async () => {
    const k = await kiosk();
    for (let attempt = 1; attempt <= 5; attempt += 1) await tryPin(k, demo.lead.badgeNumber, wrongPin);
    k.clock.advanceMinutes(29);
    expect(await tryPin(k, demo.lead.badgeNumber, demo.lead.pin)).toBe('lockedOut');
    k.clock.advanceMinutes(1);
    expect(await signIn(k.host, demo.lead)).toBe(demo.lead.staffId);
    expect(eventsOfType(k, 'staffUnlocked').map((row) => [JSON.parse(row.payload), row.actor_staff_id])).toEqual([
      [{ type: 'staffUnlocked', staffId: demo.lead.staffId, how: 'afterWaiting' }, null],
    ]);
  });
});

describe('the dose, confirmed with both PINs', () => {
  async function atAdministration(k: TestKiosk) {
    const nurse = await signIn(k.host, demo.nurse);
    const hca = await signIn(k.host, demo.hca);
    const act = as(k.host, nurse);
    const visitId = await upToPreparation(act, people.dee);
    accepted(await act({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    const give = (nursePin: string, witnessPin: string) => act({
      type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca, nursePin, witnessPin,
    });
    return { nurse, hca, visitId, give };
  }

  const stepOf = (k: TestKiosk, visitId: string) => k.host.room().visits.find((visit) => visit.visitId === visitId)?.step;

  it("refuses the dose for the nurse's or the witness's wrong PIN, in words naming whose, and records no dose", async () => {
    const k = await kiosk();
    const { visitId, give } = await atAdministration(k);
    const before = k.ledger().length;

    const nurseWrong = await give(wrongPin, demo.hca.pin);
    expect(refusedWith(nurseWrong)).toBe('wrongPin');
    expect(namedIn(refusal(nurseWrong))).toEqual(['Aisha Khan']);
    const witnessWrong = await give(demo.nurse.pin, otherWrongPin);
    expect(refusedWith(witnessWrong)).toBe('wrongPin');
    expect(namedIn(refusal(witnessWrong))).toEqual(['Tom Reid']);
    const bothSwapped = await give(demo.hca.pin, demo.nurse.pin);
    expect(refusedWith(bothSwapped)).toBe('wrongPin');
    expect(namedIn(refusal(bothSwapped))).toEqual(['Aisha Khan', 'Tom Reid']);

    // Only the PINs' own count is recorded, for the lockout (the nurse's right PIN the second time starts hers
    // again): no dose, no register line, the visit where it was.
    const written = k.ledger().slice(before);
    expect(written.map((row) => [row.type, JSON.parse(row.payload).staffId])).toEqual([
      ['staffPinRefused', demo.nurse.staffId], ['staffWrongPinsCleared', demo.nurse.staffId], ['staffPinRefused', demo.hca.staffId],
      ['staffPinRefused', demo.nurse.staffId], ['staffPinRefused', demo.hca.staffId],
    ]);
    expect(stepOf(k, visitId)).toBe('administration');
    expect(k.fileBytes().includes(wrongPin) || k.fileBytes().includes(otherWrongPin)).toBe(false);

    accepted(await give(demo.nurse.pin, demo.hca.pin));
    expect(stepOf(k, visitId)).toBe('observation');
    expect(eventsOfType(k, 'doseAdministered')).toHaveLength(1);
  });

  it('counts a wrong PIN at the dose toward the lockout: the fifth in a row locks the badge and signs its owner out', async () => {
    const k = await kiosk();
    const { visitId, give } = await atAdministration(k);
    for (let attempt = 1; attempt <= 4; attempt += 1) await tryPin(k, demo.nurse.badgeNumber, wrongPin);
    // The nurse is told it is her badge that is now locked, not only that a PIN was wrong.
    expect(await give(wrongPin, demo.hca.pin)).toMatchObject({ ok: false, code: 'lockedOut', reason: expect.stringMatching(/Aisha Khan.+locked/) });
    expect(k.host.room().staffOnDuty.map((member) => member.displayName)).toEqual(['Tom Reid']);
    expect(stepOf(k, visitId)).toBe('administration');
    expect(await tryPin(k, demo.nurse.badgeNumber, demo.nurse.pin)).toBe('lockedOut');
  });

  it('never refuses for a PIN a step that is refused for a clinical reason: the reason comes first, and no PIN is counted', async () => {
    const k = await kiosk();
    const nurse = await signIn(k.host, demo.nurse);
    const hca = await signIn(k.host, demo.hca);
    const visitId = accepted(await ask(k.host, { type: 'startVisit', serviceUserId: people.dee }, nurse)) ?? '';
    const before = k.ledger().length;
    const reply = await ask(k.host, {
      type: 'recordAdministration', visitId, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca,
      nursePin: wrongPin, witnessPin: pinOf(hca),
    }, nurse);
    // Nothing is drawn up yet: the rules refuse the amount before any PIN is looked at.
    expect(refusedWith(reply)).toBe('moreThanDrawn');
    expect(k.ledger()).toHaveLength(before);
  });
});

describe('the idle lock', () => {
  const personalData = demoPeople.flatMap((person) => [person.preferredName, person.legalName, person.dateOfBirth]).concat('data:image/');

  it('signs everyone out and sends the screen no name, photo or dose, until someone signs in again', async () => {
    const k = await kiosk();
    const nurse = await signIn(k.host, demo.nurse);
    const hca = await signIn(k.host, demo.hca);
    const act = as(k.host, nurse);
    const dee = accepted(await act({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await act({ type: 'startVisit', serviceUserId: people.mags }));
    const unlocked = JSON.stringify(k.host.room());
    expect(personalData.filter((text) => unlocked.includes(text)).length).toBeGreaterThan(0);

    // The screen asks for the lock with nobody acting: the idle timer is the screen's, not a person's.
    accepted(await ask(k.host, { type: 'lockScreen' }, null));
    const room = k.host.room();
    expect(room.staffOnDuty).toEqual([]);
    expect(room.locked).toEqual({
      visits: [
        { visitId: dee, label: 'Visit 1', stage: 'checkIn', overdoseOpen: false },
        { visitId: expect.any(String), label: 'Visit 2', stage: 'checkIn', overdoseOpen: false },
      ],
      visitAlerts: [
        { visitId: dee, label: 'Visit 1', observationOverdue: false, redFlagRecordedAt: null, overdoseStartedAt: null },
        { visitId: expect.any(String), label: 'Visit 2', observationOverdue: false, redFlagRecordedAt: null, overdoseStartedAt: null },
      ],
      waitingCount: 2,
      incidentCount: 0,
    });
    const locked = JSON.stringify(room);
    expect(personalData.filter((text) => locked.includes(text))).toEqual([]);
    expect(locked).not.toMatch(/"prescription"|dosePerSessionMg|administeredMg/);
    expect(refusedWith(await act({ type: 'confirmIdentity', visitId: dee }))).toBe('notSignedInHere');
    expect(refusedWith(await ask(k.host, { type: 'confirmIdentity', visitId: dee }, hca))).toBe('notSignedInHere');

    await signIn(k.host, demo.hca);
    expect(k.host.room().locked).toBeNull();
    expect(k.host.room().visits.map((visit) => visit.person.preferredName).sort()).toEqual(['Dee', 'Mags']);
  });

  it('leaves the overdose response one touch away on a locked screen, unattributed, and shows it under way', async () => {
    const k = await kiosk();
    const hca = await signIn(k.host, demo.hca);
    const visitId = accepted(await ask(k.host, { type: 'startVisit', serviceUserId: people.mags }, hca)) ?? '';
    accepted(await ask(k.host, { type: 'lockScreen' }, null));
    accepted(await ask(k.host, { type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }, null));
    expect(k.host.room().locked?.visits).toEqual([{ visitId, label: 'Visit 1', stage: 'checkIn', overdoseOpen: true }]);
    expect(eventsOfType(k, 'overdoseResponseStarted').map((row) => row.actor_staff_id)).toEqual([null]);
  });
});
