import { isVatRegistered, taxAsCharged } from '../catalog/taxes-as-charged';
import { sql } from 'kysely';
import type { TaxRate } from '../../protocol';
import type { Tx } from '../db/database';
import { dialectOf } from '../db/hot-statements';
import { soldByOf, type SoldBy } from '../../protocol/sold-by';
import type { CatalogEntry } from './sale-benefits';

/**
 * What a group of sales is checked against, by business: the list price, eligibility and unit of
 * every SKU they name (review flags, benefits), the taxes (each sale's VAT figures) and the
 * invoice series' settings. PostgreSQL: ONE statement (three reads would be three round trips
 * of every group, a tenth of its time at full ingest); SQLite: three reads, which cost no
 * round trip. Keys are `${business} ${sku}` and `${business} ${tax code}`.
 */
/** A catalog entry and how the product is sold (protocol/sold-by.ts). */
export interface ListedProduct extends CatalogEntry {
  soldBy: SoldBy | null;
  /** The tax the catalog charges on it (null: none). */
  taxCode: string | null;
}

export interface SaleReferences {
  catalog: Map<string, ListedProduct>;
  taxes: Map<string, TaxRate>;
  /** The invoice series' settings by business; absent: the defaults. */
  invoiceSeries: Map<string, { format: string; reset: string }>;
}

interface ProductRow {
  business_id: string;
  sku: string;
  sold_by: string | null;
  tax_code: string | null;
  price_minor: number;
  sc_pwd_eligible: number;
  bnpc_eligible: number;
}
interface TaxRow {
  business_id: string;
  code: string;
  name: string;
  rate_basis_points: number;
  inclusive: number | boolean;
  /** The business's profile: NULL where it has none (VAT-registered). */
  vat_registered: number | boolean | null;
}
interface SeriesRow {
  business_id: string;
  format: string;
  reset: string;
}

export async function readSaleReferences(trx: Tx, businesses: readonly string[], skus: readonly string[]): Promise<SaleReferences> {
  const businessIds = [...new Set(businesses)];
  const skuList = [...new Set(skus)];
  let products: ProductRow[];
  let taxes: TaxRow[];
  let series: SeriesRow[];
  if (dialectOf(trx) === 'postgres') {
    const { rows } = await sql<{ products: ProductRow[]; taxes: TaxRow[]; series: SeriesRow[] }>`select
        (select coalesce(json_agg(p), '[]') from (select business_id, sku, sold_by, tax_code, price_minor, sc_pwd_eligible, bnpc_eligible from products
          where business_id = any(${businessIds}::text[]) and sku = any(${skuList}::text[])) p) as products,
        (select coalesce(json_agg(t), '[]') from (select t.business_id, t.code, t.name, t.rate_basis_points, t.inclusive, bp.vat_registered
          from taxes t left join business_profiles bp on bp.business_id = t.business_id
          where t.business_id = any(${businessIds}::text[])) t) as taxes,
        (select coalesce(json_agg(s), '[]') from (select business_id, format, reset from series_settings
          where business_id = any(${businessIds}::text[]) and series = 'invoice') s) as series`.execute(trx);
    ({ products, taxes, series } = rows[0]!);
  } else {
    products = await trx
      .selectFrom('products')
      .select(['business_id', 'sku', 'sold_by', 'tax_code', 'price_minor', 'sc_pwd_eligible', 'bnpc_eligible'])
      .where('business_id', 'in', businessIds)
      .where('sku', 'in', skuList.length > 0 ? skuList : [''])
      .execute();
    taxes = await trx
      .selectFrom('taxes as t')
      .leftJoin('business_profiles as bp', 'bp.business_id', 't.business_id')
      .select(['t.business_id', 't.code', 't.name', 't.rate_basis_points', 't.inclusive', 'bp.vat_registered'])
      .where('t.business_id', 'in', businessIds)
      .execute();
    series = await trx
      .selectFrom('series_settings')
      .select(['business_id', 'format', 'reset'])
      .where('business_id', 'in', businessIds)
      .where('series', '=', 'invoice')
      .execute();
  }
  return {
    catalog: new Map(
      products.map((p) => [
        `${p.business_id} ${p.sku}`,
        {
          soldBy: soldByOf(p.sold_by),
          taxCode: p.tax_code,
          priceMinor: Number(p.price_minor),
          scPwdEligible: Number(p.sc_pwd_eligible) === 1,
          bnpcEligible: Number(p.bnpc_eligible) === 1,
        },
      ]),
    ),
    taxes: new Map(
      taxes.map((t) => [
        `${t.business_id} ${t.code}`,
        taxAsCharged(
          { code: t.code, name: t.name, rateBasisPoints: Number(t.rate_basis_points), inclusive: Boolean(t.inclusive) },
          isVatRegistered(t.vat_registered),
        ),
      ]),
    ),
    invoiceSeries: new Map(series.map((s) => [s.business_id, { format: s.format, reset: s.reset }])),
  };
}
