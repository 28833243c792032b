import { events } from './0001-events.js';
import { referenceData } from './0002-reference-data.js';
import { visits } from './0003-visits.js';
import { eventsByPerson } from './0004-events-by-person.js';
import { treatmentRoom } from './0005-treatment-room.js';
import { eventSignatures } from './0006-event-signatures.js';
import { sync } from './0007-sync.js';
import { staffSessions } from './0008-staff-sessions.js';
import { personLookups } from './0009-person-lookups.js';
import { sessionIdentity } from './0010-session-identity.js';
import { intentionRequests } from './0011-intention-requests.js';
import { signingKeyOutsideLedger } from './0012-signing-key-outside-ledger.js';
import { ledgerPurpose } from './0013-ledger-purpose.js';
import { registerProducts } from './0014-register-products.js';
import { registerDestruction } from './0015-register-destruction.js';
import { registerClinicOrder } from './0016-register-clinic-order.js';
import { drawnUpInOtherRooms } from './0017-drawn-up-in-other-rooms.js';
import { prescriptionAllowedForms } from './0018-prescription-allowed-forms.js';
import { handoverNotes } from './0019-handover-notes.js';
import type { Migration } from './migration.js';

/** In order. Append only: a shipped migration is never edited, a change is a new migration. */
export const ledgerMigrations: readonly Migration[] = [events, referenceData, visits, eventsByPerson, treatmentRoom, eventSignatures, sync, staffSessions, personLookups, sessionIdentity, intentionRequests, signingKeyOutsideLedger, ledgerPurpose, registerProducts, registerDestruction, registerClinicOrder, drawnUpInOtherRooms, prescriptionAllowedForms, handoverNotes];
