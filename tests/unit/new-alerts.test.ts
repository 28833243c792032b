/**
 * Which alerts a screen sounds as room views arrive (renderer/alerts/new-alerts.ts): each
 * occurrence once, not again at the next refresh; nothing already so when the screen connected,
 * except an overdose response still open.
 */
import { describe, expect, it } from 'vitest';
import { newAlerts, statesByVisit, type VisitAlerts } from '../../renderer/alerts/new-alerts.js';

const quiet: VisitAlerts = { visitId: 'v1', label: 'Visit 1', observationOverdue: false, redFlagRecordedAt: null, overdoseStartedAt: null };
const after = (...views: VisitAlerts[][]) => {
  let before: ReturnType<typeof statesByVisit> | null = null;
  const heard = views.map((view) => {
    const fresh = newAlerts(before, view);
    before = statesByVisit(view);
    return fresh.map((alert) => `${alert.event}:${alert.label}`);
  });
  return heard;
};

describe('new alerts between room views', () => {
  it('sounds an overdue observation once, and again only after it was recorded and fell overdue again', () => {
    const overdue = { ...quiet, observationOverdue: true };
    expect(after([quiet], [overdue], [overdue], [quiet], [overdue]))
      .toEqual([[], ['observationOverdue:Visit 1'], [], [], ['observationOverdue:Visit 1']]);
  });

  it('sounds each red flag recorded once, a second red flag observation too', () => {
    const first = { ...quiet, redFlagRecordedAt: '10:03' };
    const second = { ...quiet, redFlagRecordedAt: '10:08' };
    expect(after([quiet], [first], [first], [second])).toEqual([[], ['redFlagRecorded:Visit 1'], [], ['redFlagRecorded:Visit 1']]);
  });

  it('stays quiet about what was so when the screen connected, except an open overdose response', () => {
    const everything = { ...quiet, observationOverdue: true, redFlagRecordedAt: '10:03', overdoseStartedAt: '10:04' };
    expect(after([everything], [everything])).toEqual([['overdoseResponseStarted:Visit 1'], []]);
    expect(after([{ ...quiet, observationOverdue: true, redFlagRecordedAt: '10:03' }])).toEqual([[]]);
  });

  it('sounds for a visit that was not on the screen before', () => {
    const other = { ...quiet, visitId: 'v2', label: 'Visit 2', overdoseStartedAt: '10:05' };
    expect(after([quiet], [quiet, other])).toEqual([[], ['overdoseResponseStarted:Visit 2']]);
  });
});
