/**
 * The safety check's own tests: a ledger written by hand for each rule, broken once and kept once,
 * so the property cannot pass because its checker looks at nothing; and a ledger written by the
 * real host through an ordinary day (two doses, a change of rules approved by another lead), in
 * which the checker must find nothing, so it reads the host's payloads as they are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import { accepted, as, demo, signIn } from '../support/host-session.js';
import { doseUpToObservation, observeAndDischarge, openTestKiosk, people, type TestKiosk } from '../support/test-kiosk.js';
import { checkDoses, type KioskFacts, type LedgerRow, type RuleName } from './ledger-dose-check.js';
import { readLedgerRows } from './safety-kiosk.js';

const zone = 'Europe/London';
const nurse = 'staff-nurse';
const nurse2 = 'staff-nurse-2';
const hca = 'staff-hca';
const prescriber = 'staff-prescriber';
const lead = 'staff-lead';
const lead2 = 'staff-lead-2';
const person = 'su-1';
const noDevice: KioskFacts = { breathalyser: 'none' };

type Rules = Record<string, unknown> & { version: number; sessions: { windows: Array<Record<string, string>>; graceMinutesAfterClose?: number } };

function rulesVersion(version: number, change: (rules: Rules) => void = () => undefined): Rules {
  const rules = structuredClone(defaultSiteRules) as unknown as Rules;
  rules.version = version;
  rules.sessions.windows = [
    { id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '12:30' },
    { id: 'afternoon', name: 'Afternoon', opensAt: '12:30', closesAt: '18:00' },
  ];
  rules.sessions.graceMinutesAfterClose = 30;
  change(rules);
  return rules;
}

/** A ledger written event by event, the clock given as London wall-clock time on 23 November 2026 unless said. */
class HandLedger {
  readonly rows: LedgerRow[] = [];
  private visitCount = 0;

  constructor() {
    this.add('2026-11-20T09:00:00Z', 'clinicRegistered', { timeZone: zone });
    for (const [staffId, role] of [[nurse, 'nurse'], [nurse2, 'nurse'], [hca, 'hca'], [prescriber, 'prescriber'], [lead, 'clinicLead'], [lead2, 'clinicLead']]) {
      this.add('2026-11-20T09:00:00Z', 'staffEnrolled', { staffId, displayName: staffId, role, active: true });
    }
    this.add('2026-11-20T09:00:00Z', 'serviceUserEnrolled', { serviceUserId: person, preferredName: 'Dee', alcoholMonitoring: false });
    this.add('2026-11-20T09:00:00Z', 'siteRulesAdopted', { rules: rulesVersion(1) });
    this.add('2026-11-20T09:00:00Z', 'prescriptionIssued', {
      prescriptionId: 'rx-1', serviceUserId: person, drug: 'diamorphine', dosePerSessionMg: 120, sessionsPerDay: 2, routes: ['IM'],
      startsOn: '2026-01-01', endsOn: null, allowedForms: ['powder for injection'],
    }, { serviceUserId: person, actor: prescriber });
  }

  add(at: string, type: string, payload: Record<string, unknown>, envelope: { visitId?: string; serviceUserId?: string; actor?: string; witness?: string } = {}): this {
    this.rows.push({
      seq: this.rows.length + 1, type, visit_id: envelope.visitId ?? null, service_user_id: envelope.serviceUserId ?? null,
      actor_staff_id: envelope.actor ?? null, witness_staff_id: envelope.witness ?? null, occurred_at: at, payload: JSON.stringify({ type, ...payload }),
    });
    return this;
  }

  /** A visit checked in at `checkInAt` (its clinic day the UTC date unless said), for the window given; returns its id. */
  visit(checkInAt: string, window: { id: string; name: string; opensAt: string; closesAt: string } | { index: number; name: string }, clinicDay = checkInAt.slice(0, 10)): string {
    this.visitCount += 1;
    const visitId = `00000000-0000-4000-8000-00000000000${this.visitCount}`;
    const on = { visitId, serviceUserId: person, actor: hca };
    this.add(checkInAt, 'visitStarted', {
      at: checkInAt, visitId, serviceUserId: person, breathTestRequired: false, clinicDay, session: window, givenTodayMg: 0,
      rules: rulesVersion(1),
    }, on);
    this.add(checkInAt, 'identityConfirmed', { at: checkInAt }, on);
    return visitId;
  }

  check(visitId: string, at: string, change: Record<string, unknown> = {}): this {
    return this.add(at, 'preDoseCheckRecorded', {
      at, sedation: '1', intoxicationSigns: false, selfReportedUse: [], breathTestRequested: false, decision: 'proceed', reducedDoseMg: null,
      prescriberContact: null, reason: null, ...change,
    }, { visitId, serviceUserId: person, actor: nurse });
  }

  dose(visitId: string, at: string, mg = 120, staff: { nurseId: string; witnessId: string } = { nurseId: nurse, witnessId: hca }): this {
    const on = { visitId, serviceUserId: person, actor: staff.nurseId, witness: staff.witnessId };
    this.add(at, 'dosePrepared', { at, drug: 'diamorphine', form: 'powder', strengthMgPerMl: 100, drawnMg: mg, staff }, on);
    return this.add(at, 'doseAdministered', { at, administeredMg: mg, route: 'IM', site: 'left thigh', staff }, on);
  }

  /** Checked in, checked and dosed in one go. */
  dosedVisit(at: string, window = morning, mg = 120): string {
    const visitId = this.visit(at, window);
    this.check(visitId, at).dose(visitId, at, mg);
    return visitId;
  }
}

const morning = { id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '12:30' };
const afternoon = { id: 'afternoon', name: 'Afternoon', opensAt: '12:30', closesAt: '18:00' };

function rulesBroken(ledger: HandLedger, facts: KioskFacts = noDevice): RuleName[] {
  return [...new Set(checkDoses(ledger.rows, facts).violations.map((violation) => violation.rule))];
}

describe('the safety check, on ledgers written by hand', () => {
  it('finds nothing wrong with one dose given within every rule, nor with a second next session after the interval', () => {
    const ledger = new HandLedger();
    ledger.dosedVisit('2026-11-23T09:00:00Z');
    ledger.dosedVisit('2026-11-23T13:00:00Z', afternoon);
    expect(checkDoses(ledger.rows, noDevice)).toMatchObject({ violations: [], dosesChecked: 2, mostForOnePerson: 2 });
  });

  it('reads a legacy session ({ index, name }) as the window at that place in the visit\'s rules', () => {
    const ledger = new HandLedger();
    ledger.dosedVisit('2026-11-23T09:00:00Z', { index: 0, name: 'Morning' } as unknown as typeof morning);
    const late = ledger.visit('2026-11-23T12:20:00Z', { index: 0, name: 'Morning' });
    ledger.check(late, '2026-11-23T13:10:00Z').dose(late, '2026-11-23T13:10:00Z');
    expect(rulesBroken(ledger)).toEqual(expect.arrayContaining(['oneDosePerSession', 'doseInWindow']));
  });

  it('allows a dose within the grace time after its window closes, and not after', () => {
    const inGrace = new HandLedger();
    const visit = inGrace.visit('2026-11-23T12:20:00Z', morning);
    inGrace.check(visit, '2026-11-23T12:55:00Z').dose(visit, '2026-11-23T12:55:00Z');
    expect(rulesBroken(inGrace)).toEqual([]);
    const late = new HandLedger();
    const overnight = late.visit('2026-11-23T17:50:00Z', afternoon);
    late.check(overnight, '2026-11-24T08:00:00Z').dose(overnight, '2026-11-24T08:00:00Z');
    expect(rulesBroken(late)).toContain('doseInWindow');
  });

  it('judges the visit\'s session by its window in the rules in force at the dose: narrowed or removed since check-in', () => {
    const narrowed = new HandLedger();
    const visit = narrowed.visit('2026-11-23T09:00:00Z', morning);
    narrowed.add('2026-11-23T09:30:00Z', 'siteRulesAdopted', {
      rules: rulesVersion(2, (rules) => { rules.sessions.windows = [{ ...morning, closesAt: '10:00' }, afternoon]; }),
    }, { actor: lead });
    narrowed.check(visit, '2026-11-23T10:45:00Z').dose(visit, '2026-11-23T10:45:00Z');
    expect(rulesBroken(narrowed)).toEqual(['doseInWindow']);
    const removed = new HandLedger();
    const gone = removed.visit('2026-11-23T09:00:00Z', morning);
    removed.add('2026-11-23T09:30:00Z', 'siteRulesAdopted', { rules: rulesVersion(2, (rules) => { rules.sessions.windows = [afternoon]; }) }, { actor: lead });
    removed.check(gone, '2026-11-23T09:45:00Z').dose(gone, '2026-11-23T09:45:00Z');
    expect(rulesBroken(removed)).toEqual(['doseInWindow']);
  });

  it('counts windows on the wall clock across the clock change: 08:10 BST on 29 March 2026 is in the morning', () => {
    const ledger = new HandLedger();
    const visit = ledger.visit('2026-03-29T07:10:00Z', morning, '2026-03-29');
    ledger.check(visit, '2026-03-29T07:10:00Z').dose(visit, '2026-03-29T07:10:00Z');
    expect(rulesBroken(ledger)).toEqual([]);
    const early = new HandLedger();
    // 06:50 UTC is 07:50 BST: the morning had not opened. (Read in GMT, 07:10 UTC above would have been before 08:00.)
    const before = early.visit('2026-03-29T06:50:00Z', morning, '2026-03-29');
    early.check(before, '2026-03-29T07:10:00Z').dose(before, '2026-03-29T07:10:00Z');
    expect(rulesBroken(early)).toEqual(['checkedInInWindow']);
  });

  it('finds a second dose in one session by its id, and by an overlapping window after a split', () => {
    const sameId = new HandLedger();
    sameId.dosedVisit('2026-11-23T08:00:00Z');
    sameId.add('2026-11-23T08:30:00Z', 'siteRulesAdopted', { rules: rulesVersion(2, (rules) => { rules['dosing'] = { ...(rules['dosing'] as object), minimumMinutesBetweenDoses: 0 }; }) }, { actor: lead });
    sameId.dosedVisit('2026-11-23T11:00:00Z');
    expect(rulesBroken(sameId)).toEqual(['oneDosePerSession']);

    const split = new HandLedger();
    split.dosedVisit('2026-11-23T08:00:00Z');
    split.add('2026-11-23T08:30:00Z', 'siteRulesAdopted', {
      rules: rulesVersion(2, (rules) => {
        rules.sessions.windows = [{ id: 'morning', name: 'Morning', opensAt: '08:00', closesAt: '10:00' }, { id: 'late-morning', name: 'Late', opensAt: '10:00', closesAt: '12:30' }, afternoon];
      }),
    }, { actor: lead });
    split.dosedVisit('2026-11-23T11:00:00Z', { id: 'late-morning', name: 'Late', opensAt: '10:00', closesAt: '12:30' });
    expect(rulesBroken(split)).toEqual(['oneDosePerSession']);
  });

  it('holds the daily maximum and the minimum interval in force when the dose is given', () => {
    const ledger = new HandLedger();
    ledger.dosedVisit('2026-11-23T09:00:00Z', morning, 120);
    ledger.add('2026-11-23T10:00:00Z', 'siteRulesAdopted', { rules: rulesVersion(2, (rules) => { rules['dosing'] = { ...(rules['dosing'] as object), maximumDailyMg: 200, minimumMinutesBetweenDoses: 300 }; }) }, { actor: lead });
    ledger.dosedVisit('2026-11-23T13:00:00Z', afternoon, 120);
    expect(rulesBroken(ledger).sort()).toEqual(['dailyMaximum', 'minimumInterval']);
  });

  it('applies a change only once someone else approves it, after a version has been approved; its author approving does not count', () => {
    const lowered = (version: number) => rulesVersion(version, (rules) => { rules['dosing'] = { ...(rules['dosing'] as object), maximumDailyMg: 200 }; });
    const ledger = new HandLedger();
    ledger.add('2026-11-23T08:00:00Z', 'siteRulesApproved', { version: 1, approvedBy: 'Jo' }, { actor: lead2 });
    ledger.add('2026-11-23T08:10:00Z', 'siteRulesAdopted', { rules: lowered(2) }, { actor: lead });
    ledger.dosedVisit('2026-11-23T09:00:00Z', morning, 120);
    ledger.add('2026-11-23T10:00:00Z', 'siteRulesApproved', { version: 2, approvedBy: 'Sam' }, { actor: lead });
    ledger.dosedVisit('2026-11-23T13:00:00Z', afternoon, 120);
    // Version 2 was never approved by another: 240 mg is within version 1's 1000 mg.
    expect(rulesBroken(ledger)).toEqual(['approval']);
    ledger.add('2026-11-23T18:00:00Z', 'siteRulesApproved', { version: 2, approvedBy: 'Dr Okafor' }, { actor: prescriber });
    ledger.dosedVisit('2026-11-24T09:00:00Z', morning, 120);
    ledger.dosedVisit('2026-11-24T13:00:00Z', afternoon, 120);
    expect(rulesBroken(ledger).sort()).toEqual(['approval', 'dailyMaximum']);
  });

  it('puts the latest adopted version in force while none has ever been approved', () => {
    const ledger = new HandLedger();
    ledger.add('2026-11-23T07:00:00Z', 'siteRulesAdopted', { rules: rulesVersion(2, (rules) => { rules.sessions.windows = [afternoon]; }) }, { actor: lead });
    ledger.dosedVisit('2026-11-23T09:00:00Z');
    // Version 2 removed the morning: neither the check-in nor the dose had a window in force.
    expect(rulesBroken(ledger)).toEqual(['checkedInInWindow', 'doseInWindow']);
  });

  it('refuses a dose after a withhold in the session, and after naloxone unless a prescriber decided after it', () => {
    const withheld = new HandLedger();
    const first = withheld.visit('2026-11-23T09:00:00Z', morning);
    withheld.check(first, '2026-11-23T09:05:00Z', { decision: 'withhold', reason: 'drowsy' });
    withheld.dosedVisit('2026-11-23T09:30:00Z');
    withheld.dosedVisit('2026-11-23T13:00:00Z', afternoon);
    expect(checkDoses(withheld.rows, noDevice).violations.map((violation) => [violation.rule, violation.seq]))
      .toEqual([['afterWithhold', withheld.rows.find((row) => row.type === 'doseAdministered')?.seq]]);

    const naloxone = new HandLedger();
    const visit = naloxone.visit('2026-11-23T09:00:00Z', morning);
    naloxone.add('2026-11-23T09:02:00Z', 'naloxoneGiven', { at: '2026-11-23T09:02:00Z', givenAt: '2026-11-23T09:02:00Z', doseMg: 0.4, route: 'IM', givenBy: nurse }, { visitId: visit, actor: nurse });
    naloxone.check(visit, '2026-11-23T10:00:00Z').dose(visit, '2026-11-23T10:00:00Z');
    expect(rulesBroken(naloxone)).toEqual(['afterNaloxone']);
    const decided = new HandLedger();
    const again = decided.visit('2026-11-23T09:00:00Z', morning);
    decided.add('2026-11-23T09:02:00Z', 'naloxoneGiven', { at: '2026-11-23T09:02:00Z', givenAt: '2026-11-23T09:02:00Z', doseMg: 0.4, route: 'IM', givenBy: nurse }, { visitId: again, actor: nurse });
    decided.add('2026-11-23T09:50:00Z', 'prescriberDecidedAfterNaloxone', { at: '2026-11-23T09:50:00Z', prescriberId: prescriber, reason: 'Seen' }, { visitId: again, actor: nurse });
    decided.check(again, '2026-11-23T10:00:00Z').dose(again, '2026-11-23T10:00:00Z');
    expect(rulesBroken(decided)).toEqual([]);
  });

  it('refuses a dose at a sedation that withholds, unless reduced with the prescriber contacted', () => {
    const proceeded = new HandLedger();
    const visit = proceeded.visit('2026-11-23T09:00:00Z', morning);
    proceeded.check(visit, '2026-11-23T09:05:00Z', { sedation: '3' }).dose(visit, '2026-11-23T09:10:00Z');
    expect(rulesBroken(proceeded)).toEqual(['sedation']);
    const reduced = new HandLedger();
    const other = reduced.visit('2026-11-23T09:00:00Z', morning);
    reduced.check(other, '2026-11-23T09:05:00Z', { sedation: '3', decision: 'reduce', reducedDoseMg: 80, prescriberContact: 'Dr Okafor', reason: 'agreed' })
      .dose(other, '2026-11-23T09:10:00Z', 80);
    expect(rulesBroken(reduced)).toEqual([]);
    const tooMuch = new HandLedger();
    const third = tooMuch.visit('2026-11-23T09:00:00Z', morning);
    tooMuch.check(third, '2026-11-23T09:05:00Z', { sedation: '3', decision: 'reduce', reducedDoseMg: 80, prescriberContact: 'Dr Okafor', reason: 'agreed' })
      .dose(third, '2026-11-23T09:10:00Z', 120);
    expect(rulesBroken(tooMuch)).toEqual(['prescribedAmount']);
  });

  it('refuses a dose at the breath withhold level, and a reading by hand after a working device was only cancelled', () => {
    const reading = (ledger: HandLedger, visitId: string, type: string, level: number, extra: Record<string, unknown> = {}) =>
      ledger.add('2026-11-23T09:03:00Z', type, { at: '2026-11-23T09:03:00Z', reading: { microgramsPer100mlBreath: level }, ...extra }, { visitId });
    const high = new HandLedger();
    const visit = high.visit('2026-11-23T09:00:00Z', morning);
    high.check(visit, '2026-11-23T09:01:00Z');
    reading(high, visit, 'breathResultRecorded', 25);
    high.dose(visit, '2026-11-23T09:10:00Z');
    expect(rulesBroken(high)).toEqual(expect.arrayContaining(['breathAlcohol']));

    const byHand = new HandLedger();
    const other = byHand.visit('2026-11-23T09:00:00Z', morning);
    byHand.check(other, '2026-11-23T09:01:00Z');
    byHand.add('2026-11-23T09:02:00Z', 'breathTestFailed', { at: '2026-11-23T09:02:00Z', code: 'CANCELLED', message: 'cancelled' }, { visitId: other });
    reading(byHand, other, 'manualBreathReadingRecorded', 0, { reason: 'cancelled', deviceState: 'failedThisTest' });
    byHand.dose(other, '2026-11-23T09:10:00Z');
    expect(rulesBroken(byHand, { breathalyser: 'working' })).toEqual(['readingByHand']);
    expect(rulesBroken(byHand, noDevice)).toEqual(['readingByHand']);
  });

  it('needs two different people, a nurse giving and a witness of a role the rules allow', () => {
    for (const staff of [{ nurseId: nurse, witnessId: nurse }, { nurseId: hca, witnessId: nurse }, { nurseId: nurse, witnessId: prescriber }]) {
      const ledger = new HandLedger();
      const visit = ledger.visit('2026-11-23T09:00:00Z', morning);
      ledger.check(visit, '2026-11-23T09:01:00Z').dose(visit, '2026-11-23T09:10:00Z', 120, staff);
      expect(rulesBroken(ledger), JSON.stringify(staff)).toEqual(['twoPeople']);
    }
    const nursesOnly = new HandLedger();
    nursesOnly.add('2026-11-23T08:00:00Z', 'siteRulesAdopted', { rules: rulesVersion(2, (rules) => { rules['witness'] = { roles: ['nurse'] }; }) }, { actor: lead });
    nursesOnly.dosedVisit('2026-11-23T09:00:00Z');
    expect(rulesBroken(nursesOnly)).toEqual(['twoPeople']);
  });

  it('holds the prescription in force at the dose: lowered, or suspended, after check-in', () => {
    const lowered = new HandLedger();
    const visit = lowered.visit('2026-11-23T09:00:00Z', morning);
    lowered.add('2026-11-23T09:01:00Z', 'prescriptionChanged', { prescriptionId: 'rx-1', serviceUserId: person, dosePerSessionMg: 60, sessionsPerDay: 2, routes: ['IM'], reducedDoseRange: null, endsOn: null, reason: 'lower' }, { actor: prescriber });
    lowered.check(visit, '2026-11-23T09:05:00Z').dose(visit, '2026-11-23T09:10:00Z', 120);
    expect(rulesBroken(lowered)).toEqual(['prescribedAmount']);
    const suspended = new HandLedger();
    const other = suspended.visit('2026-11-23T09:00:00Z', morning);
    suspended.add('2026-11-23T09:01:00Z', 'prescriptionSuspended', { prescriptionId: 'rx-1', serviceUserId: person, reason: 'review' }, { actor: prescriber });
    suspended.check(other, '2026-11-23T09:05:00Z').dose(other, '2026-11-23T09:10:00Z', 120);
    expect(rulesBroken(suspended)).toEqual(['prescribedAmount']);
  });

  it('draws only on a product the catalogue held, of the prescribed drug, with stock received to cover all drawn from it', () => {
    const prepared = (ledger: HandLedger, productId: string, mg: number, drug = 'diamorphine') => {
      const visitId = ledger.visit('2026-11-23T09:00:00Z', morning);
      ledger.check(visitId, '2026-11-23T09:05:00Z');
      const staff = { nurseId: nurse, witnessId: hca };
      ledger.add('2026-11-23T09:10:00Z', 'dosePrepared', { at: '2026-11-23T09:10:00Z', drug, form: 'powder', strengthMgPerMl: 100, drawnMg: mg, staff, productId },
        { visitId, serviceUserId: person, actor: nurse, witness: hca });
    };
    const stocked = () => new HandLedger()
      .add('2026-11-20T09:00:00Z', 'controlledDrugProductAdded', { productId: 'cdp-1', drug: 'diamorphine', form: 'powder for injection' }, { actor: lead })
      .add('2026-11-20T09:00:00Z', 'controlledDrugProductAdded', { productId: 'cdp-m', drug: 'methadone', form: 'solution for injection' }, { actor: lead })
      .add('2026-11-20T09:00:00Z', 'stockReceived', { productId: 'cdp-1', quantityMg: 200, drug: 'diamorphine' }, { actor: nurse, witness: nurse2 });
    const kept = stocked();
    prepared(kept, 'cdp-1', 120);
    kept.add('2026-11-23T09:20:00Z', 'registerPageCarriedForward', { productId: 'cdp-1', countedMg: 100 }, { actor: lead, witness: nurse });
    prepared(kept, 'cdp-1', 150);
    expect(rulesBroken(kept)).toEqual([]);
    const overdrawn = stocked();
    prepared(overdrawn, 'cdp-1', 120);
    prepared(overdrawn, 'cdp-1', 100);
    expect(rulesBroken(overdrawn)).toEqual(['stockInRegister']);
    const correctedDown = stocked()
      .add('2026-11-21T09:00:00Z', 'registerEntryCorrected', { section: 'cdp-1', wrong: { inMg: 200, outMg: 0 }, right: { inMg: 100, outMg: 0 } }, { actor: nurse, witness: nurse2 });
    prepared(correctedDown, 'cdp-1', 120);
    expect(rulesBroken(correctedDown)).toEqual(['stockInRegister']);
    // A destruction never takes a product below zero; stock handed back never adds to its balance.
    const destroyed = stocked()
      .add('2026-11-21T09:00:00Z', 'stockDestroyed', { productId: 'cdp-1', from: 'stock', quantityMg: 100 }, { actor: nurse, witness: nurse2 });
    expect(rulesBroken(destroyed)).toEqual([]);
    prepared(destroyed, 'cdp-1', 120);
    expect(rulesBroken(destroyed)).toEqual(['stockInRegister']);
    const handedBack = stocked()
      .add('2026-11-21T09:00:00Z', 'patientReturnReceived', { productId: 'cdp-1', quantityMg: 100 }, { actor: nurse, witness: nurse2 })
      .add('2026-11-21T09:10:00Z', 'stockDestroyed', { productId: 'cdp-1', from: 'patient return', quantityMg: 100 }, { actor: nurse, witness: nurse2 });
    expect(rulesBroken(handedBack)).toEqual([]);
    prepared(handedBack, 'cdp-1', 250);
    expect(rulesBroken(handedBack)).toEqual(['stockInRegister']);
    const overDestroyed = stocked()
      .add('2026-11-21T09:00:00Z', 'stockDestroyed', { productId: 'cdp-1', from: 'patient return', quantityMg: 100 }, { actor: nurse, witness: nurse2 });
    expect(rulesBroken(overDestroyed)).toEqual(['stockInRegister']);
    const unknown = stocked();
    prepared(unknown, 'cdp-nowhere', 120);
    expect(rulesBroken(unknown)).toEqual(['stockInRegister']);
    const otherDrug = stocked();
    prepared(otherDrug, 'cdp-m', 10);
    expect(rulesBroken(otherDrug)).toEqual(['stockInRegister']);
  });

  it('draws only on a product of a form the prescription in force at preparation allows: changed after check-in, or an old free-text form', () => {
    const stocked = (prescription?: Record<string, unknown>) => {
      const ledger = new HandLedger()
        .add('2026-11-20T09:00:00Z', 'controlledDrugProductAdded', { productId: 'cdp-powder', drug: 'diamorphine', form: 'powder for injection' }, { actor: lead })
        .add('2026-11-20T09:00:00Z', 'controlledDrugProductAdded', { productId: 'cdp-solution', drug: 'Diamorphine', form: 'solution for injection' }, { actor: lead })
        .add('2026-11-20T09:00:00Z', 'stockReceived', { productId: 'cdp-powder', quantityMg: 1000, drug: 'diamorphine' }, { actor: nurse, witness: nurse2 })
        .add('2026-11-20T09:00:00Z', 'stockReceived', { productId: 'cdp-solution', quantityMg: 1000, drug: 'diamorphine' }, { actor: nurse, witness: nurse2 });
      if (prescription) {
        ledger.add('2026-11-21T09:00:00Z', 'prescriptionIssued', {
          prescriptionId: 'rx-2', serviceUserId: person, drug: 'Diamorphine', dosePerSessionMg: 120, sessionsPerDay: 2, routes: ['IM'],
          startsOn: '2026-11-21', endsOn: null, ...prescription,
        }, { serviceUserId: person, actor: prescriber });
      }
      return ledger;
    };
    const preparedFrom = (ledger: HandLedger, productId: string, changeAfterCheckIn?: string[]) => {
      const visitId = ledger.visit('2026-11-23T09:00:00Z', morning);
      if (changeAfterCheckIn) {
        ledger.add('2026-11-23T09:01:00Z', 'prescriptionChanged', {
          prescriptionId: 'rx-1', serviceUserId: person, dosePerSessionMg: 120, sessionsPerDay: 2, routes: ['IM'], reducedDoseRange: null, endsOn: null,
          reason: 'forms', allowedForms: changeAfterCheckIn,
        }, { actor: prescriber });
      }
      ledger.check(visitId, '2026-11-23T09:05:00Z');
      ledger.add('2026-11-23T09:10:00Z', 'dosePrepared', {
        at: '2026-11-23T09:10:00Z', drug: 'diamorphine', form: 'powder', strengthMgPerMl: 100, drawnMg: 120, staff: { nurseId: nurse, witnessId: hca }, productId,
      }, { visitId, serviceUserId: person, actor: nurse, witness: hca });
      return ledger;
    };
    expect(rulesBroken(preparedFrom(stocked(), 'cdp-powder'))).toEqual([]);
    expect(rulesBroken(preparedFrom(stocked(), 'cdp-solution'))).toEqual(['prescribedForm']);
    // Checked in under powder only; changed to solution only before the dose was drawn up.
    expect(rulesBroken(preparedFrom(stocked(), 'cdp-powder', ['solution for injection']))).toEqual(['prescribedForm']);
    expect(rulesBroken(preparedFrom(stocked(), 'cdp-solution', ['solution for injection']))).toEqual([]);
    expect(rulesBroken(preparedFrom(stocked(), 'cdp-solution', ['powder for injection', 'solution for injection']))).toEqual([]);
    // From before allowed forms: the free text allows the catalogue forms it names, and none if it names none.
    expect(rulesBroken(preparedFrom(stocked({ form: 'Powder for injection, reconstituted' }), 'cdp-powder'))).toEqual([]);
    expect(rulesBroken(preparedFrom(stocked({ form: 'Powder for injection, reconstituted' }), 'cdp-solution'))).toEqual(['prescribedForm']);
    expect(rulesBroken(preparedFrom(stocked({ form: 'injection' }), 'cdp-powder'))).toEqual(['prescribedForm']);
  });

  it('reports a payload it cannot read instead of passing it by', () => {
    const ledger = new HandLedger();
    const visit = ledger.visit('2026-11-23T09:00:00Z', morning);
    ledger.check(visit, '2026-11-23T09:01:00Z').add('2026-11-23T09:10:00Z', 'doseAdministered', { at: '2026-11-23T09:10:00Z', mg: 120 }, { visitId: visit });
    expect(rulesBroken(ledger)).toEqual(['readable']);
  });
});

describe('the safety check, on a ledger the host wrote', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('finds nothing wrong with an ordinary day: a morning and an afternoon dose, and a change another lead approved', async () => {
    const kiosk: TestKiosk = await openTestKiosk();
    cleanups.push(() => kiosk.close());
    const nurseId = await signIn(kiosk.host, demo.nurse);
    const hcaId = await signIn(kiosk.host, demo.hca);
    const leadId = await signIn(kiosk.host, demo.lead);
    const prescriberId = await signIn(kiosk.host, demo.prescriber);
    const act = as(kiosk.host, nurseId);
    const first = await doseUpToObservation(act, people.dee, { witnessId: hcaId, drawnMg: 120 });
    await observeAndDischarge(act, kiosk.clock, first);
    const { version: _version, approvedBy: _approvedBy, ...draft } = structuredClone(defaultSiteRules);
    draft.dosing.maximumDailyMg = 800;
    accepted(await as(kiosk.host, leadId)({ type: 'changeSiteRules', rules: draft }));
    // The prescriber approves: not the lead who made the change.
    await as(kiosk.host, prescriberId)({ type: 'approveSiteRules', version: 2 });
    kiosk.clock.advanceMinutes(200);
    const second = await doseUpToObservation(act, people.dee, { witnessId: hcaId, drawnMg: 120 });
    await observeAndDischarge(act, kiosk.clock, second);
    const check = checkDoses(readLedgerRows(kiosk.dataDir), noDevice);
    expect(check).toMatchObject({ violations: [], dosesChecked: 2 });
  });
});
