import { uuidv7 } from 'uuidv7';
import type { SaleFlag, SaleReceipt, SaleRequest } from '../../sync/protocol';
import type { TerminalCaller } from '../auth/callers';
import type { Tx } from '../db/database';
import { reusedKeyProblem, type EffectContext, type EffectResult } from '../idempotency/idempotent-writes';
import { takeNextNumber } from '../numbering/number-series';
import { Problem } from '../problem';
import type { PricedSale } from './priced-sale';
import { saleReceiptOf } from './sale-receipt';

/**
 * Records one sale inside the idempotent write's transaction. Dedup by the sale's own
 * key is permanent: a replay after the stored response expired still finds the sale.
 * The invoice counter is taken last, so its lock is held only for the final inserts.
 */
export async function recordSale(
  trx: Tx,
  terminal: TerminalCaller,
  key: string,
  sale: SaleRequest,
  priced: PricedSale,
  context: EffectContext,
): Promise<EffectResult> {
  const original = await trx
    .selectFrom('sales')
    .select(['id', 'invoice_number', 'local_number', 'total_minor', 'status', 'flags', 'fingerprint'])
    .where('terminal_id', '=', terminal.terminalId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (original) {
    if (original.fingerprint !== context.fingerprint) throw reusedKeyProblem();
    return { status: 200, body: saleReceiptOf(original), replayedFromRecord: true };
  }
  const sameReceipt = await trx
    .selectFrom('sales')
    .select('invoice_number')
    .where('terminal_id', '=', terminal.terminalId)
    .where('local_number', '=', sale.localNumber)
    .executeTakeFirst();
  if (sameReceipt) {
    throw new Problem(
      409,
      'local_number_conflict',
      'Receipt number already used',
      `Receipt ${sale.localNumber} of this terminal was already recorded as ${sameReceipt.invoice_number} under another Idempotency-Key.`,
    );
  }

  const flags = await reviewFlags(trx, terminal, sale, priced);
  const saleId = uuidv7();
  const at = context.now.toISOString();
  const invoice = await takeNextNumber(trx, { id: terminal.businessId, timezone: terminal.timezone }, 'invoice', context.now);
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
    status: flags.length > 0 ? 'needs_review' : 'recorded',
    flags: JSON.stringify(flags),
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
  await trx
    .insertInto('stock_movements')
    .values(
      priced.lines.map((line) => ({
        id: uuidv7(),
        business_id: terminal.businessId,
        store_id: terminal.storeId,
        sku: line.sku,
        qty_milli: -line.qtyMilli,
        kind: 'sale',
        document_id: saleId,
        created_at: at,
      })),
    )
    .execute();
  const receipt: SaleReceipt = saleReceiptOf(row);
  return { status: 201, body: receipt };
}

/** A sale that happened is never refused; what looks wrong is recorded for review. */
async function reviewFlags(trx: Tx, terminal: TerminalCaller, sale: SaleRequest, priced: PricedSale): Promise<SaleFlag[]> {
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

  const onHand = await trx
    .selectFrom('stock_movements')
    .select(['sku', (eb) => eb.fn.sum<number>('qty_milli').as('qty')])
    .where('store_id', '=', terminal.storeId)
    .where('sku', 'in', skus)
    .groupBy('sku')
    .execute();
  const onHandOf = new Map(onHand.map((row) => [row.sku, Number(row.qty)]));
  const soldOf = new Map<string, number>();
  for (const line of priced.lines) soldOf.set(line.sku, (soldOf.get(line.sku) ?? 0) + line.qtyMilli);
  for (const [sku, sold] of soldOf) {
    if ((onHandOf.get(sku) ?? 0) - sold < 0 && priceOf.has(sku)) flags.add('negative_stock');
  }
  return [...flags];
}
