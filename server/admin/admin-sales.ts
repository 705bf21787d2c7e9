import { utcText, type AdminSale, type AdminSalesPage } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import type { BackOfficeDb } from '../db/database';
import { pageOf, vatFiguresOf } from './document-figures';
import { placesAsked, type PlacesQuery } from './places-asked';

export interface AdminSalesQuery extends PlacesQuery {
  since?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Sales oldest first (ids are UUIDv7: time-ordered), a page at a time. */
export async function listSales(store: BackOfficeDb, query: AdminSalesQuery): Promise<AdminSalesPage> {
  const none: AdminSalesPage = { items: [], nextCursor: null };
  // Codes resolved first (the exact spelling, or 409 when two differ only in case), then sales by id.
  const places = await placesAsked(store, query);
  if (!places) return none;
  let select = store.db
    .selectFrom('sales as s')
    .innerJoin('businesses as b', 'b.id', 's.business_id')
    .innerJoin('stores as st', 'st.id', 's.store_id')
    .innerJoin('terminals as t', 't.id', 's.terminal_id')
    .select([
      's.id',
      's.invoice_number',
      'b.code as business_code',
      'st.code as store_code',
      't.code as terminal_code',
      's.local_number',
      's.printed_as',
      's.occurred_at',
      's.received_at',
      's.cashier',
      's.total_minor',
      's.status',
      's.flags',
      's.vatable_minor',
      's.vat_minor',
      's.exempt_minor',
      's.zero_rated_minor',
      's.beneficiary_kind',
      's.beneficiary_id_number',
      's.beneficiary_name',
    ])
    .orderBy('s.id')
    .limit(query.limit + 1);
  if (places.businessId) select = select.where('s.business_id', '=', places.businessId);
  if (places.storeIds) select = select.where('s.store_id', 'in', places.storeIds);
  if (query.since) select = select.where('s.received_at', '>=', utcText(query.since));
  if (query.cursor) select = select.where('s.id', '>', query.cursor);
  const rows = await select.execute();
  const { page, nextCursor } = pageOf(rows, query.limit);
  const ids = page.map((r) => r.id);
  const lines = ids.length ? await store.db.selectFrom('sale_lines').selectAll().where('sale_id', 'in', ids).orderBy('line_no').execute() : [];
  const payments = ids.length ? await store.db.selectFrom('sale_payments').selectAll().where('sale_id', 'in', ids).orderBy('line_no').execute() : [];
  const items: AdminSale[] = page.map((r) => ({
    id: r.id,
    invoiceNumber: r.invoice_number,
    businessCode: r.business_code,
    storeCode: r.store_code,
    terminalCode: r.terminal_code,
    localNumber: r.local_number,
    printedAs: r.printed_as,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    cashier: r.cashier,
    totalMinor: Number(r.total_minor),
    status: r.status,
    flags: JSON.parse(r.flags) as string[],
    vat: vatFiguresOf(r),
    beneficiary:
      r.beneficiary_kind === null ? null : { kind: r.beneficiary_kind, idNumber: r.beneficiary_id_number ?? '', name: r.beneficiary_name ?? '' },
    lines: lines
      .filter((l) => l.sale_id === r.id)
      .map((l) => ({
        sku: l.sku,
        name: l.name,
        qty: milliToQty(Number(l.qty_milli)),
        unitPriceMinor: Number(l.unit_price_minor),
        discountMinor: Number(l.discount_minor),
        taxCode: l.tax_code,
        totalMinor: Number(l.total_minor),
        benefitKind: l.benefit_kind,
        benefitMinor: Number(l.benefit_vat_removed_minor) + Number(l.benefit_discount_minor),
      })),
    payments: payments
      .filter((p) => p.sale_id === r.id)
      .map((p) => ({ method: p.method, amountMinor: Number(p.amount_minor), reference: p.reference })),
  }));
  return { items, nextCursor };
}
