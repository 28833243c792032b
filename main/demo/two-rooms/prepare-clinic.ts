/**
 * The demo clinic, entered at room 1 the way a clinic lead, a prescriber and a nurse would enter
 * it: intentions through the real host, so every record is an ordinary signed event that reaches
 * room 2 by sync. Run once, on a kiosk registered with a fresh central store.
 */
import type { Host } from '../../host/host.js';
import type { Intention, Reply } from '../../../shared/contract/index.js';
import { addClinicDays, clinicDayOf } from '../../../shared/clinic-time/clinic-day.js';
import { demoAllowedForms, demoPeople, demoProducts, demoSetUpDaysBefore, demoStaff } from '../demo-clinic.js';
import { demoPortraitPng } from '../demo-portrait.js';

async function asked(host: Host, intention: Intention, actorId: string | null): Promise<Reply & { ok: true }> {
  const answer = await host.receive({ requestId: `two-rooms-${Math.random().toString(36).slice(2)}`, actorId, intention });
  if (!answer?.reply.ok) throw new Error(`The demo clinic could not be entered (${intention.type}): ${answer?.reply.ok === false ? answer.reply.reason : 'no reply'}`);
  return answer.reply;
}

async function signIn(host: Host, badgeNumber: string, pin: string): Promise<string> {
  const { staffId } = await asked(host, { type: 'signIn', badgeNumber, pin }, null);
  if (staffId === null) throw new Error('Signed in, but no staff id came back.');
  return staffId;
}

/**
 * A demonstration may be given at any hour, but check-in needs an open session: when none is open
 * now, the clinic lead records demo session hours covering the whole day, as a new version of the
 * site rules that the screens show like any other.
 */
async function openSessionsAllDay(host: Host, leadId: string): Promise<void> {
  if (!host.room().session.startsWith('No session open')) return;
  const { report } = await asked(host, { type: 'showReport', report: 'siteRules', clinicDay: null }, leadId);
  if (report?.kind !== 'siteRules') throw new Error('The site rules could not be read.');
  const { version: _version, approvedBy: _approvedBy, ...rules } = report.current;
  await asked(host, {
    type: 'changeSiteRules',
    rules: {
      ...rules,
      sessions: {
        ...rules.sessions,
        windows: [{ name: 'Morning (demo hours)', opensAt: '00:00', closesAt: '12:00' }, { name: 'Evening (demo hours)', opensAt: '12:00', closesAt: '23:59' }],
      },
    },
  }, leadId);
}

export async function enterDemoClinic(host: Host, lead: { badgeNumber: string; pin: string }): Promise<void> {
  const leadId = await signIn(host, lead.badgeNumber, lead.pin);
  await openSessionsAllDay(host, leadId);
  for (const member of demoStaff.filter((staff) => staff.badgeNumber !== lead.badgeNumber)) {
    const { displayName, role, badgeNumber, pin } = member;
    await asked(host, { type: 'enrolStaff', staffId: null, displayName, role, badgeNumber, pin, active: true }, leadId);
  }
  const prescriber = demoStaff.find((staff) => staff.role === 'prescriber');
  const nurses = demoStaff.filter((staff) => staff.role === 'nurse');
  if (!prescriber || nurses.length < 2) throw new Error('The demo clinic needs a prescriber and two nurses.');
  const prescriberId = await signIn(host, prescriber.badgeNumber, prescriber.pin);
  // Four eyes: the demo hours the lead set are approved by the prescriber, never by the lead alone.
  const room = host.room();
  const version = room.rulesAwaitingApproval ?? (room.rulesNotApproved ? room.rulesVersion : null);
  if (version !== null) await asked(host, { type: 'approveSiteRules', version }, prescriberId);
  const today = clinicDayOf(host.room().now ? new Date(host.room().now) : new Date(), host.room().kiosk.timeZone);
  for (const person of demoPeople) {
    await asked(host, {
      type: 'enrolServiceUser', serviceUserId: null, preferredName: person.preferredName, legalName: person.legalName,
      dateOfBirth: person.dateOfBirth, photo: demoPortraitPng(person.hue),
      alcoholMonitoring: person.alcoholMonitoring, handoverNote: person.handoverNote,
    }, leadId);
    const { report } = await asked(host, { type: 'showReport', report: 'serviceUsers', clinicDay: null }, prescriberId);
    const enrolled = report?.kind === 'serviceUsers' ? report.people.find((each) => each.preferredName === person.preferredName) : undefined;
    if (!enrolled) throw new Error(`${person.preferredName} was enrolled but is not listed.`);
    await asked(host, {
      type: 'issuePrescription', serviceUserId: enrolled.serviceUserId, drug: 'diamorphine', allowedForms: [...demoAllowedForms],
      strengthMgPerMl: 100, dosePerSessionMg: person.doseMg, sessionsPerDay: 2, routes: [...person.routes],
      reducedDoseRange: person.reducedDoseRange, startsOn: addClinicDays(today, person.startsAfterSetUp - demoSetUpDaysBefore), endsOn: null,
    }, prescriberId);
  }
  for (const { drug, form, counting } of Object.values(demoProducts)) {
    await asked(host, { type: 'addControlledDrugProduct', drug, form, counting }, leadId);
  }
  const [nurse, witness] = nurses;
  const nurseId = await signIn(host, nurse!.badgeNumber, nurse!.pin);
  const witnessId = await signIn(host, witness!.badgeNumber, witness!.pin);
  const { report } = await asked(host, { type: 'showReport', report: 'register', clinicDay: null }, nurseId);
  const sections = report?.kind === 'register' ? report.sections : [];
  for (const [index, section] of sections.entries()) {
    if (section.productId === null || section.counting?.unit !== 'ampoule') continue;
    await asked(host, {
      type: 'recordStockReceipt', productId: section.productId, units: Math.round(10_000 / section.counting.mgPerAmpoule),
      batch: `DEMO-B${index + 1}`, expiresOn: addClinicDays(today, 730), supplier: 'Demo pharmacy', reference: `DEMO-000${index + 1}`,
      witnessId, actorPin: nurse!.pin, witnessPin: witness!.pin,
    }, nurseId);
  }
  for (const staffId of [leadId, prescriberId, nurseId, witnessId]) await asked(host, { type: 'signOut', staffId }, staffId);
}
