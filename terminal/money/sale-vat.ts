import { lineTotalMinor, qtyToMilli } from '../../protocol/sale-total';
import type { SaleLine } from '../../protocol/sales';
import { splitVat, type TaxRate, type VatSplit } from './vat-split';

/**
 * The VAT split of sale lines as they are paid (each line's discounts already in its
 * `discountMinor`): the same split the cart showed (cart-pricing), so the amount due on
 * the screen, on the receipt and in the core's pay() is one number. It exceeds the wire
 * contract's total (qty * price - discount) by the VAT added on VAT-exclusive lines.
 */
export function saleVat(lines: readonly SaleLine[], taxes: ReadonlyMap<string, TaxRate>): VatSplit {
  return splitVat(
    lines.map((l) => ({
      amountMinor: lineTotalMinor({ qtyMilli: qtyToMilli(l.qty) ?? 0, unitPriceMinor: l.unitPriceMinor, discountMinor: l.discountMinor }),
      tax: l.taxCode === undefined ? null : (taxes.get(l.taxCode) ?? null),
      // A senior citizen's or PWD's 20% line is sold VAT-exempt (RA 9994, RA 10754).
      vatExempt: l.benefit?.rule === 'vat_exempt_20',
    })),
  );
}
