import { utcText, type AdminRefund, type AdminRefundsPage } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import type { BackOfficeDb } from '../db/database';
import { pageOf, vatFiguresOf } from './document-figures';
import { placesAsked, type PlacesQuery } from './places-asked';

export interface AdminRefundsQuery extends PlacesQuery {
  since?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Refunds (return slips) oldest first (ids are UUIDv7: time-ordered), a page at a time, as GET /v1/admin/sales lists sales. */
export async function listRefunds(store: BackOfficeDb, query: AdminRefundsQuery): Promise<AdminRefundsPage> {
  const none: AdminRefundsPage = { items: [], nextCursor: null };
  // Codes resolved first (the exact spelling, or 409 when two differ only in case), then refunds by id.
  const places = await placesAsked(store, query);
  if (!places) return none;
  let select = store.db
    .selectFrom('refunds as r')
    .innerJoin('sales as s', 's.id', 'r.sale_id')
    .innerJoin('businesses as b', 'b.id', 'r.business_id')
    .innerJoin('stores as st', 'st.id', 'r.store_id')
    .innerJoin('terminals as t', 't.id', 'r.terminal_id')
    .select([
      'r.id',
      'r.return_number',
      'r.sale_id',
      's.invoice_number',
      'b.code as business_code',
      'st.code as store_code',
      't.code as terminal_code',
      'r.local_number',
      'r.printed_as',
      'r.occurred_at',
      'r.received_at',
      'r.reason',
      'r.total_minor',
      'r.vatable_minor',
      'r.vat_minor',
      'r.exempt_minor',
      'r.zero_rated_minor',
    ])
    .orderBy('r.id')
    .limit(query.limit + 1);
  if (places.businessId) select = select.where('r.business_id', '=', places.businessId);
  if (places.storeIds) select = select.where('r.store_id', 'in', places.storeIds);
  if (query.since) select = select.where('r.received_at', '>=', utcText(query.since));
  if (query.cursor) select = select.where('r.id', '>', query.cursor);
  const rows = await select.execute();
  const { page, nextCursor } = pageOf(rows, query.limit);
  const ids = page.map((r) => r.id);
  const lines = ids.length ? await store.db.selectFrom('refund_lines').selectAll().where('refund_id', 'in', ids).orderBy('line_no').execute() : [];
  const items: AdminRefund[] = page.map((r) => ({
    id: r.id,
    returnNumber: r.return_number,
    saleId: r.sale_id,
    invoiceNumber: r.invoice_number,
    businessCode: r.business_code,
    storeCode: r.store_code,
    terminalCode: r.terminal_code,
    localNumber: r.local_number,
    printedAs: r.printed_as,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    reason: r.reason,
    totalMinor: Number(r.total_minor),
    vat: vatFiguresOf(r),
    lines: lines
      .filter((l) => l.refund_id === r.id)
      .map((l) => ({ sku: l.sku, qty: milliToQty(Number(l.qty_milli)), amountMinor: Number(l.amount_minor), restock: Number(l.restocked) !== 0 })),
  }));
  return { items, nextCursor };
}
