/**
 * Clinical safety when time passes and rules change (docs/safety-case.md): the host driven
 * directly on a clock the test moves, with site rules and prescriptions changed between steps.
 * Every dose-critical rule must hold at the moment of the step it guards, not only at check-in.
 * November in London is GMT, so the UTC times below are the wall-clock times.
 */
import { demoAllowedForms, demoProducts } from '../../main/demo/demo-clinic.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/host.js';
import type { IntentionOf, VisitView } from '../../shared/contract/index.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { accepted, as, demo, refusedWith, signIn } from '../support/host-session.js';
import {
  visitStepPins, doseUpToObservation, observeAndDischarge, openTestKiosk, people, preDoseCheck, report, safeObservation, type TestKiosk,
} from '../support/test-kiosk.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function kiosk(start: string, breathResult: string | null = null): Promise<TestKiosk> {
  const opened = await openTestKiosk({ start, breathResult });
  cleanups.push(() => opened.close());
  return opened;
}

async function staffOn(host: Host) {
  const ids = {
    nurse: await signIn(host, demo.nurse), hca: await signIn(host, demo.hca),
    prescriber: await signIn(host, demo.prescriber), lead: await signIn(host, demo.lead),
  };
  return { ...ids, nurseActs: as(host, ids.nurse), prescriberActs: as(host, ids.prescriber), leadActs: as(host, ids.lead) };
}

type Draft = IntentionOf<'changeSiteRules'>['rules'];

/** The rules in force as the site rules page shows them, changed, as a clinic lead would send them. */
async function changedRules(host: Host, leadId: string, change: (draft: Draft) => void): Promise<Draft> {
  const { current } = await report(host, leadId, 'siteRules');
  const { version: _version, approvedBy: _approvedBy, ...draft } = structuredClone(current);
  change(draft);
  return draft;
}

function visitOf(host: Host, visitId: string): VisitView {
  const visit = host.room().visits.find((candidate) => candidate.visitId === visitId);
  if (!visit) throw new Error(`Visit ${visitId} is not on the board`);
  return visit;
}

async function checkedInAndChecked(act: (intention: IntentionOf<'startVisit'> | IntentionOf<'confirmIdentity'> | IntentionOf<'recordPreDoseCheck'>) => Promise<import('../../shared/contract/index.js').Reply>, serviceUserId: string): Promise<string> {
  const visitId = accepted(await act({ type: 'startVisit', serviceUserId }));
  if (!visitId) throw new Error('no visit');
  accepted(await act({ type: 'confirmIdentity', visitId }));
  accepted(await act(preDoseCheck(visitId)));
  return visitId;
}

describe('a visit is bound to the session it was checked in for', () => {
  it('a dose within the grace time counts for the session checked in for; past it the visit cannot be dosed and says so', async () => {
    const room = await kiosk('2026-11-23T12:25:00.000Z');
    const { nurseActs, hca } = await staffOn(room.host);
    // Checked in at 12:25, in the Morning; dosed at 12:35, inside the 30 min grace time.
    const dee = await checkedInAndChecked(nurseActs, people.dee);
    // Mags, checked in at 12:25 too, will wait too long.
    const mags = await checkedInAndChecked(nurseActs, people.mags);
    room.clock.advanceMinutes(10);
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: dee, drawnMg: 120, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
    accepted(await nurseActs({
      type: 'recordAdministration', visitId: dee, administeredMg: 120, route: 'IM', site: 'left thigh', witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca),
    }));
    await observeAndDischarge(nurseActs, room.clock, dee);
    // The afternoon still waits for the minimum interval from 12:35.
    room.clock.advanceMinutes(10); // 13:05
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.dee }))).toBe('tooSoonAfterLastDose');

    // For Mags, at 13:05 the Morning's grace time is over.
    const view = visitOf(room.host, mags);
    expect(view.dosing.blocked).toMatch(/Morning session closed at 12:30 and its 30 min grace time ended at 13:00/);
    expect(view.dosing.endVisitSuggested).toBe(true);
    const before = room.ledger().length;
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: mags, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))).toBe('sessionOver');
    expect(room.ledger()).toHaveLength(before);
    accepted(await nurseActs({ type: 'endVisit', visitId: mags, reason: 'other', note: 'Session over: checked in again' }));
    // Checked in again, the visit is for the Afternoon session open now.
    const again = await checkedInAndChecked(nurseActs, people.mags);
    expect(visitOf(room.host, again).session).toMatch(/^Afternoon/);
  });

  it('a visit left open overnight cannot be dosed the next morning, nor at 02:00, nor at 19:20', async () => {
    const room = await kiosk('2026-11-23T17:50:00.000Z');
    const { nurseActs, hca } = await staffOn(room.host);
    const visitId = await checkedInAndChecked(nurseActs, people.mags);
    for (const minutes of [90, 420, 370]) { // 19:20, 02:20, 08:30 next day
      room.clock.advanceMinutes(minutes);
      expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))).toBe('sessionOver');
    }
    expect(room.ledger().filter((event) => event.type === 'dosePrepared')).toEqual([]);
  });

  it('a dose drawn up when the grace time runs out is not given: it is wasted whole, witnessed', async () => {
    const room = await kiosk('2026-11-23T12:20:00.000Z');
    const { nurseActs, hca } = await staffOn(room.host);
    const visitId = await checkedInAndChecked(nurseActs, people.mags);
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
    room.clock.advanceMinutes(45); // 13:05
    expect(refusedWith(await nurseActs({
      type: 'recordAdministration', visitId, administeredMg: 200, route: 'IM', site: 'left thigh', witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca),
    }))).toBe('sessionOver');
    accepted(await nurseActs({ type: 'recordWaste', visitId, wastedMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
    accepted(await nurseActs({ type: 'endVisit', visitId, reason: 'other', note: 'Session over before the dose' }));
    expect(room.ledger().filter((event) => event.type === 'doseAdministered')).toEqual([]);
  });
});

describe('sessions keep their identity when the windows change', () => {
  it('adding an Early window does not undo a withhold: the person is still withheld this session', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs, leadActs, lead } = await staffOn(room.host);
    const visitId = await (async () => {
      const id = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }));
      if (!id) throw new Error('no visit');
      accepted(await nurseActs({ type: 'confirmIdentity', visitId: id }));
      accepted(await nurseActs(preDoseCheck(id, { intoxicationSigns: true, decision: 'withhold', reason: 'Signs of intoxication' })));
      return id;
    })();
    expect(visitOf(room.host, visitId).outcome?.kind).toBe('doseWithheld');
    accepted(await leadActs({
      type: 'changeSiteRules',
      rules: await changedRules(room.host, lead, (draft) => { draft.sessions.windows.unshift({ name: 'Early', opensAt: '06:00', closesAt: '08:00' }); }),
    }));
    room.clock.advanceMinutes(10);
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))).toBe('withheldThisSession');
  });

  it('splitting the morning does not open a second session inside the first', async () => {
    const room = await kiosk('2026-11-23T08:00:00.000Z');
    const { nurseActs, leadActs, lead, hca } = await staffOn(room.host);
    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 }));
    accepted(await leadActs({
      type: 'changeSiteRules',
      rules: await changedRules(room.host, lead, (draft) => {
        draft.sessions.windows = [
          { ...draft.sessions.windows[0]!, closesAt: '10:00' },
          { name: 'Late morning', opensAt: '10:00', closesAt: '12:30' },
          draft.sessions.windows[1]!,
        ];
      }),
    }));
    room.clock.advanceMinutes(160); // 11:00, three hours after the dose
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))).toBe('dosedThisSession');
  });

  it('a session that closed today is judged by its window then: narrowing it after it closed counts no miss', async () => {
    const room = await kiosk('2026-11-23T09:00:00.000Z');
    const { nurseActs, leadActs, lead, hca, prescriber } = await staffOn(room.host);
    await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 }));
    room.clock.advanceMinutes(220); // 13:00, the morning closed at 12:30
    accepted(await leadActs({
      type: 'changeSiteRules', rules: await changedRules(room.host, lead, (draft) => { draft.sessions.windows[0]!.opensAt = '10:00'; }),
    }));
    accepted(await as(room.host, prescriber)({ type: 'approveSiteRules', version: 2 }));
    const missed = await report(room.host, lead, 'missedSessions');
    expect(missed.people.find((person) => person.serviceUserId === people.mags)).toMatchObject({ consecutiveMissed: 0, missed: [] });
  });

  it('past days are judged by the windows in force on them: narrowing blocks nobody who came, widening lifts no block', async () => {
    const room = await kiosk('2026-11-23T09:00:00.000Z');
    const { nurseActs, leadActs, lead, hca, prescriber } = await staffOn(room.host);
    // Kez is paused for missed sessions; Mags comes at 09:00 every morning and 13:00 every afternoon.
    for (let day = 0; day < 2; day += 1) {
      await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 }));
      room.clock.advanceMinutes(220); // 13:00
      await observeAndDischarge(nurseActs, room.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 }));
      room.clock.advanceMinutes(24 * 60 - 260); // 09:00 next day
    }
    const rulesNow = (change: (draft: Draft) => void) => changedRules(room.host, lead, change);
    // Narrowed to 10:00-12:30 and 14:00-18:00, approved by the prescriber: the visits at 09:00 and 13:00 fall outside.
    accepted(await leadActs({
      type: 'changeSiteRules',
      rules: await rulesNow((draft) => { draft.sessions.windows[0]!.opensAt = '10:00'; draft.sessions.windows[1]!.opensAt = '14:00'; }),
    }));
    accepted(await as(room.host, prescriber)({ type: 'approveSiteRules', version: 2 }));
    room.clock.advanceMinutes(60); // 10:00 on day 3
    accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }));
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.kez }))).toBe('missedSessionsBlock');
    // Widened to the whole day: Kez's misses stay misses.
    accepted(await leadActs({
      type: 'changeSiteRules',
      rules: await rulesNow((draft) => { draft.sessions.windows[0]!.opensAt = '00:00'; }),
    }));
    accepted(await as(room.host, prescriber)({ type: 'approveSiteRules', version: 3 }));
    expect(refusedWith(await nurseActs({ type: 'startVisit', serviceUserId: people.kez }))).toBe('missedSessionsBlock');
  });
});

describe('a change to approved site rules waits for a second person', () => {
  it('is not in force until another lead or a prescriber approves it, and its author cannot approve it', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { leadActs, lead, prescriberActs } = await staffOn(room.host);
    // Before any approval the latest adopted version is in force, under the banner.
    expect(room.host.room()).toMatchObject({ rulesVersion: 1, rulesNotApproved: true });
    accepted(await prescriberActs({ type: 'approveSiteRules', version: 1 }));
    expect(room.host.room()).toMatchObject({ rulesVersion: 1, rulesNotApproved: false, rulesAwaitingApproval: null });
    accepted(await leadActs({ type: 'changeSiteRules', rules: await changedRules(room.host, lead, (draft) => { draft.dosing.maximumDailyMg = 300; }) }));
    expect(room.host.room()).toMatchObject({ rulesVersion: 1, rulesAwaitingApproval: 2 });
    expect((await report(room.host, lead, 'siteRules')).current.dosing.maximumDailyMg).toBe(defaultSiteRules.dosing.maximumDailyMg);
    expect(refusedWith(await leadActs({ type: 'approveSiteRules', version: 2 }))).toBe('siteRulesOwnChange');
    accepted(await prescriberActs({ type: 'approveSiteRules', version: 2 }));
    expect(room.host.room()).toMatchObject({ rulesVersion: 2, rulesAwaitingApproval: null });
    expect((await report(room.host, lead, 'siteRules')).current.dosing.maximumDailyMg).toBe(300);
  });

  it('a daily maximum lowered and approved after check-in applies at the dose', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs, leadActs, lead, prescriberActs, hca } = await staffOn(room.host);
    accepted(await prescriberActs({ type: 'approveSiteRules', version: 1 }));
    const visitId = await checkedInAndChecked(nurseActs, people.mags);
    accepted(await leadActs({ type: 'changeSiteRules', rules: await changedRules(room.host, lead, (draft) => { draft.dosing.maximumDailyMg = 150; }) }));
    // Not yet approved: the old maximum still stands, so the view still allows the full dose.
    expect(visitOf(room.host, visitId).injection.maximumDrawMg).toBe(200);
    accepted(await prescriberActs({ type: 'approveSiteRules', version: 2 }));
    // Approved: the screen shows the new most that may be drawn up before the tap.
    expect(visitOf(room.host, visitId).injection.maximumDrawMg).toBe(150);
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))).toBe('overDailyMaximum');
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 150, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
  });
});

describe('after naloxone', () => {
  it('a visit withheld at sedation 4 stays open for the observation after naloxone, whatever outcome is recorded', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs } = await staffOn(room.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))!;
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    accepted(await nurseActs(preDoseCheck(visitId, { sedation: '4', decision: 'withhold', reason: 'Hard to rouse' })));
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    room.clock.advanceMinutes(2);
    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }));
    expect(visitOf(room.host, visitId)).toMatchObject({ step: 'withheldInResponse', endReasons: ['transferred to hospital', 'left against advice'] });
    expect(refusedWith(await nurseActs({ type: 'dischargeVisit', visitId }))).toBe('observationTimeLeft');
    expect(refusedWith(await nurseActs({ type: 'endVisit', visitId, reason: 'declined dose', note: null }))).toBe('observationAfterResponseNeeded');
    room.clock.advanceMinutes(58); // 60 min after the naloxone
    expect(refusedWith(await nurseActs({ type: 'dischargeVisit', visitId }))).toBe('observationNeeded');
    accepted(await nurseActs(safeObservation(visitId)));
    accepted(await nurseActs({ type: 'dischargeVisit', visitId }));
    expect(room.host.room().visits.some((visit) => visit.visitId === visitId && visit.stage !== 'closed')).toBe(false);
    expect(room.ledger().filter((event) => event.visit_id === visitId).map((event) => event.type).at(-1)).toBe('visitDischarged');
  });

  it('no diamorphine in the visit or the session after naloxone unless a prescriber decides so', async () => {
    const room = await kiosk('2026-11-23T09:00:00.000Z');
    const { nurseActs, hca, prescriber } = await staffOn(room.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))!;
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }));
    room.clock.advanceMinutes(3);
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    accepted(await nurseActs(preDoseCheck(visitId)));
    expect(visitOf(room.host, visitId).dosing.naloxoneDecisionNeeded).toBe(true);
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))).toBe('naloxoneGivenThisSession');
    // The person leaves against advice, comes back the same session: the next visit shows it, and still gives no dose.
    accepted(await nurseActs({ type: 'endVisit', visitId, reason: 'left against advice', note: null }));
    room.clock.advanceMinutes(5);
    const next = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))!;
    expect(visitOf(room.host, next).cautions.join(' ')).toMatch(/left against advice/);
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: next }));
    accepted(await nurseActs(preDoseCheck(next)));
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: next, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))).toBe('naloxoneGivenThisSession');
    expect(refusedWith(await nurseActs({
      type: 'recordPrescriberDecisionAfterNaloxone', visitId: next, prescriberId: hca, reason: 'Fine',
    }))).toBe('notAPrescriber');
    accepted(await nurseActs({
      type: 'recordPrescriberDecisionAfterNaloxone', visitId: next, prescriberId: prescriber, reason: 'Reviewed by phone: the naloxone was given for a faint',
    }));
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId: next, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
  });
});

describe('what the pre-dose check found is kept', () => {
  it('a refused check at sedation 3 is recorded, and the next check this session must answer it', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs } = await staffOn(room.host);
    const first = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))!;
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: first }));
    expect(refusedWith(await nurseActs(preDoseCheck(first, { sedation: '3' })))).toBe('sedationWithholds');
    expect(room.ledger().filter((event) => event.type === 'preDoseFindingsRecorded').map((event) => JSON.parse(event.payload) as unknown))
      .toEqual([expect.objectContaining({ sedation: '3' })]);
    accepted(await nurseActs({ type: 'endVisit', visitId: first, reason: 'other', note: 'Wants to come back later' }));
    room.clock.advanceMinutes(30);
    const second = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags }))!;
    expect(visitOf(room.host, second).cautions.join(' ')).toMatch(/Earlier this session, at 10:00, Aisha Khan found sedation 3/);
    accepted(await nurseActs({ type: 'confirmIdentity', visitId: second }));
    expect(refusedWith(await nurseActs(preDoseCheck(second)))).toBe('earlierFindingNeedsReason');
    accepted(await nurseActs(preDoseCheck(second, { reason: 'Alert now, slept after a night shift; talking clearly' })));
  });
});

describe('a prescription changed after check-in', () => {
  it('a lowered dose reaches the open visit before preparation, and the screen says why', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs, prescriberActs, hca } = await staffOn(room.host);
    const visitId = await checkedInAndChecked(nurseActs, people.mags);
    accepted(await prescriberActs({
      type: 'changePrescription', prescriptionId: 'demo-su-2-rx-1', allowedForms: [...demoAllowedForms], dosePerSessionMg: 160, sessionsPerDay: 2, routes: ['IV', 'IM'],
      reducedDoseRange: null, endsOn: null, reason: 'Drowsy at yesterday\'s review',
    }));
    const view = visitOf(room.host, visitId);
    expect(view.prescription.dosePerSessionMg).toBe(160);
    expect(view.injection.maximumDrawMg).toBe(160);
    expect(view.dosing.prescriptionChange).toMatch(/now 160 mg \(was 200 mg\).*Drowsy at yesterday's review/);
    expect(refusedWith(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }))).toBe('overDoseTarget');
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 160, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
  });

  it('a dose lowered after it was drawn up is not given: it is wasted whole', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs, prescriberActs, hca } = await staffOn(room.host);
    const visitId = await checkedInAndChecked(nurseActs, people.mags);
    accepted(await nurseActs({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
    accepted(await prescriberActs({
      type: 'changePrescription', prescriptionId: 'demo-su-2-rx-1', allowedForms: [...demoAllowedForms], dosePerSessionMg: 160, sessionsPerDay: 2, routes: ['IV', 'IM'],
      reducedDoseRange: null, endsOn: null, reason: 'Lowered after review',
    }));
    expect(refusedWith(await nurseActs({
      type: 'recordAdministration', visitId, administeredMg: 160, route: 'IM', site: 'left thigh', witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca),
    }))).toBe('drawnDoseNoLongerAllowed');
    accepted(await nurseActs({ type: 'recordWaste', visitId, wastedMg: 200, witnessId: hca, ...visitStepPins(demo.nurse.staffId, hca) }));
  });
});

describe('observations after a dose', () => {
  it('an observation past a threshold is a red flag on the visit and its card, brings the next one sooner, and stops discharge', async () => {
    const room = await kiosk('2026-11-23T10:00:00.000Z');
    const { nurseActs, hca } = await staffOn(room.host);
    const visitId = await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200 });
    accepted(await nurseActs(safeObservation(visitId)));
    room.clock.advanceMinutes(20);
    accepted(await nurseActs({ type: 'recordObservation', visitId, sedation: '3', respiratoryRate: 8, oxygenSaturation: 89 }));
    const view = visitOf(room.host, visitId);
    expect(view.redFlags).toEqual(['sedation 3', 'breathing 8/min (under 10)', 'SpO2 89% (under 92%)']);
    expect(view.observation.records.at(-1)?.redFlags).toHaveLength(3);
    expect(view.dueNext).toBe('Red flag: observe again by 10:25');
    expect(view.observation.nextDueAt).toBe('2026-11-23T10:25:00.000Z');
    expect(refusedWith(await nurseActs({ type: 'dischargeVisit', visitId }))).toBe('observationNotSafe');
    room.clock.advanceMinutes(6);
    expect(visitOf(room.host, visitId).overdue).toBe(true);
    accepted(await nurseActs(safeObservation(visitId)));
    accepted(await nurseActs({ type: 'dischargeVisit', visitId }));
  });
});
