import type { SoldBy } from '../../protocol/sold-by';
import { milliToQty } from '../../protocol';
import { refundableValues } from '../../protocol/refund-amounts';
import type { TerminalDb } from '../store/terminal-db';
import type { LocalRefund, RefundableSale } from './refund-schemas';

export interface SaleForRefund {
  id: string;
  localNumber: string;
  invoiceNumber: string | null;
  occurredAt: string;
  totalMinor: number;
  syncState: RefundableSale['syncState'];
}

export interface RefundableLine {
  sku: string;
  name: string | null;
  taxCode: string | null;
  /** The tax the sale charged on it, as kept with its lines (null: kept before they were; see lineTax). */
  taxAsCharged: string | null;
  soldMilli: number;
  /** What the sale charged for the SKU, over all its lines, discounts included. */
  valueMinor: number;
  refundedMilli: number;
  /** How the product is sold, as the till's catalog says now (protocol/sold-by.ts). */
  soldBy: SoldBy | null;
}

/**
 * A sale found by its id, its receipt number or its invoice number; typed in lower case
 * ("t01-000001", "inv-202612-0001"), the number as printed, in capitals, if none is spelled so.
 */
export function saleForRefund(db: TerminalDb, number: string): SaleForRefund | null {
  const find = db.prepare(
    `SELECT s.id, s.local_number AS localNumber, s.invoice_number AS invoiceNumber, s.occurred_at AS occurredAt, s.total_minor AS totalMinor,
       COALESCE((SELECT o.state FROM outbox o WHERE o.document_id = s.id), 'pending') AS syncState
     FROM sales s WHERE s.id = @n OR s.local_number = @n OR s.invoice_number = @n LIMIT 1`,
  );
  const typed = number.trim();
  const row = (find.get({ n: typed }) ?? (typed.toUpperCase() !== typed ? find.get({ n: typed.toUpperCase() }) : undefined)) as
    SaleForRefund | undefined;
  return row ?? null;
}

/** Per SKU of the sale: sold, charged and already refunded here (the rule the back office applies again). */
export function refundableLines(db: TerminalDb, saleId: string): RefundableLine[] {
  const lines = db
    .prepare(
      `SELECT l.sku, MIN(l.name) AS name, MIN(l.tax_code) AS taxCode, MIN(l.tax_as_charged) AS taxAsCharged, SUM(l.qty_milli) AS soldMilli, SUM(l.total_minor) AS valueMinor,
         COALESCE((SELECT SUM(rl.qty_milli) FROM refund_lines rl JOIN refunds r ON r.seq = rl.refund_seq WHERE r.sale_id = s.id AND rl.sku = l.sku), 0) AS refundedMilli,
         (SELECT p.sold_by FROM products p WHERE p.sku = l.sku) AS soldBy
       FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq WHERE s.id = ? GROUP BY l.sku ORDER BY MIN(l.line_no)`,
    )
    .all(saleId) as RefundableLine[];
  // What each SKU is worth back, as the back office counts it: a line discounted below 0 takes it off the others.
  const values = refundableValues(new Map(lines.map((l) => [l.sku, { qtyMilli: l.soldMilli, valueMinor: l.valueMinor }])));
  return lines.map((l) => ({ ...l, valueMinor: values.get(l.sku)!.valueMinor }));
}

/** The sale's tenders in the order taken, and its change. */
function paymentsOf(db: TerminalDb, saleId: string): Pick<RefundableSale, 'paidWith' | 'changeMinor'> {
  const paidWith = db
    .prepare(
      `SELECT p.method, p.amount_minor AS amountMinor FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.id = ? ORDER BY p.line_no`,
    )
    .all(saleId) as RefundableSale['paidWith'];
  const change = db.prepare('SELECT change_minor AS changeMinor FROM sales WHERE id = ?').get(saleId) as { changeMinor: number | null } | undefined;
  return { paidWith, changeMinor: change?.changeMinor ?? 0 };
}

export function refundableSale(db: TerminalDb, sale: SaleForRefund, refunds: LocalRefund[]): RefundableSale {
  return {
    ...paymentsOf(db, sale.id),
    saleId: sale.id,
    localNumber: sale.localNumber,
    invoiceNumber: sale.invoiceNumber,
    occurredAt: sale.occurredAt,
    totalMinor: sale.totalMinor,
    syncState: sale.syncState,
    lines: refundableLines(db, sale.id).map((l) => ({
      sku: l.sku,
      name: l.name,
      soldQty: milliToQty(l.soldMilli),
      refundedQty: milliToQty(l.refundedMilli),
      refundableQty: milliToQty(l.soldMilli - l.refundedMilli),
      valueMinor: l.valueMinor,
      ...(l.soldBy !== null ? { soldBy: l.soldBy } : {}),
    })),
    refunds,
  };
}
