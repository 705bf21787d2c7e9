import { extendedPriceMinor } from '../../protocol/sale-total';
import { discountOf, spreadDiscount, type DiscountRule } from './discounts';
import { splitVat, type TaxRate, type VatSplit } from './vat-split';

/**
 * A cart priced the way the receipt and the back office count it: each line's own
 * discount first, then the cart discount spread over the lines, so every line carries
 * one `discountMinor` and the wire rule (qty * price - discount) still gives the total.
 */
export interface PricingLine {
  qtyMilli: number;
  unitPriceMinor: number;
  discount: DiscountRule | null;
  tax: TaxRate | null;
}

export interface PricedCart {
  lines: { grossMinor: number; discountMinor: number; amountMinor: number }[];
  grossMinor: number;
  discountMinor: number;
  /** The sum of the lines after discounts (the wire contract's sale total). */
  totalMinor: number;
  vat: VatSplit;
}

export function priceCart(lines: readonly PricingLine[], cartDiscount: DiscountRule | null): PricedCart {
  const gross = lines.map((l) => extendedPriceMinor(l.qtyMilli, l.unitPriceMinor));
  const own = lines.map((l, i) => (l.discount ? discountOf(l.discount, gross[i] ?? 0) : 0));
  const afterOwn = gross.map((g, i) => g - (own[i] ?? 0));
  const cartMinor = cartDiscount
    ? discountOf(
        cartDiscount,
        afterOwn.reduce((a, b) => a + b, 0),
      )
    : 0;
  const shares = spreadDiscount(afterOwn, cartMinor);
  const priced = gross.map((g, i) => {
    const discountMinor = (own[i] ?? 0) + (shares[i] ?? 0);
    return { grossMinor: g, discountMinor, amountMinor: g - discountMinor };
  });
  const sum = (pick: (l: (typeof priced)[number]) => number) => priced.reduce((s, l) => s + pick(l), 0);
  return {
    lines: priced,
    grossMinor: sum((l) => l.grossMinor),
    discountMinor: sum((l) => l.discountMinor),
    totalMinor: sum((l) => l.amountMinor),
    vat: splitVat(priced.map((l, i) => ({ amountMinor: l.amountMinor, tax: lines[i]?.tax ?? null }))),
  };
}
