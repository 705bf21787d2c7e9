import { uuidv7 } from 'uuidv7';
import type { SaleFlag, SaleReceipt, SaleRequest } from '../../sync/protocol';
import type { TerminalCaller } from '../auth/callers';
import type { Tx } from '../db/database';
import { reusedKeyProblem, type EffectContext, type EffectResult } from '../idempotency/idempotent-writes';
import { recordMovements, type StockLevel } from '../inventory/stock-ledger';
import { issueNumber, readSeries } from '../numbering/number-series';
import { Problem } from '../problem';
import type { PricedSale } from './priced-sale';
import { saleReceiptOf } from './sale-receipt';

/**
 * Records one sale inside the idempotent write's transaction. Dedup by the sale's own
 * key is permanent: a replay after the stored response expired still finds the sale.
 * Locks, in order: the stock levels of the sale's SKUs (sorted, in recordMovements), then
 * the invoice counter LAST, so it is held only for the final inserts, and every writer
 * takes level rows before any counter row (PostgreSQL: no lock-order deadlock).
 */
export async function recordSale(
  trx: Tx,
  terminal: TerminalCaller,
  key: string,
  sale: SaleRequest,
  priced: PricedSale,
  context: EffectContext,
): Promise<EffectResult> {
  // One indexed lookup for both dedup rules (each side uses its unique index, on both databases).
  const earlier = await trx
    .selectFrom('sales')
    .select(['id', 'invoice_number', 'local_number', 'total_minor', 'status', 'flags', 'fingerprint', 'idempotency_key'])
    .where('terminal_id', '=', terminal.terminalId)
    .where((eb) => eb.or([eb('idempotency_key', '=', key), eb('local_number', '=', sale.localNumber)]))
    .execute();
  const original = earlier.find((row) => row.idempotency_key === key);
  if (original) {
    if (original.fingerprint !== context.fingerprint) throw reusedKeyProblem();
    return { status: 200, body: saleReceiptOf(original), replayedFromRecord: true };
  }
  const sameReceipt = earlier.find((row) => row.local_number === sale.localNumber);
  if (sameReceipt) {
    throw new Problem(
      409,
      'local_number_conflict',
      'Receipt number already used',
      `Receipt ${sale.localNumber} of this terminal was already recorded as ${sameReceipt.invoice_number} under another Idempotency-Key.`,
    );
  }

  const saleId = uuidv7();
  const at = context.now.toISOString();
  const { flags, known } = await catalogFlags(trx, terminal, priced);
  const series = await readSeries(trx, { id: terminal.businessId, timezone: terminal.timezone }, 'invoice', context.now);
  const levels = await recordMovements(
    trx,
    priced.lines.map((line) => ({ businessId: terminal.businessId, storeId: terminal.storeId, sku: line.sku, qtyMilli: -line.qtyMilli, kind: 'sale' as const, documentId: saleId })),
    context.now,
  );
  if (goesNegative(levels, known)) flags.add('negative_stock');
  const invoice = await issueNumber(trx, series);
  const row = {
    id: saleId,
    business_id: terminal.businessId,
    store_id: terminal.storeId,
    terminal_id: terminal.terminalId,
    idempotency_key: key,
    fingerprint: context.fingerprint,
    local_number: sale.localNumber,
    invoice_number: invoice.number,
    series_period: invoice.period,
    series_value: invoice.value,
    occurred_at: sale.occurredAt,
    received_at: at,
    cashier: sale.cashier,
    note: sale.note ?? null,
    total_minor: priced.totalMinor,
    paid_minor: priced.paidMinor,
    status: flags.size > 0 ? 'needs_review' : 'recorded',
    flags: JSON.stringify([...flags]),
  };
  await trx.insertInto('sales').values(row).execute();
  await trx
    .insertInto('sale_lines')
    .values(
      priced.lines.map((line) => ({
        sale_id: saleId,
        line_no: line.lineNo,
        sku: line.sku,
        name: line.name,
        qty_milli: line.qtyMilli,
        unit_price_minor: line.unitPriceMinor,
        discount_minor: line.discountMinor,
        tax_code: line.taxCode,
        total_minor: line.totalMinor,
      })),
    )
    .execute();
  await trx
    .insertInto('sale_payments')
    .values(
      sale.payments.map((payment, index) => ({
        sale_id: saleId,
        line_no: index + 1,
        method: payment.method,
        amount_minor: payment.amountMinor,
        reference: payment.reference ?? null,
      })),
    )
    .execute();
  const receipt: SaleReceipt = saleReceiptOf(row);
  return { status: 201, body: receipt };
}

/**
 * A sale that happened is never refused; what looks wrong is recorded for review. These
 * are the flags the catalog and the payments give; `known` is the SKUs in the catalog.
 */
async function catalogFlags(trx: Tx, terminal: TerminalCaller, priced: PricedSale): Promise<{ flags: Set<SaleFlag>; known: Set<string> }> {
  const flags = new Set<SaleFlag>();
  const skus = [...new Set(priced.lines.map((line) => line.sku))];
  const products = await trx
    .selectFrom('products')
    .select(['sku', 'price_minor'])
    .where('business_id', '=', terminal.businessId)
    .where('sku', 'in', skus)
    .execute();
  const priceOf = new Map(products.map((p) => [p.sku, Number(p.price_minor)]));
  for (const line of priced.lines) {
    const listPrice = priceOf.get(line.sku);
    if (listPrice === undefined) flags.add('unknown_sku');
    else if (listPrice !== line.unitPriceMinor) flags.add('price_differs');
    if (line.totalMinor < 0) flags.add('discount_exceeds_line');
  }
  if (priced.paidMinor < priced.totalMinor) flags.add('payment_short');
  return { flags, known: new Set(priceOf.keys()) };
}

/** negative_stock: a SKU of the catalog whose on hand, this sale included, is below zero. */
function goesNegative(levels: readonly StockLevel[], known: ReadonlySet<string>): boolean {
  return levels.some((level) => level.onHandMilli < 0 && known.has(level.sku));
}
