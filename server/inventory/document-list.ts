import type { StockDocumentList, StockDocumentQuery, StockDocumentSummary } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import { DEFAULT_BUSINESS_CODE } from '../businesses';
import type { BackOfficeDb } from '../db/database';
import { notFound } from '../problem';
import { businessByCode, storeByCode } from '../place-codes';

/** Stock documents of a business, newest first, with their lines: what the stock page lists. */
export async function listStockDocuments(store: BackOfficeDb, query: StockDocumentQuery): Promise<StockDocumentList> {
  const businessCode = query.businessCode ?? DEFAULT_BUSINESS_CODE;
  const business = await businessByCode(store.db, businessCode);
  if (!business) throw notFound(`Business ${businessCode}`);
  const shop = query.storeCode !== undefined ? await storeByCode(store.db, business.id, query.storeCode) : undefined;
  if (query.storeCode !== undefined && !shop) return { items: [] };
  const docs = await store.db
    .selectFrom('stock_documents as d')
    .innerJoin('stores as s', 's.id', 'd.store_id')
    .leftJoin('stores as t', 't.id', 'd.to_store_id')
    .selectAll('d')
    .select(['s.code as store_code', 't.code as to_store_code'])
    .where('d.business_id', '=', business.id)
    .$if(query.kind !== undefined, (q) => q.where('d.kind', '=', query.kind!))
    .$if(query.status !== undefined, (q) => q.where('d.status', '=', query.status!))
    .$if(shop !== undefined, (q) => q.where((eb) => eb.or([eb('d.store_id', '=', shop!.id), eb('d.to_store_id', '=', shop!.id)])))
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(Number(query.limit ?? 100))
    .execute();
  const lines =
    docs.length === 0
      ? []
      : await store.db
          .selectFrom('stock_document_lines')
          .selectAll()
          .where(
            'document_id',
            'in',
            docs.map((d) => d.id),
          )
          .orderBy('line_no')
          .execute();
  const items: StockDocumentSummary[] = docs.map((d) => ({
    id: d.id,
    kind: d.kind as StockDocumentSummary['kind'],
    number: d.number,
    status: d.status,
    storeCode: d.store_code,
    toStoreCode: d.to_store_code,
    supplier: d.supplier,
    reason: d.reason,
    draftedBy: d.drafted_by,
    approvedBy: d.approved_by,
    discardedBy: d.discarded_by,
    receivedBy: d.received_by,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    lines: lines
      .filter((l) => l.document_id === d.id)
      .map((l) => ({
        sku: l.sku,
        qty: milliToQty(Number(l.qty_milli)),
        qtyReceived: l.qty_received_milli === null ? null : milliToQty(Number(l.qty_received_milli)),
      })),
  }));
  return { items };
}
