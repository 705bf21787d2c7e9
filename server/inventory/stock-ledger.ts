import { uuidv7 } from 'uuidv7';
import type { StockReport } from '../../sync/protocol';
import { milliToQty } from '../../sync/protocol/sale-total';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import type { BackOfficeDb, Tx } from '../db/database';
import { notFound } from '../problem';

export type MovementKind = 'sale' | 'refund' | 'receipt' | 'transfer_out' | 'transfer_in' | 'correction' | 'supplier_return';

export interface Movement {
  sku: string;
  /** Signed thousandths: positive comes in, negative goes out. */
  qtyMilli: number;
}

/**
 * The stock ledger is append-only: a document adds its movements once, in its own write
 * transaction, and on-hand is only ever their sum. Nothing here refuses negative stock.
 */
export async function appendMovements(
  trx: Tx,
  place: { businessId: string; storeId: string },
  kind: MovementKind,
  documentId: string,
  movements: readonly Movement[],
  at: Date,
): Promise<void> {
  const rows = movements
    .filter((m) => m.qtyMilli !== 0)
    .map((m) => ({
      id: uuidv7(),
      business_id: place.businessId,
      store_id: place.storeId,
      sku: m.sku,
      qty_milli: m.qtyMilli,
      kind,
      document_id: documentId,
      created_at: at.toISOString(),
    }));
  if (rows.length > 0) await trx.insertInto('stock_movements').values(rows).execute();
}

/** On hand per store and SKU, summed from the ledger; negatives flagged, never hidden. */
export async function stockReport(store: BackOfficeDb, query: { businessCode?: string | undefined; storeCode?: string | undefined; sku?: string | undefined }): Promise<StockReport> {
  const businessCode = query.businessCode ?? DEFAULT_BUSINESS_CODE;
  const business = await store.db.selectFrom('businesses').select('id').where('code', '=', businessCode).executeTakeFirst();
  if (!business) throw notFound(`Business ${businessCode}`);
  let select = store.db
    .selectFrom('stock_movements as m')
    .innerJoin('stores as s', 's.id', 'm.store_id')
    .select(['s.code as store_code', 'm.sku', (eb) => eb.fn.sum<number>('m.qty_milli').as('qty')])
    .where('m.business_id', '=', business.id)
    .groupBy(['s.code', 'm.sku'])
    .orderBy('s.code')
    .orderBy('m.sku');
  if (query.storeCode) select = select.where('s.code', '=', query.storeCode);
  if (query.sku) select = select.where('m.sku', '=', query.sku);
  const rows = await select.execute();
  return {
    businessCode,
    items: rows.map((r) => ({ storeCode: r.store_code, sku: r.sku, onHand: milliToQty(Number(r.qty)), negative: Number(r.qty) < 0 })),
  };
}
