/**
 * Which alerts are new in a room view, compared with the one before: each occurrence sounds once,
 * not again at every refresh. The host decides the states (alertStates per visit); this only
 * compares them. A screen that has just connected stays quiet about what was already so, except
 * an overdose response still open: whoever opens a screen in the room must know of it at once.
 */
import type { AlertSounds, RoomView, VisitAlertStates } from '../../shared/contract/index.js';

export type AlertEvent = keyof AlertSounds;

export interface VisitAlerts extends VisitAlertStates { visitId: string; label: string }

export interface NewAlert { event: AlertEvent; label: string }

export const alertWords: Record<AlertEvent, string> = {
  observationOverdue: 'Observation overdue',
  redFlagRecorded: 'Red flag recorded',
  overdoseResponseStarted: 'Overdose response started',
};

/**
 * The alert states on this screen, by preferred name as on the cards; on a locked screen by label
 * ("Visit 2", in the order the visits began, as the locked board numbers them), never by name, also
 * while a screen locked by its own timer still holds the last full view.
 */
export function visitAlertsIn(room: RoomView, locked: boolean): VisitAlerts[] {
  if (room.locked) return room.locked.visitAlerts;
  const open = room.visits.filter((visit) => visit.stage !== 'closed').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return open.map((visit, index) => ({
    visitId: visit.visitId, label: locked ? `Visit ${index + 1}` : visit.person.preferredName, ...visit.alertStates,
  }));
}

function newFor(before: VisitAlertStates | undefined, now: VisitAlerts): NewAlert[] {
  const found: AlertEvent[] = [];
  if (now.observationOverdue && !(before?.observationOverdue ?? false)) found.push('observationOverdue');
  if (now.redFlagRecordedAt !== null && now.redFlagRecordedAt !== before?.redFlagRecordedAt) found.push('redFlagRecorded');
  if (now.overdoseStartedAt !== null && now.overdoseStartedAt !== before?.overdoseStartedAt) found.push('overdoseResponseStarted');
  return found.map((event) => ({ event, label: now.label }));
}

/** `before`: null for the first view since the screen connected. */
export function newAlerts(before: ReadonlyMap<string, VisitAlertStates> | null, now: readonly VisitAlerts[]): NewAlert[] {
  if (before === null) {
    return now.filter((visit) => visit.overdoseStartedAt !== null).map((visit) => ({ event: 'overdoseResponseStarted', label: visit.label }));
  }
  return now.flatMap((visit) => newFor(before.get(visit.visitId), visit));
}

export function statesByVisit(now: readonly VisitAlerts[]): Map<string, VisitAlertStates> {
  return new Map(now.map((visit) => [visit.visitId, visit]));
}
