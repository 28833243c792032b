/**
 * Sessions by their stable identity, the rules in force at a moment, and stored events read
 * through upcasters without being rewritten (docs/safety-case.md).
 */
import { describe, expect, it } from 'vitest';
import { rulesVersionInForceAt } from '../../shared/site-rules/rules-in-force.js';
import { SiteRules, defaultSiteRules, legacyWindowId } from '../../shared/site-rules/site-rules.js';
import { sameSession, sessionWindowProblems, type SessionFact } from '../../shared/visit/check-in-rules.js';
import { visitStarted } from '../../shared/visit/visit-events.js';
import { SyncEvent } from '../../shared/ledger/sync-events.js';
import { siteRulesAsFirstStored, visitStartedFor } from '../support/visit-fixtures.js';

const london = 'Europe/London';
const morning: SessionFact = { clinicDay: '2026-11-23', sessionId: 'morning', opensAt: '08:00', closesAt: '12:30' };

describe('two facts are in the same session', () => {
  it('by id on the same clinic day, or by overlapping windows as recorded, never across days or touching windows', () => {
    expect(sameSession(morning, { ...morning, opensAt: '09:00' })).toBe(true);
    expect(sameSession(morning, { clinicDay: '2026-11-23', sessionId: 'late-morning', opensAt: '10:00', closesAt: '12:30' })).toBe(true);
    expect(sameSession(morning, { clinicDay: '2026-11-23', sessionId: 'early', opensAt: '06:00', closesAt: '08:00' })).toBe(false);
    expect(sameSession(morning, { clinicDay: '2026-11-23', sessionId: 'afternoon', opensAt: '12:30', closesAt: '18:00' })).toBe(false);
    expect(sameSession(morning, { ...morning, clinicDay: '2026-11-24' })).toBe(false);
  });
});

describe('the visit\'s own session at the dose', () => {
  const rules = defaultSiteRules;
  const session = { ...morning, name: 'Morning' };
  const at = (time: string) => new Date(`2026-11-23T${time}:00.000Z`);

  it('allows a dose inside the window and within the grace time after it, and not before it opens or after the grace', () => {
    expect(sessionWindowProblems(session, rules, at('12:29'), london, 'Jay')).toEqual([]);
    expect(sessionWindowProblems(session, rules, at('12:59'), london, 'Jay')).toEqual([]);
    expect(sessionWindowProblems(session, rules, at('13:00'), london, 'Jay').map((p) => p.code)).toEqual(['sessionOver']);
    expect(sessionWindowProblems(session, rules, at('07:59'), london, 'Jay').map((p) => p.code)).toEqual(['sessionOver']);
    expect(sessionWindowProblems(session, rules, new Date('2026-11-24T09:00:00.000Z'), london, 'Jay')[0]?.reason)
      .toMatch(/Morning session of 2026-11-23 closed at 12:30.*check Jay in again/);
  });

  it('reads the window by id in the rules in force now: narrowed, it closes sooner; removed, the visit cannot be dosed', () => {
    const narrowed = SiteRules.parse({ ...rules, sessions: { ...rules.sessions, windows: [{ ...rules.sessions.windows[0], closesAt: '10:00' }, rules.sessions.windows[1]] } });
    expect(sessionWindowProblems(session, narrowed, at('10:45'), london, 'Jay').map((p) => p.code)).toEqual(['sessionOver']);
    const removed = SiteRules.parse({ ...rules, sessions: { ...rules.sessions, windows: [rules.sessions.windows[1]] } });
    expect(sessionWindowProblems(session, removed, at('09:00'), london, 'Jay').map((p) => p.code)).toEqual(['sessionNoLongerInRules']);
    const noGrace = SiteRules.parse({ ...rules, sessions: { ...rules.sessions, graceMinutesAfterClose: 0 } });
    expect(sessionWindowProblems(session, noGrace, at('12:30'), london, 'Jay').map((p) => p.code)).toEqual(['sessionOver']);
  });
});

describe('the site rules in force at a moment', () => {
  const version = (n: number, adoptedAt: string, approvedAt: string | null) => ({ version: n, adoptedAt, approvedAt, rules: defaultSiteRules });

  it('is the latest adopted while none was ever approved, then only approved versions', () => {
    const versions = [version(1, '2026-11-01T09:00:00Z', null), version(2, '2026-11-02T09:00:00Z', null)];
    expect(rulesVersionInForceAt(versions, new Date('2026-11-02T10:00:00Z'))?.version).toBe(2);
    const approved = [version(1, '2026-11-01T09:00:00Z', '2026-11-01T10:00:00Z'), version(2, '2026-11-02T09:00:00Z', null)];
    expect(rulesVersionInForceAt(approved, new Date('2026-11-02T10:00:00Z'))?.version).toBe(1);
    const later = [approved[0]!, version(2, '2026-11-02T09:00:00Z', '2026-11-03T09:00:00Z')];
    expect(rulesVersionInForceAt(later, new Date('2026-11-02T10:00:00Z'))?.version).toBe(1);
    expect(rulesVersionInForceAt(later, new Date('2026-11-03T09:00:00Z'))?.version).toBe(2);
  });

  it('is the first version for a moment before any was adopted (a kiosk clock behind the one that set the clinic up)', () => {
    expect(rulesVersionInForceAt([version(1, '2026-11-01T09:00:00Z', null)], new Date('2026-10-31T09:00:00Z'))?.version).toBe(1);
    expect(rulesVersionInForceAt([], new Date())).toBeNull();
  });
});

describe('stored events read through upcasters, never rewritten', () => {
  it('reads site rules stored before window ids, grace time and red flags with the documented defaults', () => {
    const stored = siteRulesAsFirstStored();
    const read = SiteRules.parse(stored);
    expect(read.sessions.windows.map((window) => window.id)).toEqual(['morning', 'afternoon']);
    expect(read.sessions.graceMinutesAfterClose).toBe(30);
    expect(read.observation.redFlags).toEqual({ sedation: ['3', '4'], respiratoryRateBelow: 10, oxygenSaturationBelow: 92 });
    expect(legacyWindowId('  Late   morning ')).toBe('late-morning');
  });

  it('reads a visit stored with a session index as the session that place held in the rules it carried', () => {
    const current = visitStartedFor();
    const legacy = { ...JSON.parse(JSON.stringify(current)), session: { index: 1, name: 'Afternoon' } };
    expect(visitStarted.parse(legacy).session).toEqual({ id: 'afternoon', name: 'Afternoon', opensAt: '12:30', closesAt: '18:00' });
    expect(legacy.session).toEqual({ index: 1, name: 'Afternoon' });
  });

  it('reads a settled offline claim stored with a session index', () => {
    const legacy = {
      type: 'offlineDoseClaimSettled', doseEventId: '0b7e5f4e-8d4e-4a8c-9a57-6a9f3a1e2b11', visitId: 'v1', serviceUserId: 'su-1',
      clinicDay: '2026-11-23', sessionIndex: 0, outcome: 'claimed', otherClaim: null,
    };
    expect(SyncEvent.parse(legacy)).toMatchObject({ sessionId: 'index-0' });
  });
});
