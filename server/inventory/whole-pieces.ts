import { milliToQty } from '../../protocol/sale-total';
import { quantityFits, soldByOf } from '../../protocol/sold-by';
import type { Tx } from '../db/database';
import { Problem } from '../problem';

/** A line of a stock document or a count, as the catalog spells its SKU, and where the request holds its quantity. */
export interface QuantityAt {
  sku: string;
  qtyMilli: number;
  path: string;
}

/**
 * The lines that give a product sold by the piece a fraction (2.5 bottles): no shelf holds
 * that, and the stock level it leaves could never be sold or counted back to zero. Found by a
 * walk: a receipt approved with 2.5 of a bottled product arrived was taken. A product sold by
 * weight, one whose catalog entry does not say, and a SKU not in the catalog take any quantity.
 */
export async function fractionsOfPieces(trx: Tx, businessId: string, lines: readonly QuantityAt[]): Promise<{ path: string; message: string }[]> {
  const fractional = lines.filter((line) => line.qtyMilli % 1000 !== 0);
  if (fractional.length === 0) return [];
  const skus = [...new Set(fractional.map((line) => line.sku))];
  const soldBy = new Map(
    (await trx.selectFrom('products').select(['sku', 'sold_by']).where('business_id', '=', businessId).where('sku', 'in', skus).execute()).map(
      (p) => [p.sku, soldByOf(p.sold_by)] as const,
    ),
  );
  return fractional
    .filter((line) => !quantityFits(soldBy.get(line.sku), line.qtyMilli))
    .map((line) => ({ path: line.path, message: `${line.sku} is sold by the piece: a whole number, not ${milliToQty(line.qtyMilli)}` }));
}

/** 400 `validation_failed` naming every line that gives a product sold by the piece a fraction; nothing is stored. */
export async function refuseFractionsOfPieces(trx: Tx, businessId: string, lines: readonly QuantityAt[], title: string): Promise<void> {
  const errors = await fractionsOfPieces(trx, businessId, lines);
  if (errors.length > 0)
    throw new Problem(
      400,
      'validation_failed',
      title,
      `${errors[0]?.message ?? ''}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}. Nothing was stored.`,
      errors,
    );
}

/** What a receipt's approval or a transfer's receipt reports arrived, by SKU, each at its line of the body. */
export function reportedArrivals(arrived: ReadonlyMap<string, number>, reported: readonly { sku: string }[]): QuantityAt[] {
  return [...arrived].map(([sku, qtyMilli]) => {
    const index = reported.findIndex((line) => line.sku.toLowerCase() === sku.toLowerCase());
    return { sku, qtyMilli, path: `/lines/${Math.max(index, 0)}/qtyReceived` };
  });
}

/** A new document's lines, each at its line of the body. */
export const linesAt = (lines: readonly { sku: string; qtyMilli: number }[], field: string): QuantityAt[] =>
  lines.map((line, index) => ({ sku: line.sku, qtyMilli: line.qtyMilli, path: `/lines/${index}/${field}` }));
