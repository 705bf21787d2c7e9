import {
  beneficiaryKey,
  beneficiaryKeySql,
  benefitsOf,
  bnpcWeekFrom,
  bnpcWeekOf,
  DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR,
  DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR,
  qtyToMilli,
  type BnpcCaps,
  type BnpcWeek,
  type BnpcWeekLine,
  type TaxRate,
} from '../../protocol';
import type { CatalogCache } from '../catalog/catalog-cache';
import type { TerminalDb } from '../store/terminal-db';
import type { PayArgs } from '../terminal-api';
import { TerminalError } from '../terminal-error';
import type { StoredInvoiceProfile } from './invoice-profile-store';
import { documentTimeZone } from './document-dates';

export function capsOf(profile: StoredInvoiceProfile | null): BnpcCaps {
  const business = profile?.profile.business;
  return {
    weeklyPurchaseCapMinor: business?.bnpcWeeklyPurchaseCapMinor ?? DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR,
    weeklyDiscountCapMinor: business?.bnpcWeeklyDiscountCapMinor ?? DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR,
  };
}

/** Where the business has not set its profile yet: the shop's time zone is the back office's default. */
export const timezoneOf = (profile: StoredInvoiceProfile | null) => documentTimeZone(profile?.profile ?? null);

/**
 * The 5% this person had this week at this till (their sales' 5% lines), less the share of
 * what came back: a refund of a 5% purchase gives its part of the week's caps back
 * (bnpcWeekFrom). A till knows only its own sales and refunds: the back office counts every
 * till's and flags a sale past the caps.
 */
export function bnpcWeekAtTill(db: TerminalDb, idNumber: string, at: Date, timezone: string): BnpcWeek {
  const { startsAt, endsAt } = bnpcWeekOf(at.toISOString(), timezone);
  const lines = db
    .prepare(
      `SELECT s.id AS saleId, l.sku, l.qty_milli AS qtyMilli, l.unit_price_minor AS unitPriceMinor, l.benefit_discount_minor AS discountMinor,
         (SELECT SUM(x.qty_milli) FROM sale_lines x WHERE x.sale_seq = s.seq AND x.sku = l.sku) AS soldMilli,
         (SELECT COALESCE(SUM(rl.qty_milli), 0) FROM refunds r JOIN refund_lines rl ON rl.refund_seq = r.seq WHERE r.sale_id = s.id AND rl.sku = l.sku) AS refundedMilli
       FROM sales s JOIN sale_lines l ON l.sale_seq = s.seq
       WHERE s.beneficiary_id_number IS NOT NULL AND ${beneficiaryKeySql('s.beneficiary_id_number', 'sqlite')} = ? AND s.occurred_at >= ? AND s.occurred_at < ? AND l.benefit_rule = 'bnpc_5'`,
    )
    .all(beneficiaryKey(idNumber.trim()), startsAt, endsAt) as BnpcWeekLine[];
  return bnpcWeekFrom(lines);
}

/**
 * The week a cart was priced with (`PayArgs.bnpcWeek`: every till's, when the back office
 * answered), but never less than what this till knows of its own sales: a claim can only
 * count more of the week (less 5%), never hide a purchase made here.
 */
export function atLeastThisTill(here: BnpcWeek, priced: BnpcWeek | undefined): BnpcWeek {
  if (priced === undefined) return here;
  return { purchasesMinor: Math.max(here.purchasesMinor, priced.purchasesMinor), discountMinor: Math.max(here.discountMinor, priced.discountMinor) };
}

/**
 * A sale's senior citizen / PWD discounts must be exactly the law's rule
 * (protocol/senior-discount.ts) on the catalog's eligible lines, with the person named:
 * the till refuses anything else before it is a sale, so the discount limit a cashier
 * needs a manager for never counts them. An eligible line without its benefit is let through
 * only where its own discount takes off more ("whichever is higher"): never less than the law
 * gives. Returns how much of the sale's discount they are.
 */
export function checkBenefits(args: PayArgs, catalog: CatalogCache, taxes: ReadonlyMap<string, TaxRate>, week: BnpcWeek, caps: BnpcCaps): number {
  const claimed = args.lines.some((l) => l.benefit !== undefined);
  if (args.beneficiary === undefined) {
    if (claimed)
      throw new TerminalError('invalid_argument', 'A senior citizen or PWD discount needs the ID number and name of the person it is given to.', [
        { path: '/beneficiary', message: 'required for a senior citizen or PWD discount' },
      ]);
    return 0;
  }
  const expected = benefitsOf(
    args.lines.map((l) => ({
      qtyMilli: qtyToMilli(l.qty) ?? 0,
      unitPriceMinor: l.unitPriceMinor,
      tax: l.taxCode === undefined ? null : (taxes.get(l.taxCode) ?? null),
      ...catalog.eligibility(l.sku),
      // A line given no benefit keeps its own discount: it must take off more than the benefit would.
      otherDiscountMinor: l.benefit === undefined ? (l.discountMinor ?? 0) : 0,
    })),
    week,
    caps,
  );
  let benefitMinor = 0;
  args.lines.forEach((line, index) => {
    const want = expected[index] ?? null;
    const got = line.benefit ?? null;
    const same =
      want === null
        ? got === null
        : got !== null &&
          got.rule === want.rule &&
          got.vatRemovedMinor === want.vatRemovedMinor &&
          got.discountMinor === want.discountMinor &&
          (line.discountMinor ?? 0) === want.vatRemovedMinor + want.discountMinor;
    if (!same)
      throw new TerminalError(
        'invalid_argument',
        `Line ${index + 1} (${line.name ?? line.sku}): the senior citizen / PWD discount is not what the law's rule gives; price the cart again.`,
        [{ path: `/lines/${index}/benefit`, message: 'not the rule' }],
      );
    if (want !== null) benefitMinor += want.vatRemovedMinor + want.discountMinor;
  });
  return benefitMinor;
}
