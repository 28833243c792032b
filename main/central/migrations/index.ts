import { clinicsKiosksEvents } from './0001-clinics-kiosks-events.js';
import { appendOnlyAndNotify } from './0002-append-only-and-notify.js';
import { kioskGrantsAndRowSecurity } from './0003-kiosk-grants-and-row-security.js';
import { chainsAndKioskKeys } from './0004-chains-and-kiosk-keys.js';
import { sessionIdentity } from './0005-session-identity.js';
import { closedKiosks } from './0006-closed-kiosks.js';
import type { CentralMigration } from './migration.js';

/** In order. Append only: a shipped migration is never edited, a change is a new migration. */
export const centralMigrations: readonly CentralMigration[] = [
  clinicsKiosksEvents, appendOnlyAndNotify, kioskGrantsAndRowSecurity, chainsAndKioskKeys, sessionIdentity, closedKiosks,
];
