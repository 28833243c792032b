import type { Migration } from './migration.js';

/**
 * A prescription names the catalogue forms it allows (powder or solution for injection), checked
 * at preparation against the product picked. Null on prescriptions issued before: their events
 * carry only a free-text form, read as the catalogue form it names, if any, when the row is read
 * (shared/register/prescribed-forms.ts), so a rebuilt ledger reads them the same way.
 */
export const prescriptionAllowedForms: Migration = {
  name: '0018-prescription-allowed-forms',
  sql: `
    ALTER TABLE prescriptions ADD COLUMN allowed_forms TEXT CHECK (allowed_forms IS NULL OR json_valid(allowed_forms));
  `,
};
