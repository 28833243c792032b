/**
 * Records: the reference data a prescriber or clinic lead keeps, the stock a nurse counts, and the
 * reports. Owns: which page shows. Each page shows only what the person acting may use (the host
 * sends `may` and `reports`, and enforces them again).
 */
import { useState } from 'react';
import type { IntentionType, OnDutyCard, RoomView } from '../../shared/contract/index.js';
import { useActions } from '../kiosk/act.js';
import { useActingAs } from '../staff/acting-as.js';
import { AuditPage } from './audit-page.js';
import { MissedSessions } from './missed-sessions.js';
import { RegisterReport } from './register-report.js';
import { ServiceUsers } from './service-users.js';
import { SiteRulesPage } from './site-rules-page.js';
import { StaffRecords } from './staff-records.js';
import { StockPage } from './stock-page.js';
import { TodaysDoses } from './todays-doses.js';

const recordsIntentions: readonly IntentionType[] = [
  'enrolStaff', 'enrolServiceUser', 'issuePrescription', 'changePrescription', 'suspendPrescription',
  'clearRetitrationBlock', 'changeSiteRules', 'approveSiteRules', 'addControlledDrugProduct', 'recordStockReceipt', 'recordStockCheck',
  'carryRegisterPageForward', 'unlockStaff', 'recordPatientReturn', 'recordStockDestruction', 'authoriseDestructionWitness',
];

const stockIntentions: readonly IntentionType[] = [
  'addControlledDrugProduct', 'recordStockReceipt', 'recordStockCheck', 'carryRegisterPageForward', 'recordPatientReturn', 'recordStockDestruction',
];

export function mayUseRecords(actor: OnDutyCard): boolean {
  return actor.reports.length > 0 || recordsIntentions.some((type) => actor.may.includes(type));
}

type Page = 'serviceUsers' | 'staff' | 'siteRules' | 'register' | 'todaysDoses' | 'missedSessions' | 'stock' | 'audit';

const pageNames: Record<Page, string> = {
  serviceUsers: 'Service users',
  staff: 'Staff records',
  siteRules: 'Site rules',
  register: 'Controlled-drug register',
  todaysDoses: "Today's doses",
  missedSessions: 'Missed sessions',
  stock: 'Stock',
  audit: 'Audit',
};

export function RecordsScreen({ room, onBack }: { room: RoomView; onBack: () => void }) {
  const { may, mayRead } = useActingAs();
  const { clear } = useActions();
  const pages = (Object.keys(pageNames) as Page[]).filter((page) => page === 'stock'
    ? mayRead('stockChecks') || stockIntentions.some(may)
    : mayRead(page));
  const [chosen, setChosen] = useState<Page | null>(null);
  const page = chosen !== null && pages.includes(chosen) ? chosen : (pages[0] ?? null);
  const choose = (next: Page) => {
    clear();
    setChosen(next);
  };
  return (
    <section className="records-screen" aria-labelledby="records-heading">
      <div className="visit-header no-print">
        <button type="button" className="back" onClick={onBack}>Back to room</button>
        <h1 id="records-heading">Records</h1>
      </div>
      <nav className="records-tabs no-print" aria-label="Records pages">
        {pages.map((p) => (
          <button key={p} type="button" aria-pressed={p === page} onClick={() => choose(p)}>{pageNames[p]}</button>
        ))}
      </nav>
      {page === null && <p className="note">Nothing here for the person acting now.</p>}
      {page === 'serviceUsers' && <ServiceUsers room={room} />}
      {page === 'staff' && <StaffRecords />}
      {page === 'siteRules' && <SiteRulesPage room={room} />}
      {page === 'register' && <RegisterReport room={room} />}
      {page === 'todaysDoses' && <TodaysDoses room={room} />}
      {page === 'missedSessions' && <MissedSessions />}
      {page === 'stock' && <StockPage room={room} />}
      {page === 'audit' && <AuditPage room={room} />}
    </section>
  );
}
