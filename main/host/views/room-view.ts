/**
 * The RoomView every screen draws: the open (and just closed) visits, the people who can be
 * checked in and why any may not, who is on duty, the breathalyser, sync, incidents and banners.
 * It assembles the views beside it and judges nothing itself: each rule it shows is decided where
 * the host enforces it (clinic-context, shared/visit), so the screen and the refusal always agree.
 */
import { clinicDayOf } from '../../../shared/clinic-time/clinic-day.js';
import { defaultAlertSounds } from '../../../shared/site-rules/site-rules.js';
import type { RoomView } from '../../../shared/contract/index.js';
import { clinicContextAt, pausedReason, timeZoneOf } from '../clinic-context/clinic-context.js';
import type { HostParts } from '../host-parts.js';
import { idleLockSeconds } from '../staff/staff-on-duty.js';
import { alerts, sessionWords } from './alerts.js';
import { onDutyCard, personCard } from './cards.js';
import { incidentViews } from './incident-view.js';
import { redactedForLockedScreen } from './locked-screen.js';
import { syncView } from './sync-view.js';
import { visitView } from './visit-view.js';

/** Log lines lost to the data folder's disk: usually the first sign that the ledger's disk is failing or full. */
function logAlerts(parts: Pick<HostParts, 'logHealth'>): string[] {
  const health = parts.logHealth?.();
  return health?.state === 'dropping' ? [health.words] : [];
}

const minute = 60_000;
const closedVisitShownForMinutes = 5;

export type RoomViewParts = Pick<HostParts,
  'kioskId' | 'reference' | 'history' | 'incidents' | 'events' | 'stock' | 'registry' | 'staff' | 'clock' | 'breathalyser' | 'demoSignIns' | 'demoClock' | 'sync' | 'logHealth'>;

export function roomView(parts: RoomViewParts): RoomView {
  const view = fullRoomView(parts);
  return parts.staff.isScreenLocked() ? redactedForLockedScreen(view, parts.registry.openVisits()) : view;
}

function fullRoomView(parts: RoomViewParts): RoomView {
  const clinic = parts.reference.clinic();
  const timeZone = timeZoneOf(clinic);
  const nowDate = parts.clock.now();
  const now = nowDate.toISOString();
  const inForce = parts.reference.siteRulesVersionAt(nowDate);
  const latest = parts.reference.latestSiteRules();
  const rules = inForce?.rules ?? null;
  const people = parts.reference.serviceUsers();
  const byId = new Map(people.map((person) => [person.serviceUserId, person]));
  const open = parts.registry.openVisits();
  const recentlyClosed = parts.registry.closedSince(new Date(Date.parse(now) - closedVisitShownForMinutes * minute));
  const withOpenVisit = new Set(open.map((snapshot) => snapshot.context.serviceUserId));
  const device = parts.breathalyser.state();
  const today = clinicDayOf(nowDate, timeZone);
  const checkInContext = clinicContextAt(parts, nowDate);
  const facts = {
    nowIso: now, timeZone, testingVisitId: device.busyWithVisitId, device, staff: parts.staff, reference: parts.reference, history: parts.history,
    stock: parts.stock, registry: parts.registry,
  };
  return {
    kiosk: { kioskId: parts.kioskId, clinicName: clinic?.name ?? 'Clinic not set up', timeZone, demoClock: parts.demoClock },
    now,
    alerts: [...alerts(parts, nowDate, timeZone, rules), ...logAlerts(parts)],
    rulesNotApproved: (rules?.approvedBy ?? null) === null,
    rulesVersion: rules?.version ?? null,
    rulesAwaitingApproval: latest && latest.version !== inForce?.version && latest.approvedAt === null ? latest.version : null,
    session: sessionWords(rules, nowDate, timeZone),
    staffOnDuty: parts.staff.members().map(onDutyCard),
    demoSignIns: [...parts.demoSignIns],
    device: { status: device.status, words: device.words, simulated: device.simulated, busyWithVisitId: device.busyWithVisitId },
    waiting: people
      .filter((person) => !withOpenVisit.has(person.serviceUserId) && parts.reference.activePrescription(person.serviceUserId, today))
      .map((person) => ({ ...personCard(person), paused: pausedReason(parts.reference, checkInContext, person, 'brief') })),
    visits: [...open, ...recentlyClosed].flatMap((snapshot) => {
      const person = byId.get(snapshot.context.serviceUserId);
      return person ? [visitView(snapshot, person, facts)] : [];
    }),
    alertSounds: rules?.alertSounds ?? { ...defaultAlertSounds },
    sync: syncView(parts.sync.status()),
    incidents: incidentViews(parts, (id) => { const person = byId.get(id); return person ? personCard(person) : null; }, timeZone),
    locked: null,
    idleLockSeconds,
  };
}
