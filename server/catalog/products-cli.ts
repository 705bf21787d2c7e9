import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { BackOfficeDb } from '../db/database';
import { businessByCode } from '../place-codes';
import { Problem } from '../problem';
import { upsertProduct } from './catalog';
import { PRODUCT_FILE_HELP, readProductFile } from './product-file';

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
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    err(`${file} cannot be read: ${(error as Error).message}\n`);
    return 2;
  }
  const business = await businessByCode(store.db, values.business);
  if (!business) {
    err(`There is no business ${values.business}.\n`);
    return 2;
  }
  const read = readProductFile(text, business.code);
  const taxes = new Set((await store.db.selectFrom('taxes').select('code').where('business_id', '=', business.id).execute()).map((t) => t.code));
  const errors =
    'errors' in read
      ? read.errors
      : read.products.flatMap(({ row, product }) =>
          product.taxCode !== undefined && !taxes.has(product.taxCode)
            ? [{ path: `row ${row}`, message: `tax_code ${product.taxCode} is not one of ${business.code}'s: ${[...taxes].sort().join(', ')}` }]
            : [],
        );
  if (errors.length > 0 || 'errors' in read) {
    for (const e of errors) err(`${e.path}: ${e.message}\n`);
    err(`Nothing was saved: fix the rows named and import the file again.\n`);
    return 2;
  }
  let saved = 0;
  for (const { row, sku, product } of read.products) {
    try {
      await upsertProduct(store, sku, { ...product, businessCode: business.code });
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
