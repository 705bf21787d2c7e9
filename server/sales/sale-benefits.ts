import { sql } from 'kysely';
import { dialectOf } from '../db/hot-statements';
import {
  beneficiaryKey,
  beneficiaryKeySql,
  benefitKindOf,
  bnpcTotalOf,
  bnpcWeekFrom,
  bnpcWeekOf,
  divideHalfUp,
  extendedPriceMinor,
  scPwdBenefitOf,
  BNPC_RATE_BASIS_POINTS,
  DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR,
  DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR,
  type BnpcCaps,
  type BnpcWeek,
  type SaleFlag,
  type SaleRequest,
  type TaxRate,
} from '../../protocol';
import type { Tx } from '../db/database';
import type { PricedSaleLine } from './priced-sale';
import { inInstants, occurredAtTextRange } from './occurred-at-range';

/** What the catalog says of a product a sale names. */
export interface CatalogEntry {
  priceMinor: number;
  scPwdEligible: boolean;
  bnpcEligible: boolean;
}

/**
 * The back office recomputes a senior citizen's or PWD's discount by the law's rule
 * (protocol/senior-discount.ts) and flags, never refuses, a sale whose discount breaks it:
 * - benefit_not_eligible: a benefit on a product the catalog does not make eligible for
 *   it, or with no senior citizen or PWD named on the sale;
 * - benefit_miscomputed: a 20% line whose VAT removed, 20% or line discount is not the
 *   rule's, or a 5% above 5% of the lines;
 * - bnpc_cap_exceeded: more of the 5% than the person's weekly caps leave, counting their
 *   sales of the week at every till this back office has (a till only knows its own).
 * Less than the rule gives is not flagged on the 5%: a till that sold offline may know of
 * purchases the back office has not received yet.
 */
export function benefitFlags(
  sale: SaleRequest,
  lines: readonly PricedSaleLine[],
  catalogOf: (sku: string) => CatalogEntry | undefined,
  taxOf: (code: string | null) => TaxRate | null,
  week: BnpcWeek,
  caps: BnpcCaps,
): Set<SaleFlag> {
  const flags = new Set<SaleFlag>();
  let bnpcGross = 0;
  let bnpcClaimed = 0;
  for (const line of lines) {
    const benefit = line.benefit;
    if (benefit === null) continue;
    const product = catalogOf(line.sku);
    const eligible =
      benefit.rule === 'vat_exempt_20' ? product?.scPwdEligible === true : product?.bnpcEligible === true && product.scPwdEligible !== true;
    if (sale.beneficiary === undefined || !eligible) flags.add('benefit_not_eligible');
    if (line.discountMinor !== benefit.vatRemovedMinor + benefit.discountMinor) flags.add('benefit_miscomputed');
    if (benefit.rule === 'vat_exempt_20') {
      const rule = scPwdBenefitOf(line.qtyMilli, line.unitPriceMinor, taxOf(line.taxCode));
      if (rule.vatRemovedMinor !== benefit.vatRemovedMinor || rule.discountMinor !== benefit.discountMinor) flags.add('benefit_miscomputed');
    } else {
      if (benefit.vatRemovedMinor !== 0) flags.add('benefit_miscomputed');
      bnpcGross += extendedPriceMinor(line.qtyMilli, line.unitPriceMinor);
      bnpcClaimed += benefit.discountMinor;
    }
  }
  if (bnpcClaimed > divideHalfUp(bnpcGross * BNPC_RATE_BASIS_POINTS, 10_000)) flags.add('benefit_miscomputed');
  else if (bnpcClaimed > bnpcTotalOf(bnpcGross, week, caps)) flags.add('bnpc_cap_exceeded');
  return flags;
}

/** The 5% a sale claims: its eligible purchases and discount, to count against the person's week. */
export function bnpcOf(lines: readonly PricedSaleLine[]): BnpcWeek {
  const bnpc = lines.filter((l) => l.benefit?.rule === 'bnpc_5');
  return {
    purchasesMinor: bnpc.reduce((sum, l) => sum + extendedPriceMinor(l.qtyMilli, l.unitPriceMinor), 0),
    discountMinor: bnpc.reduce((sum, l) => sum + (l.benefit?.discountMinor ?? 0), 0),
  };
}

export function capsOf(profile: { bnpc_weekly_purchase_cap_minor: number; bnpc_weekly_discount_cap_minor: number } | undefined): BnpcCaps {
  return {
    weeklyPurchaseCapMinor: profile ? Number(profile.bnpc_weekly_purchase_cap_minor) : DEFAULT_BNPC_WEEKLY_PURCHASE_CAP_MINOR,
    weeklyDiscountCapMinor: profile ? Number(profile.bnpc_weekly_discount_cap_minor) : DEFAULT_BNPC_WEEKLY_DISCOUNT_CAP_MINOR,
  };
}

/**
 * The 5% a person had this week from the sales already recorded: one read of their sales' 5%
 * lines, less the share of what the refunds recorded of those sales gave back (bnpcWeekFrom,
 * the till's rule). Refunds are read only where the week has 5% lines. `exceptTerminalId`:
 * the other tills' sales only (what a till asking for the week does not know itself).
 */
export async function recordedBnpcWeek(
  trx: Tx,
  businessId: string,
  idNumber: string,
  occurredAt: string,
  timezone: string,
  exceptTerminalId?: string,
): Promise<BnpcWeek> {
  const { startsAt, endsAt } = bnpcWeekOf(occurredAt, timezone);
  // Read by a text range wider than the week (times an older server stored with their offset), kept by instant.
  const from = Date.parse(startsAt);
  const to = Date.parse(endsAt);
  const range = occurredAtTextRange(from, to);
  const rows = await trx
    .selectFrom('sale_lines')
    .innerJoin('sales', 'sales.id', 'sale_lines.sale_id')
    .select([
      'sales.id as sale_id',
      'sales.occurred_at',
      'sale_lines.sku',
      'sale_lines.qty_milli',
      'sale_lines.unit_price_minor',
      'sale_lines.benefit_discount_minor',
    ])
    .where('sales.business_id', '=', businessId)
    // By the person, however the ID was typed (the index sales_beneficiary_key, migration 0012).
    .where('sales.beneficiary_id_number', 'is not', null)
    .where(sql.raw<string>(beneficiaryKeySql('sales.beneficiary_id_number', dialectOf(trx))), '=', beneficiaryKey(idNumber))
    .where('sales.occurred_at', '>=', range.from)
    .where('sales.occurred_at', '<', range.to)
    .where('sale_lines.benefit_kind', 'in', [benefitKindOf('senior_citizen', 'bnpc_5'), benefitKindOf('pwd', 'bnpc_5')])
    .$if(exceptTerminalId !== undefined, (q) => q.where('sales.terminal_id', '!=', exceptTerminalId!))
    .execute()
    .then((found) => found.filter((r) => inInstants(r.occurred_at, from, to)));
  const { sold, refunded } = await givenBack(
    trx,
    rows.map((r) => r.sale_id),
  );
  const key = (saleId: string, sku: string) => JSON.stringify([saleId, sku]);
  return bnpcWeekFrom(
    rows.map((r) => ({
      saleId: r.sale_id,
      sku: r.sku,
      qtyMilli: Number(r.qty_milli),
      unitPriceMinor: Number(r.unit_price_minor),
      discountMinor: Number(r.benefit_discount_minor),
      soldMilli: sold.get(key(r.sale_id, r.sku)) ?? 0,
      refundedMilli: refunded.get(key(r.sale_id, r.sku)) ?? 0,
    })),
  );
}

/** Of these sales, per (sale, SKU): what the refunds recorded gave back, and (where any) what the sale sold. */
async function givenBack(trx: Tx, saleIds: readonly string[]): Promise<{ sold: Map<string, number>; refunded: Map<string, number> }> {
  const sold = new Map<string, number>();
  const refunded = new Map<string, number>();
  const ids = [...new Set(saleIds)];
  if (ids.length === 0) return { sold, refunded };
  const key = (saleId: string, sku: string) => JSON.stringify([saleId, sku]);
  const back = await trx
    .selectFrom('refund_lines')
    .innerJoin('refunds', 'refunds.id', 'refund_lines.refund_id')
    .select(['refunds.sale_id', 'refund_lines.sku', (eb) => eb.fn.sum<number | string>('refund_lines.qty_milli').as('milli')])
    .where('refunds.sale_id', 'in', ids)
    .groupBy(['refunds.sale_id', 'refund_lines.sku'])
    .execute();
  if (back.length === 0) return { sold, refunded };
  for (const r of back) refunded.set(key(r.sale_id, r.sku), Number(r.milli));
  const lines = await trx
    .selectFrom('sale_lines')
    .select(['sale_id', 'sku', (eb) => eb.fn.sum<number | string>('qty_milli').as('milli')])
    .where('sale_id', 'in', [...new Set(back.map((r) => r.sale_id))])
    .groupBy(['sale_id', 'sku'])
    .execute();
  for (const l of lines) sold.set(key(l.sale_id, l.sku), Number(l.milli));
  return { sold, refunded };
}
