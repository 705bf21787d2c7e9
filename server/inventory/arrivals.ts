import type { Tx } from '../db/database';
import { soleSkusSpelledAlike } from '../catalog/catalog';
import { Problem } from '../problem';
import { toMilli } from './quantities';

const invalid = (title: string, detail: string, path: string) => new Problem(400, 'validation_failed', title, detail, [{ path, message: detail }]);

/**
 * A stock document names each SKU once. A purchase receipt or a transfer: what arrived is
 * reported by SKU, so two lines of one SKU could not be told apart (a receipt of candles 5 + 7
 * approved as "7 arrived" once added 7 to each line). A correction or a supplier return: a SKU
 * on two lines is an item scanned twice more often than meant (its quantities go on one line).
 * Refused when drafted or posted, with the line that repeats.
 */
export function eachSkuOnce(lines: readonly { sku: string }[], title: string): void {
  // Folded: a SKU no product has yet, typed `newsku` on one line and `NEWSKU` on another, is one
  // item twice as well (a catalog product's spellings are made one by inCatalogSpelling first).
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const folded = line.sku.toLowerCase();
    if (seen.has(folded)) throw invalid(title, `${line.sku} is listed twice; put its quantities on one line`, `/lines/${index}/sku`);
    seen.add(folded);
  });
}

/**
 * What arrived, by SKU, at the approval of a receipt or the receipt of a transfer: what the
 * document says was sent, unless the body reports another quantity for its SKU. The body
 * names each SKU once, and only SKUs of the document (`document` names it in the answer).
 * A document drafted before SKUs had to be unique may hold one on two lines: reporting it is
 * refused (which line?), leaving it out means both arrived in full.
 */
export function arrivedBySku(
  lines: readonly { sku: string; qtyMilli: number }[],
  reported: readonly { sku: string; qtyReceived: number }[],
  title: string,
  document: string,
): Map<string, number> {
  const onLines = new Map<string, number>();
  for (const line of lines) onLines.set(line.sku, (onLines.get(line.sku) ?? 0) + 1);
  // A SKU reported in another case than the document's line (the spelling typed when it was drafted, kept as the
  // catalog's since: inCatalogSpelling) is that line's, when only one line is spelled alike.
  const asOnDocument = reported.map((line) => {
    if (onLines.has(line.sku)) return line;
    const alike = [...onLines.keys()].filter((sku) => sku.toLowerCase() === line.sku.toLowerCase());
    return alike.length === 1 && alike[0] !== undefined ? { ...line, sku: alike[0] } : line;
  });
  eachSkuOnce(asOnDocument, title);
  const reportedMilli = toMilli(asOnDocument, (line) => line.qtyReceived, 'qtyReceived');
  const arrived = new Map<string, number>();
  asOnDocument.forEach((line, index) => {
    const count = onLines.get(line.sku) ?? 0;
    if (count === 0) throw invalid(title, `${line.sku} is not on ${document}`, `/lines/${index}/sku`);
    if (count > 1)
      throw invalid(title, `${line.sku} is on ${count} lines of ${document}; what arrived cannot be told line by line`, `/lines/${index}/sku`);
    arrived.set(line.sku, reportedMilli[index] ?? 0);
  });
  return arrived;
}

/**
 * The SKUs of a draft that are not products of the business's catalog: taken all the same
 * (goods can arrive before their product is set up), and named in the answer so a typo
 * ("NOPE-SKU" for a real product) is seen while the paper is in hand, not at the next count.
 */
export async function notInCatalog(trx: Tx, businessId: string, lines: readonly { sku: string }[]): Promise<string[]> {
  const skus = [...new Set(lines.map((line) => line.sku))];
  const known = new Set(
    (await trx.selectFrom('products').select('sku').where('business_id', '=', businessId).where('sku', 'in', skus).execute()).map((p) => p.sku),
  );
  return skus.filter((sku) => !known.has(sku));
}

/**
 * A new document's lines with each SKU as the business's catalog spells it: a SKU that is not
 * a product as typed but is one whatever its case (`sardines-555` for `SARDINES-555`, one
 * product only) is that product's, as a scan finds it. Kept as typed, such a line moved stock
 * under a second SKU that no sale ever takes from, and left the product's own figures wrong
 * (found by a manager's walk: a transfer of `sardines-555` showed -4 at one store, +4 at the
 * other and the real product short). A SKU no product has in any case stays as typed.
 */
export async function inCatalogSpelling<L extends { sku: string }>(trx: Tx, businessId: string, lines: readonly L[]): Promise<L[]> {
  const spelling = await soleSkusSpelledAlike(trx, businessId, await notInCatalog(trx, businessId, lines));
  return lines.map((line) => {
    const sku = spelling.get(line.sku);
    return sku === undefined ? line : { ...line, sku };
  });
}
