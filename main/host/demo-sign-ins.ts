import type { StaffRole } from '../../shared/ledger/reference-events.js';

/** A demo clinic's staff credentials, shown on its sign-in sheet so a visitor can try each role. */
export interface DemoSignIn { displayName: string; role: StaffRole; badgeNumber: string; pin: string }
