import { isVatRegistered, taxAsCharged } from './taxes-as-charged';
import type { CatalogPage, ProductUpsert } from '../../protocol';
import { sql } from 'kysely';
import type { BackOfficeDb, Tx } from '../db/database';
import { withTransactionRetries } from '../idempotency/retry-transaction';
import { takeNextNumber } from '../numbering/number-series';
import { notFound, Problem } from '../problem';
import { soldByOf } from '../../protocol/sold-by';
import { businessByCode } from '../place-codes';

export const CATALOG_PAGE_SIZE = 1000;

/** A product may only name a tax its business has: a sale of it would otherwise be priced with no VAT rule. */
const unknownTaxCode = (code: string, businessCode: string, codes: readonly string[]) =>
  new Problem(
    422,
    'unknown_tax_code',
    'Unknown tax code',
    `Business ${businessCode} has no tax with the code ${code}; ${codes.length === 0 ? 'it has no taxes yet' : `its tax codes are ${codes.join(', ')}`}.`,
  );

/**
 * A barcode names one product of a business: a scan (a till's search, a count file's row)
 * could not tell two apart. The check runs after the catalog counter is taken: that row lock
 * queues a business's product writes, so two racing PUTs cannot both give one barcode away.
 */
async function refuseBarcodeInUse(trx: Tx, business: { id: string; code: string }, sku: string, barcode: string): Promise<void> {
  const holder = await trx
    .selectFrom('products')
    .select('sku')
    .where('business_id', '=', business.id)
    .where('barcode', '=', barcode)
    .where('sku', '<>', sku)
    .orderBy('sku')
    .executeTakeFirst();
  if (holder) {
    throw new Problem(
      409,
      'barcode_in_use',
      'Barcode already in use',
      `Barcode ${barcode} is already on product ${holder.sku} of business ${business.code}: a scan could not tell the two apart. Give this product its own barcode, or take it off ${holder.sku} first.`,
    );
  }
}

/** The business's products whose SKU is this one whatever its case (migration 0020's index finds them). */
export const skusSpelledAlike = (db: Tx | BackOfficeDb['db'], businessId: string, sku: string) =>
  db
    .selectFrom('products')
    .select('sku')
    .where('business_id', '=', businessId)
    .where(sql<string>`lower(sku)`, '=', sql<string>`lower(${sku})`)
    .orderBy('sku');

/**
 * For each code, the one product of the business whose SKU it is in another case
 * (`sardines-555`: `SARDINES-555`), in one query per thousand codes (migration 0020's index);
 * codes that name none, or two products spelled alike, are left out. Letters are folded as
 * the database's lower() folds them (A to Z on SQLite, as its locale does on PostgreSQL).
 */
export async function soleSkusSpelledAlike(db: Tx | BackOfficeDb['db'], businessId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(codes)];
  const bySpelling = new Map<string, string[]>();
  for (let start = 0; start < distinct.length; start += 1000) {
    const chunk = distinct.slice(start, start + 1000);
    const rows = await db
      .selectFrom('products')
      .select(['sku', sql<string>`lower(sku)`.as('folded')])
      .where('business_id', '=', businessId)
      .where(
        sql<string>`lower(sku)`,
        'in',
        chunk.map((code) => sql<string>`lower(${code})`),
      )
      .execute();
    for (const row of rows) bySpelling.set(row.folded, [...(bySpelling.get(row.folded) ?? []), row.sku]);
  }
  const sole = new Map<string, string>();
  for (const code of distinct) {
    const alike = bySpelling.get(code.toLowerCase()) ?? [];
    if (alike.length === 1 && alike[0] !== undefined) sole.set(code, alike[0]);
  }
  return sole;
}

/**
 * A SKU names one product of a business whatever its case: a scanner's or a cashier's
 * `rice-5kg` must not find `RICE-5KG` and another product too. A new SKU that differs from
 * one the business has only in case is refused; a product put again under its own spelling
 * is an update, as before (a pair stored before this check keeps both). Checked after the
 * catalog counter is taken, whose row lock queues a business's product writes. Answers
 * whether the product is there already under this very spelling (the put is an update).
 */
async function refuseSkuCaseConflict(trx: Tx, business: { id: string; code: string }, sku: string): Promise<boolean> {
  const alike = await skusSpelledAlike(trx, business.id, sku).execute();
  const known = alike.some((row) => row.sku === sku);
  const existing = alike.find((row) => row.sku !== sku);
  if (!existing || known) return known;
  throw new Problem(
    409,
    'sku_case_conflict',
    'SKU differs only in case',
    `SKU ${sku} differs only in case from ${existing.sku}, a product of business ${business.code} already: a scan or a typed code could not tell the two apart. Put ${existing.sku} to change that product, or give this one another SKU.`,
  );
}

/**
 * A scan or a count file's row is "a SKU or a barcode": a barcode that reads as another
 * product's SKU (whatever its case, as SKUs are compared) could name either. A product's
 * barcode is refused when it is the SKU of another product of the business (its own SKU is
 * fine: the same product either way), and a new SKU when it is another product's barcode.
 * A SKU put again is an update, not checked against barcodes: the product holding that
 * barcode is refused when it is put. Checked after the catalog counter is taken, whose row
 * lock queues a business's product writes.
 */
async function refuseBarcodeSkuConflict(
  trx: Tx,
  business: { id: string; code: string },
  sku: string,
  barcode: string | undefined,
  known: boolean,
): Promise<void> {
  if (barcode !== undefined) {
    const holder = (await skusSpelledAlike(trx, business.id, barcode).execute()).find((row) => row.sku !== sku);
    if (holder)
      throw new Problem(
        409,
        'barcode_sku_conflict',
        "Barcode is another product's SKU",
        `Barcode ${barcode} of product ${sku} is the SKU of product ${holder.sku} of business ${business.code}: a scan or a count file's row could not tell the two apart. Give ${sku} another barcode.`,
      );
  }
  if (known) return;
  const holder = await trx
    .selectFrom('products')
    .select(['sku', 'barcode'])
    .where('business_id', '=', business.id)
    .where(sql<string>`lower(barcode)`, '=', sql<string>`lower(${sku})`)
    .orderBy('sku')
    .executeTakeFirst();
  if (holder)
    throw new Problem(
      409,
      'barcode_sku_conflict',
      "SKU is another product's barcode",
      `SKU ${sku} is the barcode of product ${holder.sku} of business ${business.code}: a scan or a count file's row could not tell the two apart. Give this product another SKU, or take the barcode off ${holder.sku} first.`,
    );
}

/**
 * Every product change takes the next value of the business's `catalog` counter, so the
 * change sequence is gapless and in commit order: a terminal that has seen up to N has
 * seen every change up to N.
 */
export async function upsertProduct(store: BackOfficeDb, sku: string, input: ProductUpsert & { businessCode: string }, now = new Date()) {
  return withTransactionRetries(() =>
    store.db.transaction().execute(async (trx) => {
      const business = await businessByCode(trx, input.businessCode);
      if (!business) throw notFound(`Business ${input.businessCode}`);
      if (input.taxCode !== undefined) {
        const tax = await trx
          .selectFrom('taxes')
          .select('code')
          .where('business_id', '=', business.id)
          .where('code', '=', input.taxCode)
          .executeTakeFirst();
        // Said with the codes there are (found by a walk: "VAT" for "VAT12" named none of them).
        if (!tax) {
          const codes = await trx.selectFrom('taxes').select('code').where('business_id', '=', business.id).orderBy('code').execute();
          throw unknownTaxCode(
            input.taxCode,
            input.businessCode,
            codes.map((t) => t.code),
          );
        }
      }
      const seq = await takeNextNumber(trx, business, 'catalog', now);
      const known = await refuseSkuCaseConflict(trx, business, sku);
      if (input.barcode !== undefined) await refuseBarcodeInUse(trx, business, sku, input.barcode);
      await refuseBarcodeSkuConflict(trx, business, sku, input.barcode, known);
      const values = {
        name: input.name,
        price_minor: input.priceMinor,
        tax_code: input.taxCode ?? null,
        barcode: input.barcode ?? null,
        sc_pwd_eligible: input.scPwdEligible === true ? 1 : 0,
        bnpc_eligible: input.bnpcEligible === true ? 1 : 0,
        sold_by: input.soldBy ?? null,
        change_seq: seq.value,
        updated_at: now.toISOString(),
      };
      await trx
        .insertInto('products')
        .values({ business_id: business.id, sku, ...values })
        .onConflict((oc) => oc.columns(['business_id', 'sku']).doUpdateSet(values))
        .execute();
      return {
        sku,
        name: input.name,
        priceMinor: input.priceMinor,
        taxCode: values.tax_code,
        barcode: values.barcode,
        ...(values.sc_pwd_eligible === 1 ? { scPwdEligible: true } : {}),
        ...(values.bnpc_eligible === 1 ? { bnpcEligible: true } : {}),
        ...(input.soldBy ? { soldBy: input.soldBy } : {}),
      };
    }),
  );
}

export async function catalogSince(store: BackOfficeDb, businessId: string, since: number): Promise<CatalogPage> {
  const rows = await store.db
    .selectFrom('products')
    .select(['sku', 'name', 'price_minor', 'tax_code', 'barcode', 'change_seq', 'sc_pwd_eligible', 'bnpc_eligible', 'sold_by'])
    .where('business_id', '=', businessId)
    .where('change_seq', '>', since)
    .orderBy('change_seq')
    .limit(CATALOG_PAGE_SIZE)
    .execute();
  const taxes = await store.db
    .selectFrom('taxes')
    .select(['code', 'name', 'rate_basis_points', 'inclusive'])
    .where('business_id', '=', businessId)
    .orderBy('code')
    .execute();
  // As the business's documents charge them: a non-VAT business's tills price no VAT either.
  const profile = await store.db.selectFrom('business_profiles').select('vat_registered').where('business_id', '=', businessId).executeTakeFirst();
  const vatRegistered = isVatRegistered(profile?.vat_registered);
  const last = rows.at(-1);
  return {
    products: rows.map((r) => {
      const soldBy = soldByOf(r.sold_by);
      return {
        sku: r.sku,
        name: r.name,
        priceMinor: Number(r.price_minor),
        taxCode: r.tax_code,
        barcode: r.barcode,
        // Sent only when true (absent is false, as from a back office before them): a page stays as small as it was.
        ...(Number(r.sc_pwd_eligible) === 1 ? { scPwdEligible: true } : {}),
        ...(Number(r.bnpc_eligible) === 1 ? { bnpcEligible: true } : {}),
        ...(soldBy ? { soldBy } : {}),
      };
    }),
    taxes: taxes.map((t) =>
      taxAsCharged({ code: t.code, name: t.name, rateBasisPoints: Number(t.rate_basis_points), inclusive: Boolean(t.inclusive) }, vatRegistered),
    ),
    cursor: String(last ? Number(last.change_seq) : since),
  };
}
