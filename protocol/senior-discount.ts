import { refundAmountMinor } from './refund-amounts';
import { extendedPriceMinor } from './sale-total';
import { divideHalfUp, taxClassOf, vatableInsideMinor, type TaxRate } from './vat-split';
import { fromWallClock, wallClock } from './wall-clock';

/**
 * The discounts the law gives a senior citizen (RA 9994) or a person with a disability
 * (RA 10754), one rule for the till that gives them and the back office that checks them:
 * - `vat_exempt_20`: on an eligible line the price is taken without its VAT and 20% of
 *   that is taken off; the line is then sold VAT-exempt. 2 x ₱85.00 bread: ₱170.00 / 1.12
 *   = ₱151.79, less 20% (₱30.36): the customer pays ₱121.43.
 * - `bnpc_5`: on basic necessities and prime commodities not already under the 20%, 5% of
 *   the price (DTI-DA joint administrative order), within a weekly cap per person on the
 *   purchases (₱2,500) and on the discount (₱125), both set in the business profile.
 * A benefit line carries no other discount (the law's discounts do not stack with
 * promotions): its `discountMinor` on the wire is the VAT removed plus the benefit. Where a
 * line's own promotion takes off more than the law's discount would, the person gets the
 * promotion instead, "whichever is higher" (RA 9994's rules, section 7): the line keeps its
 * discount, has no benefit and stays VATable (`otherDiscountMinor`, benefitsOf).
 */

export type BenefitRule = 'vat_exempt_20' | 'bnpc_5';
export type BeneficiaryKind = 'senior_citizen' | 'pwd';
/** How a benefit is reported: by whom and under which rule ("discounts by kind" on the readings). */
export type BenefitKind = 'senior_citizen' | 'pwd' | 'senior_citizen_bnpc' | 'pwd_bnpc';

export const SC_PWD_RATE_BASIS_POINTS = 2000;
export const BNPC_RATE_BASIS_POINTS = 500;

export interface BenefitLine {
  qtyMilli: number;
  unitPriceMinor: number;
  tax: TaxRate | null;
  scPwdEligible: boolean;
  bnpcEligible: boolean;
  /**
   * What the line's other discounts take off it (its own promotion and its share of the
   * cart's), before any benefit: where that is more than the benefit would be, the line keeps
   * them and gets no benefit. Absent: none.
   */
  otherDiscountMinor?: number;
}

export interface LineBenefit {
  rule: BenefitRule;
  /** The VAT taken out of a VAT-inclusive price before the 20% (0 for the 5%). */
  vatRemovedMinor: number;
  /** The 20% or the 5% itself. */
  discountMinor: number;
}

/** What this person already had of the 5% this week (their purchases and discount). */
export interface BnpcWeek {
  purchasesMinor: number;
  discountMinor: number;
}

export interface BnpcCaps {
  weeklyPurchaseCapMinor: number;
  weeklyDiscountCapMinor: number;
}

export function benefitKindOf(beneficiary: BeneficiaryKind, rule: BenefitRule): BenefitKind {
  return rule === 'bnpc_5' ? `${beneficiary}_bnpc` : beneficiary;
}

/** The 20% on one line: on the VAT-exclusive price (the price itself when it carries no VAT inside). */
export function scPwdBenefitOf(qtyMilli: number, unitPriceMinor: number, tax: TaxRate | null): LineBenefit {
  const gross = extendedPriceMinor(qtyMilli, unitPriceMinor);
  const vatInside = tax !== null && tax.inclusive && taxClassOf(tax) === 'vatable';
  const base = vatInside ? vatableInsideMinor(gross, tax.rateBasisPoints) : gross;
  return { rule: 'vat_exempt_20', vatRemovedMinor: gross - base, discountMinor: divideHalfUp(base * SC_PWD_RATE_BASIS_POINTS, 10_000) };
}

/**
 * The 5% of a sale: on the eligible purchases still under the weekly purchase cap, at most
 * what is left of the weekly discount cap, spread over the lines in proportion to their
 * price (largest remainder: whole centavos that add up exactly).
 */
export function bnpcTotalOf(eligibleGrossMinor: number, week: BnpcWeek, caps: BnpcCaps): number {
  const purchaseRoom = Math.max(0, caps.weeklyPurchaseCapMinor - week.purchasesMinor);
  const discountRoom = Math.max(0, caps.weeklyDiscountCapMinor - week.discountMinor);
  const base = Math.min(eligibleGrossMinor, purchaseRoom);
  return Math.min(divideHalfUp(base * BNPC_RATE_BASIS_POINTS, 10_000), discountRoom);
}

/** What a benefit takes off its line: the VAT removed and the discount itself. */
export const benefitOffMinor = (benefit: LineBenefit) => benefit.vatRemovedMinor + benefit.discountMinor;

/**
 * Every line's benefit for a senior citizen or PWD (null: none on that line). A line whose
 * other discounts take off more than its benefit would (the 20% with its VAT removed; the
 * full 5% of the line, before the weekly caps) keeps them instead: null, and on the 5% its
 * price does not count against the person's week. A tie goes to the law's discount.
 */
export function benefitsOf(lines: readonly BenefitLine[], week: BnpcWeek, caps: BnpcCaps): (LineBenefit | null)[] {
  const gross = lines.map((l) => extendedPriceMinor(l.qtyMilli, l.unitPriceMinor));
  const promotionWins = (line: BenefitLine, lawMinor: number) => (line.otherDiscountMinor ?? 0) > lawMinor;
  const bnpc = lines.map(
    (l, i) => !l.scPwdEligible && l.bnpcEligible && !promotionWins(l, divideHalfUp((gross[i] ?? 0) * BNPC_RATE_BASIS_POINTS, 10_000)),
  );
  const eligibleGross = gross.reduce((sum, g, i) => sum + (bnpc[i] ? g : 0), 0);
  const room = Math.max(0, caps.weeklyPurchaseCapMinor - week.purchasesMinor);
  const total = room > 0 ? bnpcTotalOf(eligibleGross, week, caps) : 0;
  const shares = spreadProportionally(
    gross.map((g, i) => (bnpc[i] ? g : 0)),
    total,
  );
  return lines.map((line, i) => {
    if (line.scPwdEligible) {
      const benefit = scPwdBenefitOf(line.qtyMilli, line.unitPriceMinor, line.tax);
      return promotionWins(line, benefitOffMinor(benefit)) ? null : benefit;
    }
    if (bnpc[i] && room > 0) return { rule: 'bnpc_5', vatRemovedMinor: 0, discountMinor: shares[i] ?? 0 };
    return null;
  });
}

/** `amount` over `weights` in whole centavos that add up exactly (largest remainder; ties to the first line). */
export function spreadProportionally(weights: readonly number[], amount: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const shares = weights.map((w, index) => {
    const exact = BigInt(w) * BigInt(amount);
    return { index, share: Number(exact / BigInt(total)), remainder: exact % BigInt(total) };
  });
  let left = amount - shares.reduce((sum, s) => sum + s.share, 0);
  const order = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const entry of order) {
    if (left === 0) break;
    entry.share += 1;
    left -= 1;
  }
  return shares.map((s) => s.share);
}

/**
 * One 5% line of a person's week, as the till or the back office stored it, with what its
 * sale sold of that product (every line of it) and what the sale's refunds gave back of it.
 */
export interface BnpcWeekLine {
  saleId: string;
  sku: string;
  qtyMilli: number;
  unitPriceMinor: number;
  /** The 5% itself (the line's benefit discount). */
  discountMinor: number;
  soldMilli: number;
  refundedMilli: number;
}

/**
 * What a person had of the 5% in a week: the purchases and the discount of their 5% lines,
 * less the share of each that came back. A product given back (all or part of it) gives
 * back its share of the purchase and of its 5%, by the rule a refund's amount follows
 * (protocol/refund-amounts.ts: the cumulative share, rounded half-up, so a purchase given
 * back in steps gives back exactly what it counted). The share is of the product in its
 * sale, since a refund names a product of a sale, not a line.
 */
export function bnpcWeekFrom(lines: readonly BnpcWeekLine[]): BnpcWeek {
  const products = new Map<string, { purchasesMinor: number; discountMinor: number; soldMilli: number; refundedMilli: number }>();
  for (const line of lines) {
    const key = JSON.stringify([line.saleId, line.sku]);
    const product = products.get(key) ?? { purchasesMinor: 0, discountMinor: 0, soldMilli: line.soldMilli, refundedMilli: line.refundedMilli };
    product.purchasesMinor += extendedPriceMinor(line.qtyMilli, line.unitPriceMinor);
    product.discountMinor += line.discountMinor;
    products.set(key, product);
  }
  const week = { purchasesMinor: 0, discountMinor: 0 };
  for (const product of products.values()) {
    const back = Math.min(product.refundedMilli, product.soldMilli);
    const share = (valueMinor: number) => refundAmountMinor({ qtyMilli: product.soldMilli, valueMinor }, 0, back);
    week.purchasesMinor += product.purchasesMinor - share(product.purchasesMinor);
    week.discountMinor += product.discountMinor - share(product.discountMinor);
  }
  return week;
}

/** Monday 00:00 to the next Monday in the business's time zone, as UTC instants: the week of the BNPC caps. */
export function bnpcWeekOf(occurredAt: string, timeZone: string): { startsAt: string; endsAt: string } {
  const at = new Date(occurredAt);
  const local = wallClock(at, timeZone);
  const daysSinceMonday = (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7;
  const mondayWall = Date.UTC(local.year, local.month - 1, local.day - daysSinceMonday);
  const startsAt = fromWallClock(mondayWall, timeZone);
  const endsAt = fromWallClock(mondayWall + 7 * 86_400_000, timeZone);
  return { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() };
}

/**
 * The one person behind an ID number however it was typed: "OSCA-MRK-0012345",
 * "osca mrk 0012345" and "OSCA.MRK.0012345" are the same card. The weekly caps of the 5% are
 * counted per person, so they are looked up by this key (printed IDs stay as typed). Only
 * the ASCII letters change case, as SQLite's upper() and PostgreSQL's under the "C" collation
 * do: the SQL of both databases computes the same key from the stored column
 * (beneficiaryKeySql), "PARAÑAQUE" and "parañaque" meeting in "PARAñAQUE" alike.
 */
export function beneficiaryKey(idNumber: string): string {
  return idNumber.replace(/[ .-]/g, '').replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

/** beneficiaryKey in SQL over the column named `column`, for that database (an index on it is on this very expression). */
export const beneficiaryKeySql = (column: string, kind: 'sqlite' | 'postgres') => {
  const stripped = `replace(replace(replace(${column}, ' ', ''), '-', ''), '.', '')`;
  return kind === 'postgres' ? `upper(${stripped} collate "C")` : `upper(${stripped})`;
};
