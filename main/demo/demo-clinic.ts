/**
 * Demo data for a fresh kiosk: one clinic, its staff (one of each role, two nurses), four service
 * users with prescriptions and a stock receipt, written as ordinary reference events so the demo
 * exercises the real paths. Loaded only into an empty ledger, and only when the kiosk
 * configuration asks for demo data.
 *
 * The demo clinic is set up three days before the kiosk first starts, so that Kez, whose
 * prescription began then and who has not attended since, arrives with treatment paused for
 * missed sessions: the re-titration block can be seen and cleared without waiting three sessions.
 */
import { hashSync } from '@node-rs/argon2';
import { addClinicDays, clinicDayOf } from '../../shared/clinic-time/clinic-day.js';
import { mgInUnits, type ControlledDrugProduct, type ProductForm } from '../../shared/register/products.js';
import { defaultSiteRules } from '../../shared/site-rules/site-rules.js';
import type { DemoSignIn } from '../host/demo-sign-ins.js';
import type { EventDraft } from '../ledger/ledger.js';
import { demoPortrait } from './demo-portrait.js';

const clinicId = 'demo-clinic';
export const demoClinicTimeZone = 'Europe/London';
const timeZone = demoClinicTimeZone;
export const demoSetUpDaysBefore = 3;

interface DemoStaff extends DemoSignIn { staffId: string }

export const demoStaff: readonly DemoStaff[] = [
  { staffId: 'demo-staff-nurse', displayName: 'Aisha Khan', role: 'nurse', badgeNumber: 'N1001', pin: '2468' },
  { staffId: 'demo-staff-nurse-2', displayName: 'Priya Nair', role: 'nurse', badgeNumber: 'N1002', pin: '1357' },
  { staffId: 'demo-staff-hca', displayName: 'Tom Reid', role: 'hca', badgeNumber: 'H2001', pin: '8642' },
  { staffId: 'demo-staff-prescriber', displayName: 'Dr Okafor', role: 'prescriber', badgeNumber: 'P3001', pin: '9753' },
  { staffId: 'demo-staff-lead', displayName: 'Sam Lee', role: 'clinicLead', badgeNumber: 'L4001', pin: '1593' },
];

export const demoSignIns: readonly DemoSignIn[] = demoStaff.map(({ staffId: _, ...signIn }) => signIn);

const prescriberId = 'demo-staff-prescriber';

export interface DemoPerson {
  id: string; preferredName: string; legalName: string; dateOfBirth: string; hue: number;
  alcoholMonitoring: boolean; handoverNote: string | null; doseMg: number; routes: ('IV' | 'IM')[];
  reducedDoseRange: { minMg: number; maxMg: number } | null;
  /** Days after the clinic was set up that the prescription starts. */
  startsAfterSetUp: number;
}

export const demoPeople: readonly DemoPerson[] = [
  { id: 'demo-su-1', preferredName: 'Jay', legalName: 'Jason Pryce', dateOfBirth: '1984-03-12', hue: 205, alcoholMonitoring: true,
    handoverNote: 'Prefers the booth by the window. Starting college on Mondays.', doseMg: 150, routes: ['IV', 'IM'],
    reducedDoseRange: { minMg: 100, maxMg: 140 }, startsAfterSetUp: demoSetUpDaysBefore },
  { id: 'demo-su-2', preferredName: 'Mags', legalName: 'Margaret Doyle', dateOfBirth: '1979-11-02', hue: 330, alcoholMonitoring: false,
    handoverNote: 'Veins difficult on the left: may switch to IM.', doseMg: 200, routes: ['IV', 'IM'],
    reducedDoseRange: { minMg: 120, maxMg: 180 }, startsAfterSetUp: demoSetUpDaysBefore },
  { id: 'demo-su-3', preferredName: 'Dee', legalName: 'Deepak Shah', dateOfBirth: '1990-07-25', hue: 140, alcoholMonitoring: false,
    handoverNote: null, doseMg: 120, routes: ['IM'], reducedDoseRange: null, startsAfterSetUp: demoSetUpDaysBefore },
  { id: 'demo-su-4', preferredName: 'Kez', legalName: 'Kerry Ellis', dateOfBirth: '1987-02-14', hue: 30, alcoholMonitoring: false,
    handoverNote: 'Back from a stay with family; phone number changed.', doseMg: 100, routes: ['IV'], reducedDoseRange: null,
    startsAfterSetUp: 0 },
];

function personEvents(person: DemoPerson, setUpDay: string): EventDraft[] {
  return [
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
        drug: 'diamorphine', allowedForms: [...demoAllowedForms], strengthMgPerMl: 100,
        dosePerSessionMg: person.doseMg, sessionsPerDay: 2, routes: person.routes, reducedDoseRange: person.reducedDoseRange,
        startsOn: addClinicDays(setUpDay, person.startsAfterSetUp), endsOn: null, prescriberId,
      },
    },
  ];
}

/** `setUpAt`: when the demo clinic was set up, `demoSetUpDaysBefore` days before the kiosk first starts. */
export function demoClinicEvents(setUpAt: Date): EventDraft[] {
  const setUpDay = clinicDayOf(setUpAt, timeZone);
  return [
    { event: { type: 'clinicRegistered', clinicId, name: 'Riverside HAT Clinic (demo)', timeZone } },
    { event: { type: 'siteRulesAdopted', rules: defaultSiteRules } },
    ...demoStaff.map(({ staffId, displayName, role, badgeNumber, pin }): EventDraft => ({
      event: { type: 'staffEnrolled', staffId, displayName, role, badgeNumber, pinHash: hashSync(pin), active: true },
    })),
    ...demoPeople.flatMap((person) => personEvents(person, setUpDay)),
    ...demoProductEvents(setUpDay),
  ];
}

/** The demo catalogue: diamorphine powder in ampoules of two strengths, each its own register section. */
/**
 * The forms demo prescriptions allow: the demo cupboard's products are powder, and a solution a
 * clinic lead adds to the catalogue (as the register's tests do) may be drawn from too.
 */
export const demoAllowedForms: readonly ProductForm[] = ['powder for injection', 'solution for injection'];

export const demoProducts = {
  ampoule100mg: { productId: 'demo-cdp-diamorphine-100mg', drug: 'diamorphine', form: 'powder for injection', counting: { unit: 'ampoule', mgPerAmpoule: 100 } },
  ampoule500mg: { productId: 'demo-cdp-diamorphine-500mg', drug: 'diamorphine', form: 'powder for injection', counting: { unit: 'ampoule', mgPerAmpoule: 500 } },
} as const satisfies Record<string, ControlledDrugProduct>;

function demoProductEvents(setUpDay: string): EventDraft[] {
  const products = [{ product: demoProducts.ampoule100mg, ampoules: 100 }, { product: demoProducts.ampoule500mg, ampoules: 20 }];
  return products.flatMap(({ product, ampoules }, index): EventDraft[] => [
    { actorStaffId: 'demo-staff-lead', event: { type: 'controlledDrugProductAdded', ...product } },
    {
      actorStaffId: 'demo-staff-nurse',
      witnessStaffId: 'demo-staff-nurse-2',
      event: {
        type: 'stockReceived', drug: product.drug, productId: product.productId, units: ampoules,
        quantityMg: mgInUnits(product.counting, ampoules), batch: `DEMO-B${index + 1}`, expiresOn: addClinicDays(setUpDay, 730),
        supplier: 'Demo pharmacy', reference: `DEMO-000${index + 1}`, receivedBy: 'demo-staff-nurse', witnessedBy: 'demo-staff-nurse-2',
      },
    },
  ]);
}
