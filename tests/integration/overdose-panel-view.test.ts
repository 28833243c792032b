/**
 * What the host sends for the overdose panel and the sounds, through the real host on a clock the
 * test moves: when the next naloxone dose is due at the site's interval, that naloxone was given
 * for the rest of the visit, and the per-visit states a screen sounds on (a locked screen too).
 */
import { describe, expect, it } from 'vitest';
import type { Host } from '../../main/host/host.js';
import type { IntentionOf, RoomView } from '../../shared/contract/index.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { accepted, ask, as, demo, signIn } from '../support/host-session.js';
import { doseUpToObservation, people, safeObservation } from '../support/test-kiosk.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';

const kiosk = kioskPerTest();

async function staffOn(host: Host) {
  const nurse = await signIn(host, demo.nurse);
  const hca = await signIn(host, demo.hca);
  const lead = await signIn(host, demo.lead);
  return { hca, nurseActs: as(host, nurse), hcaActs: as(host, hca), leadActs: as(host, lead) };
}

const visitIn = (room: RoomView, visitId: string) => {
  const visit = room.visits.find((candidate) => candidate.visitId === visitId);
  if (!visit) throw new Error(`Visit ${visitId} is not on the room board`);
  return visit;
};

const { version: _version, approvedBy: _approvedBy, ...defaultDraft } = defaultSiteRules;

function rulesWith(change: (draft: IntentionOf<'changeSiteRules'>['rules']) => void): IntentionOf<'changeSiteRules'>['rules'] {
  const draft = structuredClone(defaultDraft);
  change(draft);
  return draft;
}

describe('the next naloxone dose', () => {
  it('is due the site\'s interval after the latest dose, and not at all before the first or after the outcome', async () => {
    const k = await kiosk();
    const { nurseActs } = await staffOn(k.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await nurseActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    expect(visitIn(k.host.room(), visitId).overdose).toMatchObject({ naloxoneRepeatMinutes: 3, nextNaloxoneDueAt: null });

    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 })); // 10:00
    expect(visitIn(k.host.room(), visitId).overdose?.nextNaloxoneDueAt).toBe('2026-11-23T10:03:00.000Z');
    k.clock.advanceMinutes(4);
    // Entered late, given 2 min ago: the next is due 3 min after 10:02, not after 10:04.
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 2 }));
    expect(visitIn(k.host.room(), visitId).overdose?.nextNaloxoneDueAt).toBe('2026-11-23T10:05:00.000Z');

    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }));
    expect(visitIn(k.host.room(), visitId).overdose).toMatchObject({ open: false, nextNaloxoneDueAt: null });
  });

  it('follows the site\'s naloxone interval', async () => {
    const k = await kiosk();
    const { nurseActs, leadActs } = await staffOn(k.host);
    accepted(await leadActs({ type: 'changeSiteRules', rules: rulesWith((draft) => { draft.overdose.naloxoneRepeatMinutes = 5; }) }));
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 1.8, route: 'IN', minutesAgo: 0 }));
    expect(visitIn(k.host.room(), visitId).overdose).toMatchObject({ naloxoneRepeatMinutes: 5, nextNaloxoneDueAt: '2026-11-23T10:05:00.000Z' });
  });
});

describe('naloxone given, for the rest of the visit', () => {
  it('is absent before any naloxone, and counts every dose once the response has closed', async () => {
    const k = await kiosk();
    const { nurseActs } = await staffOn(k.host);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.dee })) ?? '';
    accepted(await nurseActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    expect(visitIn(k.host.room(), visitId).naloxoneGiven).toBeNull();
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    k.clock.advanceMinutes(3);
    accepted(await nurseActs({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }));
    accepted(await nurseActs({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }));
    k.clock.advanceMinutes(30);
    expect(visitIn(k.host.room(), visitId).naloxoneGiven).toEqual({ doses: 2, lastAt: '2026-11-23T10:03:00.000Z' });
  });
});

describe('the states a screen sounds on', () => {
  it('says when an observation becomes overdue, when a red flag is recorded and while a response is open', async () => {
    const k = await kiosk();
    const { hca, nurseActs, hcaActs } = await staffOn(k.host);
    const visitId = await doseUpToObservation(nurseActs, people.mags, { witnessId: hca, drawnMg: 200, route: 'IV', site: 'left arm' });
    const states = () => visitIn(k.host.room(), visitId).alertStates;
    expect(states()).toEqual({ observationOverdue: false, redFlagRecordedAt: null, overdoseStartedAt: null });

    // The first observation is due at once; the site allows 2 min before it is overdue.
    k.clock.advanceMinutes(3);
    expect(states().observationOverdue).toBe(true);
    accepted(await hcaActs(safeObservation(visitId)));
    expect(states().observationOverdue).toBe(false);

    accepted(await hcaActs({ type: 'recordObservation', visitId, sedation: '3', respiratoryRate: 8, oxygenSaturation: 90 }));
    expect(states().redFlagRecordedAt).toBe('2026-11-23T10:03:00.000Z');

    accepted(await hcaActs({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }));
    // The open response has its own sound: it is not also an overdue observation.
    expect(states()).toEqual({ observationOverdue: false, redFlagRecordedAt: '2026-11-23T10:03:00.000Z', overdoseStartedAt: '2026-11-23T10:03:00.000Z' });
  });

  it('reach a locked screen under the visit\'s label, with no name, and carry the site\'s sounds', async () => {
    const k = await kiosk();
    const { nurseActs, leadActs } = await staffOn(k.host);
    accepted(await leadActs({ type: 'changeSiteRules', rules: rulesWith((draft) => { draft.alertSounds.redFlagRecorded = 'off'; }) }));
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    accepted(await ask(k.host, { type: 'lockScreen' }, null));
    accepted(await ask(k.host, { type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }, null));
    const room = k.host.room();
    expect(room.locked?.visitAlerts).toEqual([
      { visitId, label: 'Visit 1', observationOverdue: false, redFlagRecordedAt: null, overdoseStartedAt: '2026-11-23T10:00:00.000Z' },
    ]);
    expect(room.alertSounds).toEqual({ observationOverdue: 'chime', redFlagRecorded: 'off', overdoseResponseStarted: 'urgent' });
    expect(JSON.stringify(room)).not.toContain('Mags');
  });
});
