import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { uuidv7 } from 'uuidv7';
import { SaleRequestSchema } from '../../sync/protocol';
import { requireTerminal, terminalOf } from '../../server/auth/callers';
import { appendMovements } from '../../server/inventory/stock-ledger';
import { withTransactionRetries } from '../../server/idempotency/retry-transaction';
import { takeNextNumber } from '../../server/numbering/number-series';
import { priceSale } from '../../server/sales/priced-sale';
import type { Services } from '../../server/services';

/**
 * The baseline for the ingest benchmark, never mounted in production: the same auth,
 * schema and gapless number as POST /v1/sales, and the same rows, but no idempotency
 * (no key lookups, no stored response) and no review flags.
 */
export const rawSalesRoute: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.post('/bench/raw-sales', { onRequest: requireTerminal(services.store), schema: { body: SaleRequestSchema, hide: true } }, async (request, reply) => {
    const terminal = terminalOf(request);
    const sale = request.body;
    const priced = priceSale(sale);
    const body = await withTransactionRetries(() =>
      services.store.db.transaction().execute(async (trx) => {
        const now = new Date();
        const invoice = await takeNextNumber(trx, { id: terminal.businessId, timezone: terminal.timezone }, 'invoice', now);
        const id = uuidv7();
        await trx
          .insertInto('sales')
          .values({
            id,
            business_id: terminal.businessId,
            store_id: terminal.storeId,
            terminal_id: terminal.terminalId,
            idempotency_key: id,
            fingerprint: '',
            local_number: sale.localNumber,
            invoice_number: invoice.number,
            series_period: invoice.period,
            series_value: invoice.value,
            occurred_at: sale.occurredAt,
            received_at: now.toISOString(),
            cashier: sale.cashier,
            note: null,
            total_minor: priced.totalMinor,
            paid_minor: priced.paidMinor,
            status: 'recorded',
            flags: '[]',
          })
          .execute();
        await trx
          .insertInto('sale_lines')
          .values(priced.lines.map((l) => ({ sale_id: id, line_no: l.lineNo, sku: l.sku, name: l.name, qty_milli: l.qtyMilli, unit_price_minor: l.unitPriceMinor, discount_minor: l.discountMinor, tax_code: l.taxCode, total_minor: l.totalMinor })))
          .execute();
        await trx
          .insertInto('sale_payments')
          .values(sale.payments.map((p, i) => ({ sale_id: id, line_no: i + 1, method: p.method, amount_minor: p.amountMinor, reference: null })))
          .execute();
        await appendMovements(trx, { businessId: terminal.businessId, storeId: terminal.storeId }, 'sale', id, priced.lines.map((l) => ({ sku: l.sku, qtyMilli: -l.qtyMilli })), now);
        return { id, invoiceNumber: invoice.number };
      }),
    );
    return reply.code(201).send(body);
  });
};
