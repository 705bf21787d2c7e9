import { extendedPriceMinor } from '../../protocol/sale-total';
import type { LineBenefit } from '../../protocol/senior-discount';
import { discountOf, spreadDiscount, type DiscountRule } from './discounts';
import { splitVat, type TaxRate, type VatSplit } from './vat-split';

/**
 * A cart priced the way the receipt and the back office count it: each line's own
 * discount first, then the cart discount spread over the lines, so every line carries
 * one `discountMinor` and the wire rule (qty * price - discount) still gives the total.
 * A senior citizen's or PWD's line (`benefit`, protocol/senior-discount.ts) takes no
 * other discount: its discount is the VAT removed plus the benefit, and it is VAT-exempt
 * when the benefit is the 20%.
 */
export interface PricingLine {
  qtyMilli: number;
  unitPriceMinor: number;
  discount: DiscountRule | null;
  tax: TaxRate | null;
  benefit?: LineBenefit | null;
}

export interface PricedCart {
  lines: { grossMinor: number; discountMinor: number; amountMinor: number; benefit: LineBenefit | null }[];
  grossMinor: number;
  discountMinor: number;
  /** The part of `discountMinor` the law gives (senior citizen, PWD): no manager approves it. */
  benefitMinor: number;
  /** The sum of the lines after discounts (the wire contract's sale total). */
  totalMinor: number;
  vat: VatSplit;
}

export function priceCart(lines: readonly PricingLine[], cartDiscount: DiscountRule | null): PricedCart {
  const gross = lines.map((l) => extendedPriceMinor(l.qtyMilli, l.unitPriceMinor));
  const benefitOf = (i: number) => lines[i]?.benefit ?? null;
  const own = lines.map((l, i) => (l.discount && !benefitOf(i) ? discountOf(l.discount, gross[i] ?? 0) : 0));
  // The cart discount is spread over the lines without a benefit only.
  const afterOwn = gross.map((g, i) => (benefitOf(i) ? 0 : g - (own[i] ?? 0)));
  const cartMinor = cartDiscount
    ? discountOf(
        cartDiscount,
        afterOwn.reduce((a, b) => a + b, 0),
      )
    : 0;
  const shares = spreadDiscount(afterOwn, cartMinor);
  const priced = gross.map((g, i) => {
    const benefit = benefitOf(i);
    const discountMinor = benefit ? benefit.vatRemovedMinor + benefit.discountMinor : (own[i] ?? 0) + (shares[i] ?? 0);
    return { grossMinor: g, discountMinor, amountMinor: g - discountMinor, benefit };
  });
  const sum = (pick: (l: (typeof priced)[number]) => number) => priced.reduce((s, l) => s + pick(l), 0);
  return {
    lines: priced,
    grossMinor: sum((l) => l.grossMinor),
    discountMinor: sum((l) => l.discountMinor),
    benefitMinor: sum((l) => (l.benefit ? l.discountMinor : 0)),
    totalMinor: sum((l) => l.amountMinor),
    vat: splitVat(priced.map((l, i) => ({ amountMinor: l.amountMinor, tax: lines[i]?.tax ?? null, vatExempt: l.benefit?.rule === 'vat_exempt_20' }))),
  };
}
