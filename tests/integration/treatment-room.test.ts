/**
 * The treatment room through the host, as the staff on the floor, the prescriber, the clinic lead
 * and an auditor would see it: a real kiosk (config, SQLite file, demo clinic) on a clock moved by
 * hand from 10:00 on Monday 23 November 2026, London (GMT).
 *
 * The demo clinic was set up three days before the kiosk first started: Jay, Mags and Dee start
 * treatment today; Kez started then and has not been seen since.
 */
import { demoAllowedForms, demoProducts } from '../../main/demo/demo-clinic.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/host.js';
import type { IntentionOf, RoomView } from '../../shared/contract/index.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { accepted, ask, as, demo, refusedWith, signIn } from '../support/host-session.js';
import {
  doseUpToObservation, observeAndDischarge, openTestKiosk, people, pinOf, preDoseCheck, report, safeObservation, type TestKiosk,
} from '../support/test-kiosk.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function kiosk(start?: string): Promise<TestKiosk> {
  const opened = await openTestKiosk(start === undefined ? {} : { start });
  cleanups.push(() => opened.close());
  return opened;
}

/** The usual floor: two nurses, an HCA, the prescriber and the clinic lead, all signed in. */
async function staffOn(host: Host) {
  const ids = {
    nurse: await signIn(host, demo.nurse), nurse2: await signIn(host, demo.nurse2), hca: await signIn(host, demo.hca),
    prescriber: await signIn(host, demo.prescriber), lead: await signIn(host, demo.lead),
  };
  return {
    ...ids,
    nurseActs: as(host, ids.nurse),
    hcaActs: as(host, ids.hca),
    prescriberActs: as(host, ids.prescriber),
    leadActs: as(host, ids.lead),
  };
}

const visitIn = (room: RoomView, visitId: string) => {
  const visit = room.visits.find((candidate) => candidate.visitId === visitId);
  if (!visit) throw new Error(`Visit ${visitId} is not on the room board`);
  return visit;
};

const waitingCard = (room: RoomView, name: string) => room.waiting.find((person) => person.preferredName === name);

const eventsOfType = (kioskUnderTest: TestKiosk, type: string) => kioskUnderTest.ledger().filter((row) => row.type === type);

const { version: _version, approvedBy: _approvedBy, ...defaultDraft } = defaultSiteRules;

function rulesDraft(change: (draft: IntentionOf<'changeSiteRules'>['rules']) => void): IntentionOf<'changeSiteRules'>['rules'] {
  const draft = structuredClone(defaultDraft);
  change(draft);
  return draft;
}

describe('the room, with several people in it', () => {
  it('holds several visits open at once, one per person', async () => {
    const room = await kiosk();
    const { nurseActs, hcaActs } = await staffOn(room.host);
    const dee = accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.dee }));
    const mags = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }));
    const jay = accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.jay }));
    const before = room.ledger().length;

    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })))
      .toBe('openVisitExists');
    expect(room.ledger()).toHaveLength(before);

    const view = room.host.room();
    expect(new Set(view.visits.map((visit) => `${visit.visitId} ${visit.person.preferredName} ${visit.step}`)))
      .toEqual(new Set([`${dee} Dee checkIn`, `${mags} Mags checkIn`, `${jay} Jay checkIn`]));
    expect(view.visits).toHaveLength(3);
    // Only Kez is left waiting, and she cannot be checked in yet.
    expect(view.waiting.map((person) => person.preferredName)).toEqual(['Kez']);
    expect(eventsOfType(room, 'visitStarted')).toHaveLength(3);
  });
});

describe('session windows', () => {
  it('refuses a check-in before the morning opens, saying when it does, and puts 12:30 in the afternoon', async () => {
    const room = await kiosk('2026-11-23T07:30:00.000Z');
    const { hcaActs } = await staffOn(room.host);
    expect(room.host.room().session).toBe('No session open: Morning opens at 08:00');
    expect(await hcaActs({ type: 'startVisit', serviceUserId: people.dee }))
      .toMatchObject({ ok: false, code: 'sessionClosed', reason: expect.stringContaining('Morning, opens at 08:00') });
    expect(eventsOfType(room, 'visitStarted')).toHaveLength(0);

    room.clock.advanceMinutes(30);
    const morning = accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    expect(visitIn(room.host.room(), morning).session).toBe('Morning, 2026-11-23');

    room.clock.advanceMinutes(270); // 12:30
    expect(room.host.room().session).toBe('Afternoon session, until 18:00');
    const afternoon = accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    expect(visitIn(room.host.room(), afternoon).session).toBe('Afternoon, 2026-11-23');

    room.clock.advanceMinutes(330); // 18:00: closed until tomorrow morning
    expect(refusedWith(await hcaActs({ type: 'startVisit', serviceUserId: people.jay }))).toBe('sessionClosed');
  });
});

describe('doses per session, per day and the gap between them', () => {
  it('refuses a second dose this session, then one inside the minimum interval, with the time of the next', async () => {
    const room = await kiosk();
    const { nurseActs, hca } = await staffOn(room.host);
    const first = await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120 });
    await observeAndDischarge(nurseActs, room.clock, first);
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.dee }))).toBe('dosedThisSession');
    expect(waitingCard(room.host.room(), 'Dee')?.paused).toBe('Not this session');

    room.clock.advanceMinutes(140); // 12:40: the afternoon is open, 2 h 40 min after the dose
    expect(await nurseActs({ type: 'startVisit', serviceUserId: people.dee }))
      .toMatchObject({ ok: false, code: 'tooSoonAfterLastDose', reason: expect.stringContaining('from 13:00') });
    expect(waitingCard(room.host.room(), 'Dee')?.paused).toBe('Too soon after the last dose');
    room.clock.advanceMinutes(20);
    expect(waitingCard(room.host.room(), 'Dee')?.paused).toBeNull();
    accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee }));
  });

  it('stops at the prescription\'s doses a day and at the site\'s daily maximum', async () => {
    const room = await kiosk();
    const { nurseActs, hca, prescriberActs, leadActs } = await staffOn(room.host);
    // Dee's prescription becomes once a day; the site's daily maximum comes down to 200 mg.
    accepted(await prescriberActs({
      type: 'changePrescription', prescriptionId: 'demo-su-3-rx-1', allowedForms: [...demoAllowedForms], dosePerSessionMg: 120, sessionsPerDay: 1, routes: ['IM'],
      reducedDoseRange: null, endsOn: null, reason: 'Once daily from today',
    }));
    accepted(await leadActs({ type: 'changeSiteRules', rules: rulesDraft((draft) => { draft.dosing.maximumDailyMg = 200; }) }));

    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120 }));
    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 }));
    room.clock.advanceMinutes(200); // 13:40: afternoon, more than 3 hours since both doses

    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })))
      .toBe('sessionsPerDayUsed');
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })))
      .toBe('dailyMaximumReached');
    expect(eventsOfType(room, 'visitStarted')).toHaveLength(2);
  });

  it('never lets a dose be drawn up over what is left of the daily maximum', async () => {
    const room = await kiosk();
    const { nurseActs, hca, leadActs } = await staffOn(room.host);
    accepted(await leadActs({ type: 'changeSiteRules', rules: rulesDraft((draft) => { draft.dosing.maximumDailyMg = 300; }) }));
    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 }));
    room.clock.advanceMinutes(200);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    accepted(await nurseActs(preDoseCheck(visitId)));
    expect(visitIn(room.host.room(), visitId).injection.maximumDrawMg).toBe(100);
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) })))
      .toBe('overDailyMaximum');
  });
});

describe('missed sessions', () => {
  it('pauses a person after three missed sessions until the prescriber clears the block; a nurse or HCA cannot', async () => {
    const room = await kiosk();
    const { nurseActs, hcaActs, hca, prescriberActs } = await staffOn(room.host);
    // Mags comes this morning and her dose is withheld: a visit with a reason is not a missed session.
    const magsVisit = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: magsVisit }));
    accepted(await nurseActs(preDoseCheck(magsVisit, {
      selfReportedUse: ['street tablets'], decision: 'withhold', reason: 'Used street tablets this morning; come back tomorrow',
    })));

    room.clock.advanceMinutes(27 * 60); // 13:00 on Tuesday: Dee missed Monday morning, Monday afternoon and Tuesday morning
    expect(refusedWith(await hcaActs({ type: 'startVisit', serviceUserId: people.dee }))).toBe('missedSessionsBlock');
    expect(waitingCard(room.host.room(), 'Dee')?.paused).toBe('Treatment paused: prescriber to review');
    expect(waitingCard(room.host.room(), 'Mags')?.paused).toBeNull();

    const missed = (await report(room.host, hca, 'missedSessions')).people;
    expect(missed.find((person) => person.preferredName === 'Dee')).toMatchObject({
      consecutiveMissed: 3, paused: true,
      missed: [
        { clinicDay: '2026-11-23', session: 'Morning' }, { clinicDay: '2026-11-23', session: 'Afternoon' },
        { clinicDay: '2026-11-24', session: 'Morning' },
      ],
    });
    expect(missed.find((person) => person.preferredName === 'Mags')).toMatchObject({ consecutiveMissed: 2, paused: false });

    const before = room.ledger().length;
    const clear = { type: 'clearRetitrationBlock', serviceUserId: people.dee, note: 'Seen by the prescriber; restart at 120 mg' } as const;
    expect(refusedWith(await hcaActs(clear))).toBe('roleNotAllowed');
    expect(refusedWith(await nurseActs(clear))).toBe('roleNotAllowed');
    expect(room.ledger()).toHaveLength(before);
    accepted(await prescriberActs(clear));
    expect(eventsOfType(room, 'retitrationBlockCleared').map((row) => row.actor_staff_id)).toEqual(['demo-staff-prescriber']);

    expect(waitingCard(room.host.room(), 'Dee')?.paused).toBeNull();
    accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.dee }));
    expect((await report(room.host, hca, 'missedSessions')).people.find((person) => person.preferredName === 'Dee'))
      .toMatchObject({ consecutiveMissed: 0, paused: false });
    // A block that is not there cannot be cleared.
    expect(refusedWith(await prescriberActs({ ...clear, serviceUserId: people.mags }))).toBe('notPausedForMissedSessions');
  });

  it('has Kez paused from the first start of the demo kiosk', async () => {
    const room = await kiosk();
    const { hcaActs } = await staffOn(room.host);
    expect(waitingCard(room.host.room(), 'Kez')?.paused).toBe('Treatment paused: prescriber to review');
    expect(refusedWith(await hcaActs({ type: 'startVisit', serviceUserId: people.kez }))).toBe('missedSessionsBlock');
  });
});

describe('a reduced dose', () => {
  it('is within the prescribed range, with a reason and the prescriber contacted, and caps what may be drawn up', async () => {
    const room = await kiosk();
    const { nurseActs, hca } = await staffOn(room.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    const reduce = { sedation: '3', decision: 'reduce', reducedDoseMg: 150, prescriberContact: 'Dr Okafor, by phone', reason: 'Drowsy on arrival' } as const;
    const before = room.ledger().length;
    expect(refusedWith(await nurseActs(preDoseCheck(visitId, { ...reduce, reducedDoseMg: 190 }))))
      .toBe('reducedDoseOutOfRange');
    expect(refusedWith(await nurseActs(preDoseCheck(visitId, { ...reduce, reason: null })))).toBe('reasonNeeded');
    expect(refusedWith(await nurseActs(preDoseCheck(visitId, { ...reduce, prescriberContact: null }))))
      .toBe('prescriberAgreementNeeded');
    expect(refusedWith(await nurseActs(preDoseCheck(visitId, { sedation: '3' }))))
      .toBe('sedationWithholds');
    // The decisions were refused, but what was found is kept, once.
    expect(room.ledger().slice(before).map((event) => [event.type, JSON.parse(event.payload).sedation]))
      .toEqual([['preDoseFindingsRecorded', '3']]);

    accepted(await nurseActs(preDoseCheck(visitId, reduce)));
    expect(visitIn(room.host.room(), visitId).injection.maximumDrawMg).toBe(150);
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) })))
      .toBe('overDoseTarget');
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 150, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
  });

  it('is refused where the prescription allows none', async () => {
    const room = await kiosk();
    const { nurseActs } = await staffOn(room.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    expect(refusedWith(await nurseActs(preDoseCheck(visitId, { decision: 'reduce', reducedDoseMg: 100, reason: 'Drowsy' }))))
      .toBe('reducedDoseNotPrescribed');
  });
});

describe('wasting a surplus', () => {
  it('needs a second signed-in nurse or HCA as witness, and writes nothing without one', async () => {
    const room = await kiosk();
    const { nurse, hca, nurseActs } = await staffOn(room.host);
    accepted(await ask(room.host, { type: 'signOut', staffId: 'demo-staff-nurse-2' }, nurse));
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    accepted(await nurseActs(preDoseCheck(visitId)));
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    accepted(await nurseActs({ type: 'recordAdministration', visitId, administeredMg: 180, route: 'IV', site: 'right arm', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    expect(visitIn(room.host.room(), visitId).injection.surplusMg).toBe(20);

    const before = room.ledger().length;
    const waste = async (witnessId: string) => refusedWith(await nurseActs({ type: 'recordWaste', visitId, wastedMg: 20, witnessId, nursePin: demo.nurse.pin, witnessPin: pinOf(witnessId) }));
    expect(await waste(nurse)).toBe('witnessIsActor');
    expect(await waste('demo-staff-nurse-2')).toBe('witnessNotSignedIn');
    expect(await waste('demo-staff-prescriber')).toBe('witnessRoleNotAllowed');
    expect(room.ledger()).toHaveLength(before);
    // The surplus is still owed to the register: the visit cannot be closed around it.
    expect(refusedWith(await nurseActs({ type: 'endVisit', visitId, reason: 'left during observation', note: null })))
      .toBe('doseUnaccounted');

    const register = (await report(room.host, nurse, 'register')).sections[0]?.lines ?? [];
    expect(register.filter((line) => line.kind === 'waste')).toEqual([]);

    accepted(await nurseActs({ type: 'recordWaste', visitId, wastedMg: 20, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    const wasteLines = ((await report(room.host, nurse, 'register')).sections[0]?.lines ?? []).filter((line) => line.kind === 'waste');
    expect(wasteLines).toEqual([expect.objectContaining({ outMg: 20, recordedBy: 'Aisha Khan', witnessedBy: 'Tom Reid' })]);
    const wasteEvents = eventsOfType(room, 'surplusWasted');
    expect(wasteEvents.map((row) => [row.actor_staff_id, row.witness_staff_id])).toEqual([[nurse, hca]]);
  });

  it('never reads back as witnessed when no witness was recorded: every waste line names its witness from the ledger', async () => {
    const room = await kiosk();
    const { nurse, hca, nurse2, nurseActs } = await staffOn(room.host);
    const dose = await doseUpToObservation(nurseActs, people.mags, { witnessId: nurse2, drawnMg: 200, administeredMg: 170, route: 'IV', site: 'left arm' });
    await observeAndDischarge(nurseActs, room.clock, dose);
    await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120, administeredMg: 100 });
    const witnessesInLedger = new Map(eventsOfType(room, 'surplusWasted').map((row) => [row.seq, row.witness_staff_id]));
    const wasteLines = ((await report(room.host, nurse, 'register')).sections[0]?.lines ?? []).filter((line) => line.kind === 'waste');
    // Dee's 120 mg opened two 100 mg ampoules: the 80 mg left in them was destroyed at preparation, witnessed too.
    expect(wasteLines.map((line) => [line.outMg, line.witnessedBy])).toEqual([[30, 'Priya Nair'], [80, 'Tom Reid'], [20, 'Tom Reid']]);
    for (const line of wasteLines) expect(witnessesInLedger.get(line.seq)).not.toBeNull();
  });
});

describe('the overdose response', () => {
  it('starts by one touch from check-in; a second touch opens no second response; naloxone twice; then the outcome', async () => {
    const room = await kiosk();
    const { nurse, hcaActs, nurseActs, prescriberActs } = await staffOn(room.host);
    const visitId = accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await hcaActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 2 }));
    accepted(await nurseActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    expect(eventsOfType(room, 'overdoseResponseStarted')).toHaveLength(1);

    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    accepted(await prescriberActs({ type: 'recordOxygen', visitId }));
    room.clock.advanceMinutes(3);
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    accepted(await hcaActs({ type: 'recordEmergencyCall', visitId, minutesAgo: 1 }));
    const overdose = visitIn(room.host.room(), visitId).overdose;
    expect(overdose).toMatchObject({
      open: true, noticedAt: '2026-11-23T09:58:00.000Z', oxygenAt: '2026-11-23T10:00:00.000Z',
      emergencyServicesCalledAt: '2026-11-23T10:02:00.000Z',
      naloxone: [
        { givenAt: '2026-11-23T10:00:00.000Z', doseMg: 0.4, route: 'IM', givenBy: 'Aisha Khan' },
        { givenAt: '2026-11-23T10:03:00.000Z', doseMg: 0.4, route: 'IM', givenBy: 'Aisha Khan' },
      ],
    });
    // The ledger keeps who gave each dose by staff id, so a later change of name never rewrites it.
    expect(eventsOfType(room, 'naloxoneGiven').map((row) => [JSON.parse(row.payload).givenBy, row.actor_staff_id]))
      .toEqual([[nurse, nurse], [nurse, nurse]]);
    expect(visitIn(room.host.room(), visitId).dueNext).toBe('Overdose response under way');
    expect(refusedWith(await hcaActs({ type: 'endVisit', visitId, reason: 'transferred to hospital', note: null })))
      .toBe('overdoseResponseOpen');

    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'transferred to hospital', note: 'Ambulance at 10:15' }));
    accepted(await hcaActs({ type: 'endVisit', visitId, reason: 'transferred to hospital', note: null }));
    expect(visitIn(room.host.room(), visitId).outcome?.kind).toBe('ended');
  });

  it('from observation: discharge waits for the outcome and for the minimum time after the last naloxone', async () => {
    const room = await kiosk();
    const { hca, nurseActs, hcaActs } = await staffOn(room.host);
    const visitId = await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200, route: 'IV', site: 'left arm' });
    accepted(await hcaActs(safeObservation(visitId)));
    room.clock.advanceMinutes(5);
    accepted(await hcaActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IN', minutesAgo: 0 })); // 10:05
    room.clock.advanceMinutes(20);
    accepted(await hcaActs(safeObservation(visitId)));
    expect(refusedWith(await nurseActs({ type: 'dischargeVisit', visitId })))
      .toBe('overdoseResponseOpen');
    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }));
    expect(refusedWith(await nurseActs({ type: 'dischargeVisit', visitId })))
      .toBe('observationTimeLeft');
    room.clock.advanceMinutes(40); // 11:05, an hour after the naloxone
    accepted(await hcaActs(safeObservation(visitId)));
    accepted(await nurseActs({ type: 'dischargeVisit', visitId }));
    expect(visitIn(room.host.room(), visitId).outcome?.kind).toBe('discharged');
  });

  it('from the pre-dose check: a person hard to rouse has the dose withheld and the response opened at once', async () => {
    const room = await kiosk();
    const { nurseActs, hcaActs } = await staffOn(room.host);
    const visitId = accepted(await hcaActs({ type: 'startVisit', serviceUserId: people.jay })) ?? '';
    accepted(await hcaActs({ type: 'confirmIdentity', visitId }));
    accepted(await nurseActs(preDoseCheck(visitId, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse in the waiting room' })));
    const view = visitIn(room.host.room(), visitId);
    expect([view.step, view.overdose?.open, view.withheldReason])
      .toEqual(['withheldInResponse', true, 'Hard to rouse in the waiting room']);
    accepted(await hcaActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    expect(eventsOfType(room, 'overdoseResponseStarted')).toHaveLength(0); // opened by the pre-dose check itself
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }));
    expect(visitIn(room.host.room(), visitId).outcome).toMatchObject({ kind: 'doseWithheld' });
  });
});

describe('enrolling people', () => {
  it('enrols a member of staff who can then sign in by badge and PIN; a badge already in use is refused; the PIN is never stored', async () => {
    const room = await kiosk();
    const { leadActs, nurseActs } = await staffOn(room.host);
    const pin = '73914682';
    const enrol = {
      type: 'enrolStaff', staffId: null, displayName: 'Jo Bloggs', role: 'hca', badgeNumber: 'H2002', pin, active: true,
    } as const;
    expect(refusedWith(await nurseActs(enrol))).toBe('roleNotAllowed');
    accepted(await leadActs(enrol));
    const jo = await signIn(room.host, { badgeNumber: 'H2002', pin });
    expect(room.host.room().staffOnDuty.find((card) => card.id === jo)).toMatchObject({ displayName: 'Jo Bloggs', role: 'hca' });
    accepted(await ask(room.host, { type: 'startVisit', serviceUserId: people.dee }, jo));

    const before = room.ledger().length;
    expect(refusedWith(await leadActs({ ...enrol, displayName: 'Someone Else', badgeNumber: 'N1001' }))).toBe('badgeTaken');
    expect(room.ledger()).toHaveLength(before);

    expect(room.fileBytes().includes(Buffer.from(pin))).toBe(false);
    const enrolled = eventsOfType(room, 'staffEnrolled').at(-1);
    expect(JSON.parse(enrolled?.payload ?? '{}').pinHash).toMatch(/^\$argon2id\$/);

    // Leaving: marked inactive, signed out at once, and the badge no longer opens the kiosk.
    accepted(await leadActs({ ...enrol, staffId: jo, pin: null, active: false }));
    expect(room.host.room().staffOnDuty.map((card) => card.id)).not.toContain(jo);
    expect(refusedWith(await ask(room.host, { type: 'signIn', badgeNumber: 'H2002', pin })))
      .toBe('signInRefused');
  });

  it('enrols a service user who, once prescribed for, waits to be checked in', async () => {
    const room = await kiosk();
    const { leadActs, prescriber, prescriberActs, hcaActs } = await staffOn(room.host);
    accepted(await leadActs({
      type: 'enrolServiceUser', serviceUserId: null, preferredName: 'Robbie', legalName: 'Robert Ward', dateOfBirth: '1981-05-05',
      photo: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', alcoholMonitoring: false, handoverNote: 'Prefers mornings',
    }));
    const robbie = (await report(room.host, prescriber, 'serviceUsers')).people.find((person) => person.preferredName === 'Robbie');
    expect(robbie).toMatchObject({ legalName: 'Robert Ward', prescriptions: [], paused: 'No prescription in force today.' });
    expect(waitingCard(room.host.room(), 'Robbie')).toBeUndefined();

    accepted(await prescriberActs({
      type: 'issuePrescription', serviceUserId: robbie?.serviceUserId ?? '', drug: 'diamorphine', allowedForms: ['powder for injection'],
      strengthMgPerMl: 100, dosePerSessionMg: 80, sessionsPerDay: 2, routes: ['IV'], reducedDoseRange: null, startsOn: '2026-11-23', endsOn: null,
    }));
    expect(waitingCard(room.host.room(), 'Robbie')).toMatchObject({ initial: 'W', paused: null });
    accepted(await hcaActs({ type: 'startVisit', serviceUserId: robbie?.serviceUserId ?? '' }));
  });
});

describe('prescriptions', () => {
  it('applies a change to the visit already open, before preparation, and to the next', async () => {
    const room = await kiosk();
    const { nurseActs, hca, prescriberActs } = await staffOn(room.host);
    const open = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await prescriberActs({
      type: 'changePrescription', prescriptionId: 'demo-su-3-rx-1', allowedForms: [...demoAllowedForms], dosePerSessionMg: 100, sessionsPerDay: 2, routes: ['IM'],
      reducedDoseRange: null, endsOn: null, reason: 'Reducing at his request',
    }));
    // The open visit shows the dose in force now, and says what changed.
    expect(visitIn(room.host.room(), open).prescription.dosePerSessionMg).toBe(100);
    expect(visitIn(room.host.room(), open).dosing.prescriptionChange).toMatch(/now 100 mg \(was 120 mg\)/);
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: open }));
    accepted(await nurseActs(preDoseCheck(open)));
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: open, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }))).toBe('overDoseTarget');
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: open, drawnMg: 100, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    accepted(await nurseActs({ type: 'recordAdministration', visitId: open, administeredMg: 100, route: 'IM', site: 'left thigh', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    await observeAndDischarge(nurseActs, room.clock, open);

    room.clock.advanceMinutes(200); // the afternoon, more than 3 hours later
    const next = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    expect(visitIn(room.host.room(), next).prescription.dosePerSessionMg).toBe(100);
    expect(visitIn(room.host.room(), next).dosing.prescriptionChange).toBeNull();
  });

  it('stops check-in once suspended', async () => {
    const room = await kiosk();
    const { hcaActs, prescriberActs, prescriber } = await staffOn(room.host);
    accepted(await prescriberActs({ type: 'suspendPrescription', prescriptionId: 'demo-su-2-rx-1', reason: 'Admitted to hospital' }));
    expect(refusedWith(await hcaActs({ type: 'startVisit', serviceUserId: people.mags })))
      .toBe('noPrescription');
    expect(waitingCard(room.host.room(), 'Mags')).toBeUndefined();
    const mags = (await report(room.host, prescriber, 'serviceUsers')).people.find((person) => person.preferredName === 'Mags');
    expect(mags?.prescriptions.map((rx) => rx.status)).toEqual(['suspended']);
  });

  it('stops a visit already open once suspended: no dose is prepared, and what was drawn up is not given', async () => {
    const room = await kiosk();
    const { nurseActs, prescriberActs, hca } = await staffOn(room.host);
    const mags = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: mags }));
    accepted(await nurseActs(preDoseCheck(mags)));
    const dee = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: dee }));
    accepted(await nurseActs(preDoseCheck(dee)));
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: dee, drawnMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    accepted(await prescriberActs({ type: 'suspendPrescription', prescriptionId: 'demo-su-2-rx-1', reason: 'A&E reports an overdose last night' }));
    accepted(await prescriberActs({ type: 'suspendPrescription', prescriptionId: 'demo-su-3-rx-1', reason: 'Admitted to hospital' }));
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: mags, drawnMg: 200, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }))).toBe('prescriptionStopped');
    expect(refusedWith(await nurseActs({ type: 'recordAdministration', visitId: dee, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }))).toBe('prescriptionStopped');
    accepted(await nurseActs({ type: 'recordWaste', visitId: dee, wastedMg: 120, witnessId: hca, nursePin: demo.nurse.pin, witnessPin: pinOf(hca) }));
    expect(eventsOfType(room, 'doseAdministered')).toHaveLength(0);
    // A second check-in from another screen is pointed at the visit still open, not told of the prescription.
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))).toBe('openVisitExists');
  });

  it('keeps a withheld dose withheld for the session: checking the person in again is refused', async () => {
    const room = await kiosk();
    const { nurseActs, nurse2 } = await staffOn(room.host);
    const first = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: first }));
    accepted(await nurseActs({ ...preDoseCheck(first), sedation: '3', decision: 'withhold', reason: 'Drifting off mid-sentence' }));
    room.clock.advanceMinutes(20);
    expect(refusedWith(await as(room.host, nurse2)({ type: 'startVisit', serviceUserId: people.mags })))
      .toBe('withheldThisSession');
    expect(waitingCard(room.host.room(), 'Mags')?.paused).toBe('Not this session');
  });

  it('starts the overdose response even for a screen whose acting person has just signed out', async () => {
    const room = await kiosk();
    const { nurseActs, hca } = await staffOn(room.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await as(room.host, hca)({ type: 'signOut', staffId: hca }));
    accepted(await as(room.host, hca)({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    const started = eventsOfType(room, 'overdoseResponseStarted');
    expect(started.map((row) => row.actor_staff_id)).toEqual([null]);
  });

  it('refuses a second prescription over the same dates, and terms the site does not allow', async () => {
    const room = await kiosk();
    const { prescriberActs } = await staffOn(room.host);
    const issue: IntentionOf<'issuePrescription'> = {
      type: 'issuePrescription', serviceUserId: people.mags, drug: 'diamorphine', allowedForms: ['powder for injection'], strengthMgPerMl: 100,
      dosePerSessionMg: 200, sessionsPerDay: 2, routes: ['IV'], reducedDoseRange: null, startsOn: '2026-11-25', endsOn: null,
    };
    expect(refusedWith(await prescriberActs(issue)))
      .toBe('prescriptionOverlaps');
    expect(refusedWith(await prescriberActs({ ...issue, serviceUserId: people.kez, dosePerSessionMg: 600, routes: ['SC'] })))
      .toBe('prescriptionTermsRefused');
  });
});

describe('site rules', () => {
  it('a change is a new version, in force only once someone other than its author approves it', async () => {
    const room = await kiosk();
    const { lead, leadActs, nurseActs, prescriberActs } = await staffOn(room.host);
    // No version ever approved: the latest adopted is in force, under the banner.
    expect([room.host.room().rulesNotApproved, room.host.room().rulesVersion]).toEqual([true, 1]);
    // Version 1 came with the clinic (adopted by nobody at this kiosk): the lead may approve it.
    accepted(await leadActs({ type: 'approveSiteRules', version: 1 }));
    expect(room.host.room().rulesNotApproved).toBe(false);

    accepted(await leadActs({ type: 'changeSiteRules', rules: rulesDraft((draft) => { draft.observation.minimumMinutes = 15; }) }));
    // Version 1 stays in force; version 2 waits for a second person.
    expect(room.host.room()).toMatchObject({ rulesNotApproved: false, rulesVersion: 1, rulesAwaitingApproval: 2 });
    expect(refusedWith(await nurseActs({ type: 'approveSiteRules', version: 2 })))
      .toBe('roleNotAllowed');
    expect(refusedWith(await leadActs({ type: 'approveSiteRules', version: 1 })))
      .toBe('siteRulesVersionStale');
    expect(refusedWith(await leadActs({ type: 'approveSiteRules', version: 2 })))
      .toBe('siteRulesOwnChange');
    accepted(await prescriberActs({ type: 'approveSiteRules', version: 2 }));
    expect(room.host.room()).toMatchObject({ rulesNotApproved: false, rulesVersion: 2, rulesAwaitingApproval: null });

    const rules = await report(room.host, lead, 'siteRules');
    expect(rules.current).toMatchObject({ version: 2, approvedBy: 'Dr Okafor', observation: { minimumMinutes: 15 } });
    expect(rules.awaitingApproval).toBeNull();
    expect(rules.history).toEqual([
      expect.objectContaining({ version: 2, adoptedBy: 'Sam Lee', approvedBy: 'Dr Okafor', inForce: true }),
      expect.objectContaining({ version: 1, approvedBy: 'Sam Lee', inForce: false }),
    ]);
  });

  it('refuses an invalid draft with a sentence saying what is wrong, and writes nothing', async () => {
    const room = await kiosk();
    const { leadActs } = await staffOn(room.host);
    const before = room.ledger().length;
    const invalid = rulesDraft((draft) => { draft.breathAlcohol.reviewAtOrAbove = 30; });
    expect(await leadActs({ type: 'changeSiteRules', rules: invalid })).toMatchObject({
      ok: false, code: 'siteRulesRefused', reason: expect.stringContaining('review threshold must not be above the withhold threshold'),
    });
    // Only a clinic lead hears what is wrong with a draft; anyone else is told whose step it is.
    expect(refusedWith(await as(room.host, await signIn(room.host, demo.nurse))({ type: 'changeSiteRules', rules: invalid })))
      .toBe('roleNotAllowed');
    expect(room.ledger()).toHaveLength(before);
    expect(room.host.room().rulesVersion).toBe(1);
  });
});

describe('reports', () => {
  it('lists today\'s doses, and withheld doses with their reason', async () => {
    const room = await kiosk();
    const { hca, nurseActs } = await staffOn(room.host);
    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120, site: 'right thigh' }));
    const mags = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: mags }));
    accepted(await nurseActs(preDoseCheck(mags, { intoxicationSigns: true, decision: 'withhold', reason: 'Unsteady and slurring' })));

    const doses = await report(room.host, hca, 'todaysDoses');
    expect(doses.clinicDay).toBe('2026-11-23');
    expect(doses.doses).toEqual([expect.objectContaining({ preferredName: 'Dee', session: 'Morning', administeredMg: 120, wastedMg: 0, route: 'IM' })]);
    expect(doses.withheld).toEqual([{ at: '2026-11-23T10:20:00.000Z', preferredName: 'Mags', reason: 'Unsteady and slurring' }]);
    expect(await report(room.host, hca, 'todaysDoses', '2026-11-22')).toMatchObject({ doses: [], withheld: [] });
  });
});

