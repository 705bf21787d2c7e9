import { soleSkusSpelledAlike } from '../catalog/catalog';
import type { Reader } from './count-variance';

const CHUNK = 1000;

/**
 * What each code a manager scanned or typed stands for: a SKU of the catalog, a barcode of
 * the catalog, or a SKU the store's ledger already holds (sold or received without being in
 * the catalog), or a SKU of the catalog typed in another case. Anything else is unknown and is not counted.
 */
export async function resolveCodes(
  trx: Reader,
  place: { businessId: string; storeId: string },
  codes: readonly string[],
): Promise<Map<string, string>> {
  const distinct = [...new Set(codes)];
  const found = new Map<string, string>();
  for (let start = 0; start < distinct.length; start += CHUNK) {
    const chunk = distinct.slice(start, start + CHUNK);
    const bySku = await trx.selectFrom('products').select('sku').where('business_id', '=', place.businessId).where('sku', 'in', chunk).execute();
    const byBarcode = await trx
      .selectFrom('products')
      .select(['sku', 'barcode'])
      .where('business_id', '=', place.businessId)
      .where('barcode', 'in', chunk)
      .execute();
    // A SKU wins over another product's barcode that happens to read the same.
    for (const p of byBarcode) if (p.barcode !== null) found.set(p.barcode, p.sku);
    for (const p of bySku) found.set(p.sku, p.sku);
    const rest = chunk.filter((code) => !found.has(code));
    if (rest.length === 0) continue;
    const stocked = await trx.selectFrom('stock_levels').select('sku').where('store_id', '=', place.storeId).where('sku', 'in', rest).execute();
    for (const s of stocked) found.set(s.sku, s.sku);
    // A SKU typed in another case ("sardines-555") that names one product is that product's, as on every new stock
    // document (inCatalogSpelling).
    const unknown = chunk.filter((code) => !found.has(code));
    if (unknown.length > 0) for (const [code, sku] of await soleSkusSpelledAlike(trx, place.businessId, unknown)) found.set(code, sku);
  }
  return found;
}
