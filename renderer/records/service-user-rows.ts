/**
 * A person and a prescription as the service-users report lists them: the list and each of its
 * forms speak of the same rows, so the types sit below both rather than in the list the forms
 * are opened from.
 */
import type { ReportOf } from '../../shared/contract/index.js';

export type Person = ReportOf<'serviceUsers'>['people'][number];
export type Prescription = Person['prescriptions'][number];
