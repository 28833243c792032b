/**
 * The audit view for the clinic lead: who did what, to whom, when and where, read straight from
 * the ledger (every kiosk's events this ledger holds, pulled ones included), newest first, a page
 * at a time, each event in words. Filters: a service user, a staff member (acting, witnessing, or
 * the one the event is about, such as a badge locked), a clinic day. Nothing here writes.
 */
import type { Database } from 'better-sqlite3';
import { addClinicDays, clockTimeIn, startOfClinicDay } from '../../../shared/clinic-time/clinic-day.js';
import { calendarDate } from '../../../shared/clinic-time/clinic-time-text.js';
import type { AuditCursor, AuditEntry, AuditFilter, ReportOf } from '../../../shared/contract/index.js';
import type { DomainEvent } from '../../../shared/ledger/ledger-event.js';
import { eventFromRow, type EventRow } from '../../ledger/ledger.js';
import { clinicTimeZone } from '../clinic-context/clinic-context.js';
import type { EventRecords } from '../records/event-records.js';
import type { ReferenceData } from '../records/reference-data.js';
import type { StockRecords } from '../records/stock-records.js';

export interface AuditRecords { reference: ReferenceData; events: EventRecords; stock: StockRecords }

export const auditPageSize = 50;

interface Names {
  staff: (id: string | null) => string;
  person: (id: string | null) => string;
  timeZone: string;
  ownKioskId: string | null;
  /** A register section's heading: the product's drug, form and strength. */
  product: (productId: string) => string;
}

export function auditReport(
  db: Database, records: AuditRecords, clinicDay: string | null, filter: AuditFilter | null,
): ReportOf<'audit'> {
  const { reference } = records;
  const timeZone = clinicTimeZone(reference);
  const serviceUserId = filter?.serviceUserId ?? null;
  const staffId = filter?.staffId ?? null;
  const rows = db.prepare<Record<string, string | number | null>, EventRow>(`
    SELECT * FROM events
    WHERE (@person IS NULL OR service_user_id = @person)
      AND (@staff IS NULL OR actor_staff_id = @staff OR witness_staff_id = @staff
           OR json_extract(payload, '$.staffId') = @staff OR json_extract(payload, '$.witnessedBy') = @staff)
      AND (@from IS NULL OR (occurred_at >= @from AND occurred_at < @to))
      AND (@beforeAt IS NULL OR (occurred_at, kiosk_id, seq) < (@beforeAt, @beforeKiosk, @beforeSeq))
    ORDER BY occurred_at DESC, kiosk_id DESC, seq DESC
    LIMIT @limit`).all({
    person: serviceUserId,
    staff: staffId,
    from: clinicDay === null ? null : startOfClinicDay(clinicDay, timeZone).toISOString(),
    to: clinicDay === null ? null : startOfClinicDay(addClinicDays(clinicDay, 1), timeZone).toISOString(),
    beforeAt: filter?.olderThan?.occurredAt ?? null,
    beforeKiosk: filter?.olderThan?.kioskId ?? null,
    beforeSeq: filter?.olderThan?.seq ?? null,
    limit: auditPageSize + 1,
  });
  const page = rows.slice(0, auditPageSize);
  const last = page.at(-1);
  const names: Names = {
    staff: (id) => (id === null ? 'nobody signed in' : reference.nameOf(id)),
    person: (id) => (id === null ? 'someone' : reference.serviceUser(id)?.preferredName ?? 'a person no longer enrolled'),
    timeZone,
    ownKioskId: db.prepare<[], { kiosk_id: string }>('SELECT kiosk_id FROM kiosk').get()?.kiosk_id ?? null,
    product: (productId) => records.stock.sectionTitle(productId),
  };
  const olderThan: AuditCursor | null = rows.length > auditPageSize && last ? { occurredAt: last.occurred_at, kioskId: last.kiosk_id, seq: last.seq } : null;
  return {
    kind: 'audit',
    clinicDay,
    serviceUserId,
    staffId,
    people: reference.serviceUsers().map((person) => ({ id: person.serviceUserId, name: `${person.preferredName} (${person.legalName})` })),
    staff: reference.staff().map((member) => ({ id: member.staffId, name: member.displayName })),
    entries: page.map((row) => auditEntry(records.events, row, names)),
    olderThan,
  };
}

function auditEntry(events: EventRecords, row: EventRow, names: Names): AuditEntry {
  const event = eventFromRow(row);
  return {
    eventId: event.eventId,
    kioskId: event.kioskId,
    kioskName: events.kioskName(event.kioskId) ?? (event.kioskId === names.ownKioskId ? 'this kiosk' : 'another kiosk'),
    seq: event.seq,
    at: event.occurredAt,
    type: event.type,
    words: describe(event.payload, {
      actor: names.staff(event.actorStaffId), witness: event.witnessStaffId === null ? null : names.staff(event.witnessStaffId),
      person: names.person(event.serviceUserId), names,
    }),
    actor: event.actorStaffId === null ? null : names.staff(event.actorStaffId),
    witness: event.witnessStaffId === null ? null : names.staff(event.witnessStaffId),
    serviceUser: event.serviceUserId === null ? null : names.person(event.serviceUserId),
  };
}

const manualReadingWords = { absent: 'no breathalyser connected', broken: 'the breathalyser was broken', failedThisTest: 'the breathalyser failed this test' };

interface Who { actor: string; witness: string | null; person: string; names: Names }

const witnessed = (who: Who) => (who.witness === null ? '' : `, witnessed by ${who.witness}`);

/** One event in a sentence. Exhaustive: a new event type does not compile until it has its words. */
export function describe(event: DomainEvent, who: Who): string {
  const { actor, person, names } = who;
  const time = (iso: string) => clockTimeIn(new Date(iso), names.timeZone);
  switch (event.type) {
    case 'visitStarted': return `${actor} checked ${person} in for the ${event.session.name.toLowerCase()} session`;
    case 'identityConfirmed': return `${actor} confirmed ${person}'s identity`;
    case 'preDoseCheckRecorded':
      return `${actor} recorded ${person}'s pre-dose check: sedation ${event.sedation}, ${event.decision === 'reduce' ? `reduce to ${event.reducedDoseMg ?? '?'} mg` : event.decision}`;
    case 'preDoseFindingsRecorded':
      return `${actor} recorded what ${person}'s pre-dose check found (not accepted as a decision): sedation ${event.sedation}${event.intoxicationSigns ? ', signs of intoxication' : ''}`;
    case 'breathTestStarted': return `${actor} started ${person}'s breath test`;
    case 'breathTestFailed': return `${person}'s breath test did not give a reading (${event.code})`;
    case 'breathResultRecorded': return `The breathalyser recorded ${person}'s reading, ${event.reading.microgramsPer100mlBreath} µg/100 mL`;
    case 'manualBreathReadingRecorded':
      return `${actor} entered ${person}'s breath reading by hand, ${event.reading.microgramsPer100mlBreath} µg/100 mL${witnessed(who)}` +
        (event.deviceState ? ` (${manualReadingWords[event.deviceState]})` : '');
    case 'breathReviewDecided': return `${actor} reviewed ${person}'s breath reading and decided to ${event.decision}`;
    case 'dosePrepared': {
      const drawn = event.productId === undefined ? `${event.drawnMg} mg ${event.drug} drawn up` : `${event.drawnMg} mg drawn up from ${names.product(event.productId)}`;
      return `${actor} prepared ${person}'s dose, ${drawn}${witnessed(who)}`;
    }
    case 'doseAdministered':
      return `${actor} recorded the dose given to ${person}, ${event.administeredMg} mg ${event.route} (${event.site})${witnessed(who)}`;
    case 'surplusWasted': return `${actor} wasted ${event.wastedMg} mg left over from ${person}'s dose${witnessed(who)}`;
    case 'doseWithheld': return `${actor} withheld ${person}'s dose: ${event.reason}`;
    case 'observationRecorded': return `${actor} recorded an observation of ${person}: sedation ${event.sedation}, breathing ${event.respiratoryRate}/min`;
    case 'visitDischarged': return `${actor} discharged ${person}`;
    case 'overdoseResponseStarted':
      return who.actor === names.staff(null)
        ? `An overdose response for ${person} was started from a screen with nobody signed in`
        : `${actor} started an overdose response for ${person}`;
    case 'naloxoneGiven': return `${names.staff(event.givenBy)} gave ${person} ${event.doseMg} mg naloxone ${event.route} at ${time(event.givenAt)}`;
    case 'oxygenGiven': return `${actor} gave ${person} oxygen`;
    case 'rescueBreathingGiven': return `${actor} gave ${person} rescue breaths`;
    case 'emergencyServicesCalled': return `${actor} called emergency services for ${person} at ${time(event.calledAt)}`;
    case 'overdoseOutcomeRecorded': return `${actor} recorded the outcome of ${person}'s overdose response: ${event.outcome}`;
    case 'prescriberDecidedAfterNaloxone':
      return `${actor} recorded ${names.staff(event.prescriberId)}'s decision that ${person} may be given diamorphine after naloxone: ${event.reason}`;
    case 'visitEnded': return `${actor} ended ${person}'s visit: ${event.reason}`;
    case 'clinicRegistered': return `The clinic ${event.name} was set up`;
    case 'staffEnrolled':
      return `${actor} enrolled or updated ${event.displayName} (${event.role === 'clinicLead' ? 'clinic lead' : event.role}${event.active ? '' : ', left'})`;
    case 'serviceUserEnrolled': return `${actor} enrolled or updated ${event.preferredName} (${event.legalName})`;
    case 'prescriptionIssued': return `${actor} issued ${person} a prescription: ${event.dosePerSessionMg} mg ${event.drug}, ${event.sessionsPerDay} a day`;
    case 'prescriptionChanged': return `${actor} changed ${person}'s prescription to ${event.dosePerSessionMg} mg: ${event.reason}`;
    case 'prescriptionSuspended': return `${actor} suspended ${person}'s prescription: ${event.reason}`;
    case 'retitrationBlockCleared': return `${actor} cleared ${person}'s re-titration block: ${event.note}`;
    case 'handoverNoteWritten': return `${actor} wrote a handover note for ${person}: ${event.note}`;
    case 'siteRulesAdopted': return `${actor} changed the site rules (version ${event.rules.version})`;
    case 'siteRulesApproved': return `${actor} approved version ${event.version} of the site rules`;
    case 'controlledDrugProductAdded': return `${actor} added ${names.product(event.productId)} to the controlled-drug catalogue`;
    case 'stockReceived': {
      const what = event.productId === undefined ? `${event.quantityMg} mg ${event.drug}` : `${event.quantityMg} mg of ${names.product(event.productId)}`;
      const batch = event.batch === undefined ? '' : `, batch ${event.batch}, expiring ${event.expiresOn === undefined ? '?' : calendarDate(event.expiresOn)}`;
      return `${actor} received ${what} from ${event.supplier}${batch}, witnessed by ${names.staff(event.witnessedBy)}`;
    }
    case 'registerPageCarriedForward':
      return `${actor} carried the register page kept under "${event.fromDrug}" (${event.pageBalanceMg} mg) to ${names.product(event.productId)}, ` +
        `counted ${event.countedMg} mg, witnessed by ${names.staff(event.witnessedBy)}`;
    case 'registerEntryCorrected':
      return `${actor} corrected a register entry of ${names.product(event.section)} (${event.reason}): ` +
        `${event.right.inMg} mg in and ${event.right.outMg} mg out, not ${event.wrong.inMg} and ${event.wrong.outMg}, witnessed by ${names.staff(event.witnessedBy)}`;
    case 'stockDestroyed': {
      const by = 'staffId' in event.witness ? names.staff(event.witness.staffId)
        : `${event.witness.name}, ${event.witness.role}, ${event.witness.organisation}`;
      const from = event.from === 'patient return' ? ' returned by service users' : '';
      return `${actor} destroyed ${event.quantityMg} mg of ${names.product(event.productId)}${from} (${event.reason}), witnessed by ${by}`;
    }
    case 'patientReturnReceived':
      return `${actor} received ${event.quantityMg} mg of ${names.product(event.productId)} handed back by ${person}, witnessed by ${names.staff(event.witnessedBy)}`;
    case 'destructionWitnessAuthorised':
      return `${actor} ${event.authorised ? 'authorised' : 'withdrew the authority of'} ${names.staff(event.staffId)} to witness destruction of controlled drugs`;
    case 'stockChecked': {
      const what = event.productId === undefined ? event.drug : names.product(event.productId);
      return `${actor} counted ${what} (${event.kind}): ${event.countedMg} mg${event.discrepancyMg === 0 ? '' : `, a discrepancy of ${event.discrepancyMg} mg`}, witnessed by ${names.staff(event.witnessedBy)}`;
    }
    case 'offlineDoseClaimSettled':
      return event.outcome === 'alreadyClaimed'
        ? `A dose given to ${person} while offline turned out to be a second dose this session`
        : `A dose given to ${person} while offline was confirmed as the only one this session`;
    case 'incidentAcknowledged': return `${actor} acknowledged a double-dose incident: ${event.note}`;
    case 'staffPinRefused':
      return `A wrong PIN was entered for ${names.staff(event.staffId)} ${event.during === 'signIn' ? 'at sign-in' : 'to confirm a dose'} (${event.wrongInARow} in a row)`;
    case 'staffLockedOut': return `${names.staff(event.staffId)}'s badge was locked after ${event.wrongInARow} wrong PINs in a row`;
    case 'staffWrongPinsCleared': return `${names.staff(event.staffId)} entered the right PIN; the count of wrong ones starts again`;
    case 'staffUnlocked':
      return event.how === 'byClinicLead'
        ? `${actor} unlocked ${names.staff(event.staffId)}'s badge`
        : `${names.staff(event.staffId)}'s badge unlocked itself after the clinic lead's wait`;
  }
}
