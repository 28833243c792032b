/**
 * Rules that decide whether a visit may start at all (docs/clinical-protocol.md, "Sessions and
 * doses"): a session window is open; dosing is not paused for missed sessions; no dose yet this
 * session; the prescription's doses for the day and the daily maximum are not used up; the
 * minimum interval since the last dose has passed. Each refusal says what to do next.
 */
import { clinicDayOf, clockTimeIn, instantOn, nextSessionAfter, sessionAt, type SessionOnDay } from '../clinic-time/clinic-day.js';
import { refusal, type Refusal } from '../refusals/refusal.js';
import type { SiteRules } from '../site-rules/site-rules.js';

const minute = 60_000;

/**
 * A session as a fact was recorded under it: the clinic day, the window's id and its local times
 * that day. Two facts are in the same session when they share the day and the id, or their
 * windows overlap: a window split, moved or renamed since cannot open a second session inside the
 * first.
 */
export interface SessionFact { clinicDay: string; sessionId: string; opensAt: string; closesAt: string }

export function sameSession(a: SessionFact, b: SessionFact): boolean {
  if (a.clinicDay !== b.clinicDay) return false;
  return a.sessionId === b.sessionId || (a.opensAt < b.closesAt && b.opensAt < a.closesAt);
}

export function sessionFactOf(session: SessionOnDay): SessionFact {
  return { clinicDay: session.clinicDay, sessionId: session.id, opensAt: session.window.opensAt, closesAt: session.window.closesAt };
}

export interface DoseGiven extends SessionFact { at: string; mg: number }
export interface WithheldFact extends SessionFact { at: string; reason: string }

/** What the one-dose-a-session, daily and interval rules are judged on, for one session of one person. */
export interface DosingFacts {
  preferredName: string;
  now: Date;
  rules: SiteRules;
  timeZone: string;
  sessionsPerDay: number;
  /** The session the dose would be given for. */
  session: SessionFact;
  /** The last dose given to this person by any other visit. */
  lastDoseAt: string | null;
  /** Doses given by other visits on the session's clinic day. */
  dosesThatDay: readonly DoseGiven[];
  consecutiveMissed: number;
  /** Doses withheld on the session's clinic day. */
  withheldThatDay: readonly WithheldFact[];
}

export type CheckInFacts = Omit<DosingFacts, 'session'>;

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

function intervalProblems(facts: DosingFacts): Refusal[] {
  if (facts.lastDoseAt === null) return [];
  const gap = facts.rules.dosing.minimumMinutesBetweenDoses;
  const nextFrom = Date.parse(facts.lastDoseAt) + gap * minute;
  if (facts.now.getTime() >= nextFrom) return [];
  const hours = gap % 60 === 0 ? `${gap / 60} hours` : `${gap} minutes`;
  return [refusal('tooSoonAfterLastDose',
    `${facts.preferredName} was last given a dose at ${time(facts.lastDoseAt, facts.timeZone)}. ` +
    `Doses must be at least ${hours} apart, so the next can be given from ${time(new Date(nextFrom), facts.timeZone)}.`)];
}

function dailyProblems(facts: DosingFacts): Refusal[] {
  const { preferredName: name, dosesThatDay, sessionsPerDay, rules, session } = facts;
  const givenMg = dosesThatDay.reduce((sum, dose) => sum + dose.mg, 0);
  const thisSession = dosesThatDay.find((dose) => sameSession(dose, session));
  // A withhold decision stands for the session: a second check-in must not quietly undo it.
  const withheld = facts.withheldThatDay.find((visit) => sameSession(visit, session));
  if (withheld) {
    return [refusal('withheldThisSession', `${name}'s dose was withheld this session at ${time(withheld.at, facts.timeZone)} (${withheld.reason}). The next dose can be considered next session.`)];
  }
  if (thisSession) return [refusal('dosedThisSession', `${name} has already had a dose this session, at ${time(thisSession.at, facts.timeZone)}.`)];
  if (dosesThatDay.length >= sessionsPerDay) {
    return [refusal('sessionsPerDayUsed', `${name}'s prescription is for ${sessionsPerDay} dose${sessionsPerDay === 1 ? '' : 's'} a day, and ${dosesThatDay.length} ${dosesThatDay.length === 1 ? 'has' : 'have'} been given that day.`)];
  }
  if (givenMg >= rules.dosing.maximumDailyMg) {
    return [refusal('dailyMaximumReached', `${name} has had ${givenMg} mg that day: the daily maximum of ${rules.dosing.maximumDailyMg} mg is reached.`)];
  }
  return [];
}

function missedProblems(facts: DosingFacts): Refusal[] {
  const limit = facts.rules.dosing.missedSessionsBeforeBlock;
  return facts.consecutiveMissed >= limit
    ? [refusal('missedSessionsBlock', `${facts.preferredName} has missed ${facts.consecutiveMissed} sessions in a row, so treatment is paused until the prescriber re-titrates. Ask the prescriber to review and clear the block.`)]
    : [];
}

/**
 * The rules about this person's doses for one session, in the order staff need them: paused for
 * missed sessions, then the session and the day, then the interval. Judged at check-in and again
 * at the moment the dose is prepared and given.
 */
export function dosingDecision(facts: DosingFacts): { problems: Refusal[]; briefly: string } | null {
  const missed = missedProblems(facts);
  if (missed.length > 0) return { problems: missed, briefly: 'Treatment paused: prescriber to review' };
  const daily = dailyProblems(facts);
  if (daily.length > 0) return { problems: daily, briefly: 'Not this session' };
  const interval = intervalProblems(facts);
  if (interval.length > 0) return { problems: interval, briefly: 'Too soon after the last dose' };
  return null;
}

export function checkInDecision(facts: CheckInFacts): CheckInDecision {
  const session = sessionAt(facts.now, facts.rules.sessions.windows, facts.timeZone);
  if (!session) return { ok: false, problems: [closedProblem(facts)], briefly: 'No session open' };
  const refusedFor = dosingDecision({ ...facts, session: sessionFactOf(session) });
  if (refusedFor) return { ok: false, ...refusedFor };
  return { ok: true, session, givenTodayMg: facts.dosesThatDay.reduce((sum, dose) => sum + dose.mg, 0) };
}

/**
 * Whether the visit's own session still allows a dose at `now`: its window in the rules in force
 * (by id), on the visit's clinic day, up to the grace time after it closes. A person checked in on
 * time is not punished for the queue; past the grace time the visit cannot be dosed at all.
 */
export function sessionWindowProblems(
  session: SessionFact & { name: string }, rules: SiteRules, now: Date, timeZone: string, preferredName: string,
): Refusal[] {
  const window = rules.sessions.windows.find((candidate) => candidate.id === session.sessionId);
  const checkInAgain = `End this visit (waste anything drawn up, witnessed) and check ${preferredName} in again for the session open now.`;
  if (!window) {
    return [refusal('sessionNoLongerInRules', `The ${session.name} session is no longer in the site rules in force: this visit cannot be dosed. ${checkInAgain}`)];
  }
  const opens = instantOn(session.clinicDay, window.opensAt, timeZone).getTime();
  const closes = instantOn(session.clinicDay, window.closesAt, timeZone).getTime();
  const grace = rules.sessions.graceMinutesAfterClose;
  const graceEnds = closes + grace * minute;
  const at = now.getTime();
  if (at < opens) {
    return [refusal('sessionOver', `The ${window.name} session of this visit opens at ${window.opensAt}: a dose cannot be given before it. ${checkInAgain}`)];
  }
  if (at >= graceEnds) {
    const sameDay = clinicDayOf(now, timeZone) === session.clinicDay;
    return [refusal('sessionOver', `The ${window.name} session${sameDay ? '' : ` of ${session.clinicDay}`} closed at ${window.closesAt} and its ` +
      `${grace} min grace time ended at ${time(new Date(graceEnds), timeZone)}: this visit cannot be dosed. ${checkInAgain}`)];
  }
  return [];
}
