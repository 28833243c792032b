/**
 * Demo data for a fresh kiosk: one clinic, two staff, three service users with prescriptions,
 * written as ordinary reference events so the demo exercises the real paths. Loaded only into
 * an empty ledger, and only when the kiosk configuration asks for demo data.
 */
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import type { EventDraft } from '../ledger/ledger.js';
import { demoPortrait } from './demo-portrait.js';

const clinicId = 'demo-clinic';
const nurseId = 'demo-staff-nurse';
const hcaId = 'demo-staff-hca';
const prescriberId = 'demo-staff-prescriber';

function isoDateDaysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

interface DemoPerson {
  id: string; preferredName: string; legalName: string; dateOfBirth: string; hue: number;
  alcoholMonitoring: boolean; handoverNote: string | null; doseMg: number; routes: ('IV' | 'IM')[];
}

const people: DemoPerson[] = [
  { id: 'demo-su-1', preferredName: 'Jay', legalName: 'Jason Pryce', dateOfBirth: '1984-03-12', hue: 205,
    alcoholMonitoring: true, handoverNote: 'Prefers the booth by the window. Starting college on Mondays.', doseMg: 150, routes: ['IV', 'IM'] },
  { id: 'demo-su-2', preferredName: 'Mags', legalName: 'Margaret Doyle', dateOfBirth: '1979-11-02', hue: 330,
    alcoholMonitoring: false, handoverNote: 'Veins difficult on the left: may switch to IM.', doseMg: 200, routes: ['IV', 'IM'] },
  { id: 'demo-su-3', preferredName: 'Dee', legalName: 'Deepak Shah', dateOfBirth: '1990-07-25', hue: 140,
    alcoholMonitoring: false, handoverNote: null, doseMg: 120, routes: ['IM'] },
];

export function demoClinicEvents(now: Date): EventDraft[] {
  return [
    { event: { type: 'clinicRegistered', clinicId, name: 'Riverside HAT Clinic (demo)', timeZone: 'Europe/London' } },
    { event: { type: 'siteRulesAdopted', rules: defaultSiteRules } },
    { event: { type: 'staffEnrolled', staffId: nurseId, displayName: 'Aisha Khan', role: 'nurse' } },
    { event: { type: 'staffEnrolled', staffId: hcaId, displayName: 'Tom Reid', role: 'hca' } },
    { event: { type: 'staffEnrolled', staffId: prescriberId, displayName: 'Dr Okafor', role: 'prescriber' } },
    ...people.flatMap((person): EventDraft[] => [
      {
        serviceUserId: person.id,
        event: {
          type: 'serviceUserEnrolled', serviceUserId: person.id, preferredName: person.preferredName,
          legalName: person.legalName, dateOfBirth: person.dateOfBirth,
          photo: demoPortrait(person.preferredName.slice(0, 1), person.hue),
          alcoholMonitoring: person.alcoholMonitoring, handoverNote: person.handoverNote,
        },
      },
      {
        serviceUserId: person.id,
        actorStaffId: prescriberId,
        event: {
          type: 'prescriptionIssued', prescriptionId: `${person.id}-rx-1`, serviceUserId: person.id,
          drug: 'diamorphine', form: 'powder for injection, reconstituted', strengthMgPerMl: 100,
          dosePerSessionMg: person.doseMg, sessionsPerDay: 2, routes: person.routes,
          startsOn: isoDateDaysBefore(now, 30), endsOn: null, prescriberId,
        },
      },
    ]),
  ];
}
