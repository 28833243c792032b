/**
 * Which of the catalogue's forms a prescription allows, and whether a product is one of them: the
 * product picked at preparation must be of the prescribed drug and of a form the prescription in
 * force then allows. Owns: reading old prescriptions' forms, and the words of a refusal. Must not
 * touch: stock (main/host/register).
 */
import { z } from 'zod';
import { ProductForm, type ControlledDrugProduct } from './products.js';

export const AllowedForms = z.array(ProductForm).min(1).max(ProductForm.options.length)
  .refine((forms) => new Set(forms).size === forms.length, 'Name each form once.');

/**
 * Prescriptions issued before allowed forms were kept carry a free-text form, in immutable ledger
 * events. It is read as the catalogue forms it names ("powder for injection, reconstituted" names
 * powder for injection), and as none when it names none: a prescription that allows nothing until
 * a prescriber says which forms is safer than one that allows every form the cupboard holds.
 */
export function formsNamedIn(freeText: string): ProductForm[] {
  const text = freeText.trim().toLowerCase();
  return ProductForm.options.filter((form) => text.includes(form));
}

/** Drug names are compared as the catalogue keeps them: trimmed, lower case. */
export const sameDrug = (one: string, other: string): boolean => one.trim().toLowerCase() === other.trim().toLowerCase();

export function formsWords(forms: readonly ProductForm[]): string {
  return forms.join(' or ');
}

export const noFormNamed = 'This prescription names no form the catalogue knows: a prescriber must say which forms (Records > Service users) before a dose is drawn up.';

/**
 * Why the prescription does not allow the product, in words for the nurse; null when it does.
 * `allowedForms` undefined: a snapshot kept before allowed forms, judged by the drug alone.
 */
export function productNotPrescribed(
  prescription: { drug: string; allowedForms?: readonly ProductForm[] | undefined }, product: Pick<ControlledDrugProduct, 'drug' | 'form'>,
): string | null {
  const { drug, allowedForms } = prescription;
  if (!sameDrug(drug, product.drug)) return `The prescription is for ${drug}, not ${product.drug}: pick a product of ${drug}.`;
  if (allowedForms === undefined || allowedForms.includes(product.form)) return null;
  if (allowedForms.length === 0) return noFormNamed;
  return `The prescription allows ${drug} as ${formsWords(allowedForms)} only: pick a product of ${allowedForms.length === 1 ? 'that form' : 'those forms'}.`;
}

/** The form a prescription reads as in the register's record: its old free text, or its allowed forms. */
export function prescribedFormWords(prescription: { form?: string | undefined; allowedForms?: readonly ProductForm[] | undefined }): string {
  return prescription.form ?? formsWords(prescription.allowedForms ?? []);
}
