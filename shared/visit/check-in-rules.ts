/**
 * Rules that decide whether a visit may start at all (docs/clinical-protocol.md, "Sessions and
 * doses"): a session window is open; dosing is not paused for missed sessions; no dose yet this
 * session; the prescription's doses for the day and the daily maximum are not used up; the
 * minimum interval since the last dose has passed. Each refusal says what to do next.
 */
import { clinicDayOf, clockTimeIn, nextSessionAfter, sessionAt, type SessionOnDay } from '../clinic-time/clinic-day.js';
import { refusal, type Refusal } from '../refusals/refusal.js';
import type { SiteRules } from '../site-rules/site-rules.js';

const minute = 60_000;

export interface DoseGiven { at: string; mg: number; sessionIndex: number }

export interface CheckInFacts {
  preferredName: string;
  now: Date;
  rules: SiteRules;
  timeZone: string;
  sessionsPerDay: number;
  lastDoseAt: string | null;
  /** Doses administered to this person on the current clinic day. */
  dosesToday: readonly DoseGiven[];
  consecutiveMissed: number;
  /** Doses withheld from this person on the current clinic day, by session. */
  withheldToday: readonly { at: string; reason: string; sessionIndex: number }[];
}

export type CheckInDecision =
  | { ok: true; session: SessionOnDay; givenTodayMg: number }
  // `briefly`: the few words the room board shows, with no dose or amount a passer-by could read.
  | { ok: false; problems: Refusal[]; briefly: string };

function time(instant: Date | string, timeZone: string): string {
  return clockTimeIn(new Date(instant), timeZone);
}

function closedProblem(facts: CheckInFacts): Refusal {
  const next = nextSessionAfter(facts.now, facts.rules.sessions.windows, facts.timeZone);
  const windows = facts.rules.sessions.windows.map((window) => `${window.name} ${window.opensAt}–${window.closesAt}`).join(', ');
  const today = clinicDayOf(facts.now, facts.timeZone);
  const when = next.clinicDay === today ? '' : ' tomorrow';
  return refusal('sessionClosed', `No dosing session is open now (${windows}). The next, ${next.name}, opens${when} at ${time(next.opensAt, facts.timeZone)}.`);
}

function intervalProblems(facts: CheckInFacts): Refusal[] {
  if (facts.lastDoseAt === null) return [];
  const gap = facts.rules.dosing.minimumMinutesBetweenDoses;
  const nextFrom = Date.parse(facts.lastDoseAt) + gap * minute;
  if (facts.now.getTime() >= nextFrom) return [];
  const hours = gap % 60 === 0 ? `${gap / 60} hours` : `${gap} minutes`;
  return [refusal('tooSoonAfterLastDose',
    `${facts.preferredName} was last given a dose at ${time(facts.lastDoseAt, facts.timeZone)}. ` +
    `Doses must be at least ${hours} apart, so the next can be given from ${time(new Date(nextFrom), facts.timeZone)}.`)];
}

function dailyProblems(facts: CheckInFacts, session: SessionOnDay, givenTodayMg: number): Refusal[] {
  const { preferredName: name, dosesToday, sessionsPerDay, rules } = facts;
  const thisSession = dosesToday.find((dose) => dose.sessionIndex === session.index);
  // A withhold decision stands for the session: a second check-in must not quietly undo it.
  const withheld = facts.withheldToday.find((visit) => visit.sessionIndex === session.index);
  if (withheld) {
    return [refusal('withheldThisSession', `${name}'s dose was withheld this session at ${time(withheld.at, facts.timeZone)} (${withheld.reason}). The next dose can be considered next session.`)];
  }
  if (thisSession) return [refusal('dosedThisSession', `${name} has already had a dose this session, at ${time(thisSession.at, facts.timeZone)}.`)];
  if (dosesToday.length >= sessionsPerDay) {
    return [refusal('sessionsPerDayUsed', `${name}'s prescription is for ${sessionsPerDay} dose${sessionsPerDay === 1 ? '' : 's'} a day, and ${dosesToday.length} ${dosesToday.length === 1 ? 'has' : 'have'} been given today.`)];
  }
  if (givenTodayMg >= rules.dosing.maximumDailyMg) {
    return [refusal('dailyMaximumReached', `${name} has had ${givenTodayMg} mg today: the daily maximum of ${rules.dosing.maximumDailyMg} mg is reached.`)];
  }
  return [];
}

function missedProblems(facts: CheckInFacts): Refusal[] {
  const limit = facts.rules.dosing.missedSessionsBeforeBlock;
  return facts.consecutiveMissed >= limit
    ? [refusal('missedSessionsBlock', `${facts.preferredName} has missed ${facts.consecutiveMissed} sessions in a row, so treatment is paused until the prescriber re-titrates. Ask the prescriber to review and clear the block.`)]
    : [];
}

export function checkInDecision(facts: CheckInFacts): CheckInDecision {
  const session = sessionAt(facts.now, facts.rules.sessions.windows, facts.timeZone);
  if (!session) return { ok: false, problems: [closedProblem(facts)], briefly: 'No session open' };
  const givenTodayMg = facts.dosesToday.reduce((sum, dose) => sum + dose.mg, 0);
  const missed = missedProblems(facts);
  if (missed.length > 0) return { ok: false, problems: missed, briefly: 'Treatment paused: prescriber to review' };
  const daily = dailyProblems(facts, session, givenTodayMg);
  if (daily.length > 0) return { ok: false, problems: daily, briefly: 'Not this session' };
  const interval = intervalProblems(facts);
  if (interval.length > 0) return { ok: false, problems: interval, briefly: 'Too soon after the last dose' };
  return { ok: true, session, givenTodayMg };
}
