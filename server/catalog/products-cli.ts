import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackOfficeDb } from '../db/database';
import { businessByCode } from '../place-codes';
import { Problem } from '../problem';
import { upsertProduct } from './catalog';
import { PRODUCT_FILE_HELP, readProductFile, type Column } from './product-file';
import type { ProductUpsert } from '../../protocol/catalog';

export const PRODUCTS_HELP = {
  'products import': `counter-server products import <file.csv> [--business MAIN]
  Saves every product of a catalog file (new ones added, existing ones changed), as
  PUT /v1/admin/products/{sku} would one by one; the tills pull them within a minute.
  ${PRODUCT_FILE_HELP.split('\n').join('\n  ')}
  A file with a bad row saves nothing and names every such row (exit 2).`,
  'products taxes': `counter-server products taxes [--business MAIN]
  Lists the business's tax codes, for a catalog file's tax_code column.`,
};

type Out = (text: string) => void;

/** `counter-server products taxes`: the codes a product may name. */
export async function productsTaxesCommand(store: BackOfficeDb, args: string[], out: Out, err: Out): Promise<number> {
  const { values } = parseArgs({ args, options: { business: { type: 'string', default: 'MAIN' } } });
  const business = await businessByCode(store.db, values.business);
  if (!business) {
    err(`There is no business ${values.business}.\n`);
    return 2;
  }
  const taxes = await store.db
    .selectFrom('taxes')
    .select(['code', 'name', 'rate_basis_points', 'inclusive'])
    .where('business_id', '=', business.id)
    .orderBy('code')
    .execute();
  for (const t of taxes) out(`${t.code}\t${t.name}\t${Number(t.rate_basis_points) / 100}%${Number(t.inclusive) ? ' (in the price)' : ''}\n`);
  if (taxes.length === 0) out(`Business ${business.code} has no taxes.\n`);
  return 0;
}

/**
 * What a product already has in the columns a file leaves out (found by a walk: a file of
 * sku,name,price to raise one price cleared its tax code and barcode, and the product then
 * sold as VAT-exempt and no longer scanned). A column the file has, even with an empty cell,
 * is the file's.
 */
async function keptFromStored(store: BackOfficeDb, businessId: string, sku: string, columns: ReadonlySet<Column>): Promise<Partial<ProductUpsert>> {
  const stored = await store.db
    .selectFrom('products')
    .select(['tax_code', 'barcode', 'sold_by', 'sc_pwd_eligible', 'bnpc_eligible'])
    .where('business_id', '=', businessId)
    .where('sku', '=', sku)
    .executeTakeFirst();
  if (!stored) return {};
  return {
    ...(!columns.has('tax_code') && stored.tax_code !== null ? { taxCode: stored.tax_code } : {}),
    ...(!columns.has('barcode') && stored.barcode !== null ? { barcode: stored.barcode } : {}),
    ...(!columns.has('sold_by') && stored.sold_by !== null ? { soldBy: stored.sold_by as ProductUpsert['soldBy'] } : {}),
    ...(!columns.has('sc_pwd') && Number(stored.sc_pwd_eligible) === 1 ? { scPwdEligible: true } : {}),
    ...(!columns.has('bnpc') && Number(stored.bnpc_eligible) === 1 ? { bnpcEligible: true } : {}),
  };
}

/**
 * `counter-server products import`: a shop's catalog in one file (found by a walk: an installer
 * setting up a real store had only one curl per product). Read and checked whole first, the
 * tax codes against the business's; then saved product by product. A refusal while saving (a
 * barcode another product of the database has) stops there, naming the row: the rows before
 * it are saved, and importing the file again once it is fixed is harmless.
 */
export async function productsImportCommand(store: BackOfficeDb, args: string[], out: Out, err: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { business: { type: 'string', default: 'MAIN' } } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    err(`Name one catalog file: counter-server products import <file.csv> [--business MAIN]\n`);
    return 2;
  }
  let text: string;
  let path = file;
  try {
    // Relative to where the command was typed: `npm run counter-server -- products import catalog.csv` runs in the
    // checkout, and npm says where it was typed in INIT_CWD (found by a walk: the file beside the installer was not found).
    path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
    text = await readFile(path, 'utf8');
  } catch (error) {
    err(`${file} cannot be read (looked for ${path}): ${(error as Error).message}\n`);
    return 2;
  }
  const business = await businessByCode(store.db, values.business);
  if (!business) {
    err(`There is no business ${values.business}.\n`);
    return 2;
  }
  const taxes = (await store.db.selectFrom('taxes').select('code').where('business_id', '=', business.id).execute()).map((t) => t.code);
  const read = readProductFile(text, business.code, taxes);
  if ('errors' in read) {
    for (const e of read.errors) err(`${e.path}: ${e.message}\n`);
    err(`Nothing was saved: fix the rows named and import the file again.\n`);
    return 2;
  }
  let saved = 0;
  for (const { row, sku, product } of read.products) {
    try {
      await upsertProduct(store, sku, { ...(await keptFromStored(store, business.id, sku, read.columns)), ...product, businessCode: business.code });
      saved++;
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      err(`row ${row} (${sku}): ${error.detail}\n`);
      err(
        `${saved} products before it were saved, it and the rest were not: fix it and import the file again (the saved ones are saved again as they are).\n`,
      );
      return 2;
    }
  }
  out(`Saved ${saved} products of ${business.code}: the tills pull them within a minute.\n`);
  return 0;
}
