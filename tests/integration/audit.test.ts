/**
 * The audit view for the clinic lead, read from the ledger through the real host: each filter (a
 * service user, a staff member, a clinic day, and together) returns exactly the events of the
 * ledger file that match it, newest first, in words, a page at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditFilter, ReportOf } from '../../shared/contract/index.js';
import { ask, as, demo, signIn } from '../support/host-session.js';
import { demoReceipt, doseUpToObservation, observeAndDischarge, openTestKiosk, people, type TestKiosk } from '../support/test-kiosk.js';

let k: TestKiosk;
let lead: string;
// Two clinic days: Dee dosed on Monday (witnessed by Tom Reid), Mags on Tuesday (witnessed by Priya Nair).
const monday = '2026-11-23';
const tuesday = '2026-11-24';

beforeAll(async () => {
  k = await openTestKiosk();
  const nurse = await signIn(k.host, demo.nurse);
  const hca = await signIn(k.host, demo.hca);
  const nurse2 = await signIn(k.host, demo.nurse2);
  lead = await signIn(k.host, demo.lead);
  const nurseActs = as(k.host, nurse);
  await observeAndDischarge(nurseActs, k.clock, await doseUpToObservation(nurseActs, people.dee, { witnessId: hca, drawnMg: 120 }));
  await ask(k.host, { type: 'signIn', badgeNumber: demo.hca.badgeNumber, pin: '0000' });
  // Enough events for more than one page.
  for (let receipt = 1; receipt <= 20; receipt += 1) {
    await nurseActs(demoReceipt(1, `R${receipt}`, { actorId: nurse, witnessId: hca }));
  }
  k.clock.advanceMinutes(24 * 60);
  await observeAndDischarge(nurseActs, k.clock, await doseUpToObservation(nurseActs, people.mags, { witnessId: nurse2, drawnMg: 200 }));
});
afterAll(() => k.close());

async function audit(clinicDay: string | null, filter: Partial<AuditFilter> = {}): Promise<ReportOf<'audit'>> {
  const reply = await ask(k.host, {
    type: 'showReport', report: 'audit', clinicDay, audit: { serviceUserId: null, staffId: null, olderThan: null, ...filter },
  }, lead);
  if (!reply.ok || reply.report?.kind !== 'audit') throw new Error(reply.ok ? 'Not an audit report' : reply.reason);
  return reply.report;
}

/** Every page, following `olderThan` to the end. */
async function allPages(clinicDay: string | null, filter: Partial<AuditFilter> = {}): Promise<ReportOf<'audit'>['entries']> {
  const entries: ReportOf<'audit'>['entries'] = [];
  let page = await audit(clinicDay, filter);
  entries.push(...page.entries);
  while (page.olderThan) {
    page = await audit(clinicDay, { ...filter, olderThan: page.olderThan });
    entries.push(...page.entries);
  }
  return entries;
}

interface Row { kiosk_id: string; seq: number; type: string; actor_staff_id: string | null; witness_staff_id: string | null; payload: string }

/** The matching events as an auditor reading the file would pick them out, newest first. */
function expected(match: (row: Row & { service_user_id: string | null; occurred_at: string }) => boolean): string[] {
  const rows = k.ledger() as unknown as (Row & { service_user_id: string | null; occurred_at: string; event_id: string })[];
  return rows.filter(match)
    .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.kiosk_id.localeCompare(a.kiosk_id) || b.seq - a.seq)
    .map((row) => row.event_id);
}

const involves = (staffId: string) => (row: Row) => row.actor_staff_id === staffId || row.witness_staff_id === staffId ||
  JSON.parse(row.payload).staffId === staffId || JSON.parse(row.payload).witnessedBy === staffId;

describe('the audit view', () => {
  it('lists every event of the ledger, newest first, fifty to a page, with nothing lost or repeated between pages', async () => {
    const first = await audit(null);
    expect(first.entries).toHaveLength(50);
    expect(first.olderThan).not.toBeNull();
    const everything = await allPages(null);
    expect(everything.map((entry) => entry.eventId)).toEqual(expected(() => true));
  });

  it('filters by service user: exactly the events about that person', async () => {
    const dee = await allPages(null, { serviceUserId: people.dee });
    expect(dee.map((entry) => entry.eventId)).toEqual(expected((row) => row.service_user_id === people.dee));
    expect(dee.length).toBeGreaterThan(5);
    expect(new Set(dee.map((entry) => entry.serviceUser))).toEqual(new Set(['Dee']));
  });

  it('filters by staff member: what they did, witnessed, or what happened to their badge', async () => {
    const tom = await allPages(null, { staffId: demo.hca.staffId });
    expect(tom.map((entry) => entry.eventId)).toEqual(expected(involves(demo.hca.staffId)));
    expect(tom.map((entry) => entry.words)).toContain('A wrong PIN was entered for Tom Reid at sign-in (1 in a row)');
    expect(tom.map((entry) => entry.serviceUser)).not.toContain('Mags');
  });

  it('filters by clinic day, and by all three together', async () => {
    const tuesdays = await allPages(tuesday);
    expect(tuesdays.map((entry) => entry.eventId)).toEqual(expected((row) => row.occurred_at >= '2026-11-24T00:00:00.000Z' && row.occurred_at < '2026-11-25T00:00:00.000Z'));
    expect(tuesdays.every((entry) => entry.serviceUser !== 'Dee')).toBe(true);
    const together = await allPages(monday, { serviceUserId: people.dee, staffId: demo.hca.staffId });
    expect(together.map((entry) => entry.eventId)).toEqual(expected((row) =>
      row.service_user_id === people.dee && involves(demo.hca.staffId)(row) && row.occurred_at < '2026-11-24T00:00:00.000Z'));
    expect(await allPages(tuesday, { serviceUserId: people.dee })).toEqual([]);
  });

  it('says each event in words, with who acted, who witnessed, to whom, and where', async () => {
    const mags = await allPages(tuesday, { serviceUserId: people.mags });
    const dose = mags.find((entry) => entry.type === 'doseAdministered');
    expect(dose).toMatchObject({
      words: 'Aisha Khan recorded the dose given to Mags, 200 mg IM (left thigh), witnessed by Priya Nair',
      actor: 'Aisha Khan', witness: 'Priya Nair', serviceUser: 'Mags', kioskName: 'this kiosk',
    });
    expect(mags.at(-1)?.words).toBe('Aisha Khan checked Mags in for the morning session');
  });
});
