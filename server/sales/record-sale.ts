import { uuidv7 } from 'uuidv7';
import type { SaleFlag, SaleReceipt, SaleRequest } from '../../sync/protocol';
import type { TerminalCaller } from '../auth/callers';
import type { Tx } from '../db/database';
import { reusedKeyProblem, type EffectContext, type EffectResult } from '../idempotency/idempotent-writes';
import { GROUP_TABLES, type Checked, type StagedWrite } from '../idempotency/group-write';
import { recordMovements } from '../inventory/stock-ledger';
import { issueGroupNumbers, readSeries } from '../numbering/number-series';
import { Problem } from '../problem';
import type { PricedSale } from './priced-sale';
import { saleReceiptOf } from './sale-receipt';

/**
 * Records one sale inside the caller's transaction, numbered at once: the check of a
 * group write and the end of a group of one. The pipeline (write-pipeline.ts) runs the
 * same two halves for many sales and numbers them together.
 */
export async function recordSale(
  trx: Tx,
  terminal: TerminalCaller,
  key: string,
  sale: SaleRequest,
  priced: PricedSale,
  context: EffectContext,
): Promise<EffectResult> {
  const checked = await checkSale(trx, terminal, key, sale, priced, context);
  if (checked.kind === 'answer') return checked.result;
  const levels = await recordMovements(trx, checked.staged.movements, context.now);
  const [invoice] = await issueGroupNumbers(trx, [checked.staged.numbering]);
  const onHand = new Map(levels.map((l) => [`${l.storeId}\u0000${l.sku}`, l.onHandMilli]));
  const { rows, result } = checked.staged.complete(invoice!, (storeId, sku) => onHand.get(`${storeId}\u0000${sku}`));
  for (const table of GROUP_TABLES) {
    const own = rows[table];
    if (own && own.length > 0) await trx.insertInto(table).values(own as never).execute();
  }
  return result;
}

/** What a sale touches that another write of its group could create: its receipt number. */
export const saleTouches = (terminal: TerminalCaller, sale: SaleRequest) => [`sale-receipt ${terminal.terminalId} ${sale.localNumber}`];

/**
 * The checks of one sale, in its savepoint: permanent dedup by the sale's own key (a
 * replay after the stored response expired still finds the sale), the receipt number not
 * used under another key, the review flags of the catalog. Takes no row lock and writes
 * nothing: the stock levels and the invoice number are taken at the group's end
 * (group-end.ts), for every sale of the group at once.
 */
export async function checkSale(
  trx: Tx,
  terminal: TerminalCaller,
  key: string,
  sale: SaleRequest,
  priced: PricedSale,
  context: EffectContext,
): Promise<Checked> {
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
    return { kind: 'answer', result: { status: 200, body: saleReceiptOf(original), replayedFromRecord: true } };
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
  const numbering = await readSeries(trx, { id: terminal.businessId, timezone: terminal.timezone }, 'invoice', context.now);
  const movements = priced.lines.map((line) => ({ businessId: terminal.businessId, storeId: terminal.storeId, sku: line.sku, qtyMilli: -line.qtyMilli, kind: 'sale' as const, documentId: saleId }));
  const staged: StagedWrite = {
    creates: [`refunds-of ${saleId}`],
    movements,
    numbering,
    complete(invoice, onHandAfter) {
      // negative_stock: a SKU of the catalog whose on hand, this sale included, is below zero.
      const own = new Set(flags);
      if (priced.lines.some((line) => known.has(line.sku) && (onHandAfter(terminal.storeId, line.sku) ?? 0) < 0)) own.add('negative_stock');
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
        status: own.size > 0 ? 'needs_review' : 'recorded',
        flags: JSON.stringify([...own]),
      };
      const receipt: SaleReceipt = saleReceiptOf(row);
      return {
        rows: {
          sales: [row],
          sale_lines: priced.lines.map((line) => ({
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
          sale_payments: sale.payments.map((payment, index) => ({
            sale_id: saleId,
            line_no: index + 1,
            method: payment.method,
            amount_minor: payment.amountMinor,
            reference: payment.reference ?? null,
          })),
        },
        result: { status: 201, body: receipt },
      };
    },
  };
  return { kind: 'staged', staged };
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
