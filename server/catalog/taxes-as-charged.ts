import type { TaxRate } from '../../protocol';

/**
 * A business's tax as its documents charge it. A VAT-registered business (or one with no
 * profile yet) charges its taxes as set. A non-VAT business (its profile says so) charges no
 * VAT on anything: every tax is 0% and named "Non-VAT", so a senior citizen's or PWD's 20% is
 * on the selling price (no VAT to take out: RA 9994, RA 10754), and no sale or refund records
 * VAT. The catalog gives the tills the same rates, so till and back office price alike.
 */
export function taxAsCharged(tax: TaxRate, vatRegistered: boolean): TaxRate {
  return vatRegistered ? tax : { code: tax.code, name: NON_VAT, rateBasisPoints: 0, inclusive: tax.inclusive };
}

export const NON_VAT = 'Non-VAT';

/** A business_profiles.vat_registered value (NULL: no profile, VAT-registered as before profiles). */
export const isVatRegistered = (value: number | boolean | null | undefined) => value === null || value === undefined || Number(value) === 1;
