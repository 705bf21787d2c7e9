import type { MonitoringReport, StockLevel } from '../../protocol';
import { milliToQty } from '../../protocol/sale-total';
import type { BackOfficeDb } from '../db/database';
import { monitoringReport } from '../monitoring/monitoring-report';
import type { WatchSettings } from '../monitoring/watch-settings';
import { levelProductName } from '../inventory/stock-ledger';

export const RECENT_ROWS = 20;

export interface RecentSale {
  invoiceNumber: string;
  terminalCode: string;
  localNumber: string;
  receivedAt: string;
  totalMinor: number;
  status: string;
  /** Why it needs review (`saleFlags`), as stored. */
  flags: string[];
}

export interface RecentRefund {
  returnNumber: string;
  invoiceNumber: string;
  terminalCode: string;
  receivedAt: string;
  totalMinor: number;
  reason: string;
  /** Lines that came back damaged (restock: false): paid back, not back on the shelf. */
  notRestocked: { sku: string; name: string | null; qtyMilli: number }[];
}

export interface FleetView {
  now: Date;
  watch: WatchSettings;
  report: MonitoringReport;
  sales: RecentSale[];
  refunds: RecentRefund[];
  stock: (StockLevel & { businessCode: string })[];
  /** The zone the page's times are shown in: the first business's (Asia/Manila unless set). */
  timeZone: string;
  /** The businesses whose books are linked for today: those with a till (the first business when none has one). */
  bookBusinesses: string[];
}

/** What the fleet page shows, read in one go; every figure comes from the rows. */
export async function loadFleetView(store: BackOfficeDb, watch: WatchSettings, now = new Date(), ttlSeconds = 86_400): Promise<FleetView> {
  const report = await monitoringReport(store, watch, now, ttlSeconds);
  const sales = await store.db
    .selectFrom('sales as s')
    .innerJoin('terminals as t', 't.id', 's.terminal_id')
    .select(['s.invoice_number', 't.code', 's.local_number', 's.received_at', 's.total_minor', 's.status', 's.flags'])
    .orderBy('s.id', 'desc')
    .limit(RECENT_ROWS)
    .execute();
  const refunds = await store.db
    .selectFrom('refunds as r')
    .innerJoin('sales as s', 's.id', 'r.sale_id')
    .innerJoin('terminals as t', 't.id', 'r.terminal_id')
    .select(['r.id', 'r.return_number', 's.invoice_number', 't.code', 'r.received_at', 'r.total_minor', 'r.reason'])
    .orderBy('r.id', 'desc')
    .limit(RECENT_ROWS)
    .execute();
  const damaged =
    refunds.length === 0
      ? []
      : await store.db
          .selectFrom('refund_lines as rl')
          .innerJoin('refunds as r', 'r.id', 'rl.refund_id')
          // The name the sale printed for the SKU (a refund line carries only the SKU).
          .select((q) => [
            'rl.refund_id',
            'rl.sku',
            'rl.qty_milli',
            q
              .selectFrom('sale_lines as sl')
              .select('sl.name')
              .whereRef('sl.sale_id', '=', 'r.sale_id')
              .whereRef('sl.sku', '=', 'rl.sku')
              .orderBy('sl.line_no')
              .limit(1)
              .as('name'),
          ])
          .where('rl.restocked', '=', 0)
          .where(
            'rl.refund_id',
            'in',
            refunds.map((r) => r.id),
          )
          .orderBy('rl.refund_id')
          .orderBy('rl.line_no')
          .execute();
  const stock = await store.db
    .selectFrom('stock_levels as l')
    .innerJoin('stores as st', 'st.id', 'l.store_id')
    .innerJoin('businesses as b', 'b.id', 'l.business_id')
    .select(['b.code as business_code', 'st.code as store_code', 'l.sku', levelProductName(), 'l.on_hand_milli as qty'])
    .orderBy('b.code')
    .orderBy('st.code')
    .orderBy('l.sku')
    .execute();
  const zone = await store.db.selectFrom('businesses').select(['timezone', 'code']).orderBy('code').executeTakeFirst();
  const selling = await sellingBusinesses(store);
  return {
    now,
    watch,
    report,
    timeZone: zone?.timezone ?? 'Asia/Manila',
    bookBusinesses: selling.length > 0 ? selling : [zone?.code ?? 'MAIN'],
    sales: sales.map((s) => ({
      invoiceNumber: s.invoice_number,
      terminalCode: s.code,
      localNumber: s.local_number,
      receivedAt: s.received_at,
      totalMinor: Number(s.total_minor),
      status: s.status,
      flags: JSON.parse(s.flags) as string[],
    })),
    refunds: refunds.map((r) => ({
      returnNumber: r.return_number,
      invoiceNumber: r.invoice_number,
      terminalCode: r.code,
      receivedAt: r.received_at,
      totalMinor: Number(r.total_minor),
      reason: r.reason,
      notRestocked: damaged.filter((d) => d.refund_id === r.id).map((d) => ({ sku: d.sku, name: d.name ?? null, qtyMilli: Number(d.qty_milli) })),
    })),
    stock: stock.map((s) => ({
      businessCode: s.business_code,
      storeCode: s.store_code,
      sku: s.sku,
      name: s.name ?? null,
      onHand: milliToQty(Number(s.qty)),
      negative: Number(s.qty) < 0,
    })),
  };
}

/**
 * The businesses whose books the fleet page links, by code: those with a till. The default
 * business an install creates (MAIN) sells nothing once the shop has its own: its books are
 * not the ones to offer first.
 */
export async function sellingBusinesses(store: BackOfficeDb): Promise<string[]> {
  const rows = await store.db
    .selectFrom('businesses as b')
    .select('b.code')
    .where((eb) => eb.exists(eb.selectFrom('terminals as t').select('t.id').whereRef('t.business_id', '=', 'b.id')))
    .orderBy('b.code')
    .execute();
  return rows.map((b) => b.code);
}
