/**
 * Who may do what, checked at the host's one door: every intention the contract knows, sent by
 * each role against a real kiosk. A role the matrix does not allow is refused as roleNotAllowed
 * (reportNotAllowed for a report), with words naming the role that may, and nothing is written; a
 * role it allows is never refused for its role (it may still be refused for a clinical reason,
 * which is a different code).
 */
import { demoAllowedForms, demoProducts } from '../../main/demo/demo-clinic.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intentionTypes, reportNames, type Intention, type IntentionOf, type IntentionType } from '../../shared/contract/index.js';
import type { StaffRole } from '../../shared/ledger/reference-events.js';
import type { RefusalCode } from '../../shared/refusals/refusal.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { roleWords, rolesFor, rolesForReport } from '../../shared/staff/permissions.js';
import { accepted, ask, demo, refusedWith, signIn } from '../support/host-session.js';
import { openTestKiosk, people, preDoseCheck, type TestKiosk } from '../support/test-kiosk.js';

const roles: readonly StaffRole[] = ['nurse', 'hca', 'prescriber', 'clinicLead'];
const demoFor: Record<StaffRole, { badgeNumber: string; pin: string; displayName: string }> = {
  nurse: demo.nurse, hca: demo.hca, prescriber: demo.prescriber, clinicLead: demo.lead,
};

interface Ids { actor: string; witness: string; visitId: string; role: StaffRole; actorPin: string; witnessPin: string }

const { version: _version, approvedBy: _approvedBy, ...rulesDraft } = defaultSiteRules;

/** A well-formed example of every intention: a new intention type does not compile until it has one. */
const examples: { [T in IntentionType]: (ids: Ids) => IntentionOf<T> } = {
  signIn: ({ role }) => ({ type: 'signIn', badgeNumber: demoFor[role].badgeNumber, pin: demoFor[role].pin }),
  signOut: ({ actor }) => ({ type: 'signOut', staffId: actor }),
  lockScreen: () => ({ type: 'lockScreen' }),
  unlockStaff: ({ witness }) => ({ type: 'unlockStaff', staffId: witness }),
  startVisit: () => ({ type: 'startVisit', serviceUserId: people.mags }),
  confirmIdentity: ({ visitId }) => ({ type: 'confirmIdentity', visitId }),
  recordPreDoseCheck: ({ visitId }) => preDoseCheck(visitId),
  startBreathTest: ({ visitId }) => ({ type: 'startBreathTest', visitId }),
  cancelBreathTest: ({ visitId }) => ({ type: 'cancelBreathTest', visitId }),
  recordManualBreathReading: ({ visitId, witness }) => ({
    type: 'recordManualBreathReading', visitId, value: 4, unit: 'ug/100ml', device: 'handheld Lion SD-400',
    reason: 'The kiosk breathalyser shows a sensor fault', witnessId: witness,
  }),
  decideBreathReview: ({ visitId }) => ({ type: 'decideBreathReview', visitId, decision: 'proceed', reason: 'Reading is falling' }),
  recordPreparation: ({ visitId, witness, actorPin, witnessPin }) => ({ type: 'recordPreparation', productId: demoProducts.ampoule100mg.productId, visitId, drawnMg: 120, witnessId: witness, nursePin: actorPin, witnessPin }),
  recordAdministration: ({ visitId, witness, actorPin, witnessPin }) => ({
    type: 'recordAdministration', visitId, administeredMg: 110, route: 'IM', site: 'left thigh', witnessId: witness,
    nursePin: actorPin, witnessPin,
  }),
  recordWaste: ({ visitId, witness, actorPin, witnessPin }) => ({ type: 'recordWaste', visitId, wastedMg: 10, witnessId: witness, nursePin: actorPin, witnessPin }),
  recordObservation: ({ visitId }) => ({ type: 'recordObservation', visitId, sedation: '1', respiratoryRate: 14, oxygenSaturation: 97 }),
  withholdDose: ({ visitId }) => ({ type: 'withholdDose', visitId, reason: 'Asked to leave and come back later' }),
  dischargeVisit: ({ visitId }) => ({ type: 'dischargeVisit', visitId }),
  endVisit: ({ visitId }) => ({ type: 'endVisit', visitId, reason: 'left before dose', note: null }),
  startOverdoseResponse: ({ visitId }) => ({ type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 1 }),
  recordNaloxone: ({ visitId }) => ({ type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }),
  recordOxygen: ({ visitId }) => ({ type: 'recordOxygen', visitId }),
  recordRescueBreathing: ({ visitId }) => ({ type: 'recordRescueBreathing', visitId }),
  recordEmergencyCall: ({ visitId }) => ({ type: 'recordEmergencyCall', visitId, minutesAgo: 0 }),
  recordOverdoseOutcome: ({ visitId }) => ({ type: 'recordOverdoseOutcome', visitId, outcome: 'recovered and observed', note: null }),
  // Refused in words for the allowed roles (no naloxone has been given), for their role for the others.
  recordPrescriberDecisionAfterNaloxone: ({ visitId }) => ({
    type: 'recordPrescriberDecisionAfterNaloxone', visitId, prescriberId: demo.prescriber.staffId, reason: 'Reviewed by phone',
  }),
  // No incident is open at a kiosk that works alone: the allowed roles are answered so, the others refused for their role.
  acknowledgeIncident: () => ({ type: 'acknowledgeIncident', incidentId: '0b7e5f4e-8d4e-4a8c-9a57-6a9f3a1e2b11', note: 'Observed for two hours' }),
  enrolStaff: ({ role }) => ({
    type: 'enrolStaff', staffId: null, displayName: `New ${role}`, role: 'nurse', badgeNumber: `NEW${role}`, pin: '4321', active: true,
  }),
  enrolServiceUser: () => ({
    type: 'enrolServiceUser', serviceUserId: null, preferredName: 'Robbie', legalName: 'Robert Ward', dateOfBirth: '1981-05-05',
    photo: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', alcoholMonitoring: false, handoverNote: null,
  }),
  issuePrescription: () => ({
    type: 'issuePrescription', serviceUserId: people.kez, drug: 'diamorphine', allowedForms: ['powder for injection'], strengthMgPerMl: 100,
    dosePerSessionMg: 100, sessionsPerDay: 2, routes: ['IV'], reducedDoseRange: null, startsOn: '2026-11-24', endsOn: null,
  }),
  changePrescription: () => ({
    type: 'changePrescription', prescriptionId: 'demo-su-2-rx-1', allowedForms: [...demoAllowedForms], dosePerSessionMg: 190, sessionsPerDay: 2, routes: ['IV', 'IM'],
    reducedDoseRange: { minMg: 120, maxMg: 170 }, endsOn: null, reason: 'Titrated down at her request',
  }),
  writeHandoverNote: () => ({ type: 'writeHandoverNote', serviceUserId: people.mags, note: 'Housing appointment on Friday' }),
  suspendPrescription: () => ({ type: 'suspendPrescription', prescriptionId: 'demo-su-1-rx-1', reason: 'Admitted to hospital' }),
  clearRetitrationBlock: () => ({ type: 'clearRetitrationBlock', serviceUserId: people.kez, note: 'Seen today; restart at 100 mg' }),
  changeSiteRules: () => ({ type: 'changeSiteRules', rules: rulesDraft }),
  approveSiteRules: () => ({ type: 'approveSiteRules', version: 1 }),
  addControlledDrugProduct: () => ({
    type: 'addControlledDrugProduct', drug: 'diamorphine', form: 'solution for injection', counting: { unit: 'mL', mgPerMl: 100 },
  }),
  recordStockReceipt: ({ witness, actorPin, witnessPin }) => ({
    type: 'recordStockReceipt', productId: demoProducts.ampoule100mg.productId, units: 50, batch: 'B-77', expiresOn: '2028-12-31',
    supplier: 'Hospital pharmacy', reference: 'RX-77', witnessId: witness, actorPin, witnessPin,
  }),
  recordStockCheck: ({ witness, actorPin, witnessPin }) => ({
    type: 'recordStockCheck', productId: demoProducts.ampoule100mg.productId, kind: 'start of day', countedUnits: 100, note: null,
    witnessId: witness, actorPin, witnessPin,
  }),
  correctRegisterEntry: ({ witness, actorPin, witnessPin }) => ({
    type: 'correctRegisterEntry', section: demoProducts.ampoule100mg.productId, entryEventId: 'no-such-entry', rightInMg: 0, rightOutMg: 0,
    reason: 'Entered against the wrong product', witnessId: witness, actorPin, witnessPin,
  }),
  recordStockDestruction: ({ witness, actorPin, witnessPin }) => ({
    type: 'recordStockDestruction', productId: demoProducts.ampoule100mg.productId, from: 'stock', units: 1, reason: 'expired', note: null,
    witness: { kind: 'staff', witnessId: witness, witnessPin }, actorPin,
  }),
  recordPatientReturn: ({ witness, actorPin, witnessPin }) => ({
    type: 'recordPatientReturn', productId: demoProducts.ampoule100mg.productId, serviceUserId: 'no-such-person', units: 1, note: null,
    witnessId: witness, actorPin, witnessPin,
  }),
  authoriseDestructionWitness: ({ witness }) => ({ type: 'authoriseDestructionWitness', staffId: witness, authorised: true }),
  carryRegisterPageForward: ({ witness, actorPin, witnessPin }) => ({
    type: 'carryRegisterPageForward', drug: 'diamorphine', productId: demoProducts.ampoule100mg.productId, countedUnits: 0, note: null,
    witnessId: witness, actorPin, witnessPin,
  }),
  showReport: () => ({ type: 'showReport', report: 'todaysDoses', clinicDay: null }),
  saveRegisterPrintout: () => ({ type: 'saveRegisterPrintout', sectionId: null, from: null, to: null }),
};

// Signing oneself out ends the actor's turn, and locking the screen signs everyone out: they go last.
const walkOrder: IntentionType[] = [...intentionTypes.filter((type) => type !== 'signOut' && type !== 'lockScreen'), 'signOut', 'lockScreen'];

const roleRefusals: readonly RefusalCode[] = ['roleNotAllowed', 'reportNotAllowed'];

function neededWords(type: IntentionType): string {
  return (rolesFor[type] ?? []).map((role) => roleWords[role]).join(' or ');
}

describe.each(roles)('every intention sent by %s', (role) => {
  let kiosk: TestKiosk;
  let ids: Ids;

  beforeAll(async () => {
    kiosk = await openTestKiosk();
    const { host } = kiosk;
    const staff = {
      nurse: await signIn(host, demo.nurse), nurse2: await signIn(host, demo.nurse2), hca: await signIn(host, demo.hca),
      prescriber: await signIn(host, demo.prescriber), clinicLead: await signIn(host, demo.lead),
    };
    // A visit open in the room for the visit steps to act on.
    const visitId = accepted(await ask(host, { type: 'startVisit', serviceUserId: people.dee }, staff.nurse)) ?? '';
    const actor = staff[role];
    const witnessIsHca = actor === staff.nurse;
    ids = {
      actor, witness: witnessIsHca ? staff.hca : staff.nurse2, visitId, role,
      actorPin: demoFor[role].pin, witnessPin: witnessIsHca ? demo.hca.pin : demo.nurse2.pin,
    };
  });
  afterAll(() => kiosk.close());

  it.each(walkOrder)(`%s`, async (type) => {
    const before = kiosk.ledger().length;
    const intention: Intention = examples[type](ids);
    const reply = await ask(kiosk.host, intention, ids.actor);
    const allowed = rolesFor[type];
    if (allowed === null || allowed.includes(role)) {
      if (!reply.ok) expect(roleRefusals, reply.reason).not.toContain(reply.code);
      return;
    }
    expect(reply).toMatchObject({ ok: false, code: 'roleNotAllowed', reason: expect.stringContaining(neededWords(type)) });
    expect(kiosk.ledger()).toHaveLength(before);
  });
});

describe('who the host takes a step from', () => {
  let kiosk: TestKiosk;
  beforeAll(async () => {
    kiosk = await openTestKiosk();
  });
  afterAll(() => kiosk.close());

  it('refuses every step but signing in and starting the overdose response when no one is acting, and writes nothing', async () => {
    const nurse = await signIn(kiosk.host, demo.nurse);
    const hca = await signIn(kiosk.host, demo.hca);
    const visitId = accepted(await ask(kiosk.host, { type: 'startVisit', serviceUserId: people.dee }, hca)) ?? '';
    const before = kiosk.ledger().length;
    const ids: Ids = { actor: nurse, witness: hca, visitId, role: 'nurse', actorPin: demo.nurse.pin, witnessPin: demo.hca.pin };
    const needNobody: IntentionType[] = ['signIn', 'startOverdoseResponse', 'lockScreen'];
    for (const type of walkOrder.filter((name) => !needNobody.includes(name))) {
      expect([type, refusedWith(await ask(kiosk.host, examples[type](ids), null))]).toEqual([type, 'signInFirst']);
    }
    expect(kiosk.ledger()).toHaveLength(before);
  });

  it('starts the overdose response by one touch with nobody signed in; what is given next is attributed to whoever gives it', async () => {
    const { host } = kiosk;
    const hca = await signIn(host, demo.hca);
    const visitId = accepted(await ask(host, { type: 'startVisit', serviceUserId: people.mags }, hca)) ?? '';
    accepted(await ask(host, { type: 'signOut', staffId: hca }, hca));
    accepted(await ask(host, { type: 'startOverdoseResponse', visitId, noticedMinutesAgo: 0 }, null));
    const started = kiosk.ledger().filter((row) => row.type === 'overdoseResponseStarted' && row.visit_id === visitId);
    expect(started.map((row) => row.actor_staff_id)).toEqual([null]);
    expect(refusedWith(await ask(host, { type: 'recordNaloxone', visitId, doseMg: 0.4, route: 'IM', minutesAgo: 0 }, null))).toBe('signInFirst');
  });

  it('refuses an actor who is not signed in here, or has signed out, and writes nothing', async () => {
    const { host } = kiosk;
    const before = kiosk.ledger().length;
    expect(refusedWith(await ask(host, { type: 'startVisit', serviceUserId: people.dee }, 'demo-staff-nurse-2'))).toBe('notSignedInHere');
    expect(refusedWith(await ask(host, { type: 'startVisit', serviceUserId: people.dee }, 'someone-made-up'))).toBe('notSignedInHere');
    const hca = await signIn(host, demo.hca);
    accepted(await ask(host, { type: 'signOut', staffId: hca }, hca));
    expect(refusedWith(await ask(host, { type: 'startVisit', serviceUserId: people.dee }, hca))).toBe('notSignedInHere');
    expect(host.room().staffOnDuty.map((staff) => staff.displayName)).not.toContain('Tom Reid');
    expect(kiosk.ledger()).toHaveLength(before);
  });

  it('gives a wrong PIN and an unknown badge the same answer, so a guess learns nothing', async () => {
    // The whole reply, code and sentence, is the same for both.
    const wrongPin = await ask(kiosk.host, { type: 'signIn', badgeNumber: demo.nurse.badgeNumber, pin: '0000' });
    const unknownBadge = await ask(kiosk.host, { type: 'signIn', badgeNumber: 'Z9999', pin: demo.nurse.pin });
    expect(refusedWith(wrongPin)).toBe('signInRefused');
    expect(unknownBadge).toEqual(wrongPin);
    // A PIN belonging to someone else does not open another badge either.
    expect(await ask(kiosk.host, { type: 'signIn', badgeNumber: demo.nurse.badgeNumber, pin: demo.hca.pin })).toEqual(wrongPin);
  });

  it('lets only a nurse or clinic lead sign someone else out; anyone may sign themselves out', async () => {
    const { host } = kiosk;
    const hca = await signIn(host, demo.hca);
    const prescriber = await signIn(host, demo.prescriber);
    expect(refusedWith(await ask(host, { type: 'signOut', staffId: prescriber }, hca))).toBe('signOutOthersNotAllowed');
    const nurse = await signIn(host, demo.nurse);
    accepted(await ask(host, { type: 'signOut', staffId: prescriber }, nurse));
    accepted(await ask(host, { type: 'signOut', staffId: hca }, hca));
    expect(host.room().staffOnDuty.map((staff) => staff.displayName)).toEqual(['Aisha Khan']);
  });

  it('tells the screen what each signed-in person may do, from the same matrix', async () => {
    const { host } = kiosk;
    for (const who of [demo.nurse, demo.hca, demo.prescriber, demo.lead]) await signIn(host, who);
    for (const card of host.room().staffOnDuty) {
      const expected = intentionTypes.filter((type) => type !== 'signIn' && (rolesFor[type]?.includes(card.role) ?? true));
      expect([card.displayName, [...card.may].sort()]).toEqual([card.displayName, [...expected].sort()]);
      expect(card.reports).toEqual(reportNames.filter((name) => rolesForReport[name].includes(card.role)));
    }
  });
});

describe('reports, per role', () => {
  let kiosk: TestKiosk;
  const staffIds = {} as Record<StaffRole, string>;
  beforeAll(async () => {
    kiosk = await openTestKiosk();
    for (const role of roles) staffIds[role] = await signIn(kiosk.host, demoFor[role]);
  });
  afterAll(() => kiosk.close());

  const cases = roles.flatMap((role) => reportNames.map((report) => [role, report] as const));
  it.each(cases)('%s asking for %s', async (role, report) => {
    const reply = await ask(kiosk.host, { type: 'showReport', report, clinicDay: null }, staffIds[role]);
    if (rolesForReport[report].includes(role)) {
      expect(reply).toMatchObject({ ok: true, report: { kind: report } });
      return;
    }
    const needed = rolesForReport[report].map((allowed) => roleWords[allowed]).join(' or ');
    expect(reply).toMatchObject({ ok: false, code: 'reportNotAllowed', reason: expect.stringContaining(needed) });
  });

  it('keeps the register from a health-care assistant and the staff list from a prescriber, in words', async () => {
    expect(await ask(kiosk.host, { type: 'showReport', report: 'register', clinicDay: null }, staffIds.hca))
      .toMatchObject({ ok: false, code: 'reportNotAllowed', reason: expect.stringContaining('a nurse or a clinic lead') });
    expect(await ask(kiosk.host, { type: 'showReport', report: 'staff', clinicDay: null }, staffIds.prescriber))
      .toMatchObject({ ok: false, code: 'reportNotAllowed', reason: expect.stringContaining('a clinic lead') });
  });
});
