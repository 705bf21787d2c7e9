import { isVatRegistered, taxAsCharged } from '../catalog/taxes-as-charged';
import { rowId } from '../db/row-ids';
import { lineTax, refundVat, utcText, type RefundReceipt, type RefundRequest } from '../../protocol';
import type { TerminalCaller } from '../auth/callers';
import type { DatabaseKind, Tx } from '../db/database';
import { reusedKeyProblem, type EffectContext, type EffectResult } from '../idempotency/idempotent-writes';
import { GROUP_TABLES, type Checked, type StagedWrite } from '../idempotency/group-write';
import { recordMovements } from '../inventory/stock-ledger';
import { issueGroupNumbers, readSeries } from '../numbering/number-series';
import { LocalNumberReused, lastLocalNumberOf } from '../sales/receipt-number-reused';
import { notFound, Problem } from '../problem';
import { refundableValues, refundAmountMinor, refundAskedBySku, refundExceedsMessage, type SoldSku } from './refund-amounts';

const receiptOf = (r: { id: string; return_number: string; sale_id: string; total_minor: number }): RefundReceipt => ({
  id: r.id,
  returnNumber: r.return_number,
  saleId: r.sale_id,
  totalMinor: Number(r.total_minor),
});

/**
 * Records one refund inside the caller's transaction, numbered at once: the check of a
 * group write and the end of a group of one (the pipeline runs the same halves for many).
 */
export async function recordRefund(
  trx: Tx,
  kind: DatabaseKind,
  terminal: TerminalCaller,
  saleId: string,
  key: string,
  refund: RefundRequest,
  qtyMilli: readonly number[],
  context: EffectContext,
): Promise<EffectResult> {
  const checked = await checkRefund(trx, kind, { terminal, saleId, key, refund, qtyMilli }, context);
  if (checked.kind === 'answer') return checked.result;
  await recordMovements(trx, checked.staged.movements, context.now);
  const [number] = await issueGroupNumbers(trx, [checked.staged.numbering]);
  const { rows, result } = checked.staged.complete(number!, () => undefined);
  for (const table of GROUP_TABLES) {
    const own = rows[table];
    if (own && own.length > 0)
      await trx
        .insertInto(table)
        .values(own as never)
        .execute();
  }
  return result;
}

/** A refund as its checks take it: the route's body, its sale, and its quantities in thousandths. */
export interface RefundToCheck {
  terminal: TerminalCaller;
  saleId: string;
  key: string;
  refund: RefundRequest;
  qtyMilli: readonly number[];
}

/**
 * What a refund's checks read that another write of its group could change: the sale's
 * refunds so far, and the terminal's refund number.
 */
export const refundTouches = (terminal: TerminalCaller, saleId: string, refund: RefundRequest) => [
  `refunds-of ${saleId}`,
  `refund-number ${terminal.terminalId} ${refund.localNumber}`,
];

/**
 * The checks of one refund, in its savepoint. The sale row is locked first (PostgreSQL:
 * FOR UPDATE, held to the group's commit; SQLite: BEGIN IMMEDIATE holds the write lock),
 * so two refunds of the same sale in different groups check "refunded so far" one after
 * the other, never both against the same old total; two in the same group never meet
 * (refundTouches: the second waits for the next group).
 */
export async function checkRefund(
  trx: Tx,
  kind: DatabaseKind,
  { terminal, saleId, key, refund, qtyMilli }: RefundToCheck,
  context: EffectContext,
): Promise<Checked> {
  const original = await trx
    .selectFrom('refunds')
    .select(['id', 'return_number', 'sale_id', 'total_minor', 'fingerprint'])
    .where('terminal_id', '=', terminal.terminalId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (original) {
    if (original.fingerprint !== context.fingerprint) throw reusedKeyProblem();
    return { kind: 'answer', result: { status: 200, body: receiptOf(original), replayedFromRecord: true } };
  }

  const sale = await trx
    .selectFrom('sales')
    .select(['id', 'store_id'])
    .where('id', '=', saleId)
    .where('business_id', '=', terminal.businessId)
    .where('store_id', '=', terminal.storeId)
    .$if(kind === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!sale) throw notFound(`Sale ${saleId}`);

  const sameNumber = await trx
    .selectFrom('refunds')
    .select(['return_number', 'fingerprint'])
    .where('terminal_id', '=', terminal.terminalId)
    .where('local_number', '=', refund.localNumber)
    .executeTakeFirst();
  if (sameNumber && sameNumber.fingerprint !== context.fingerprint) {
    // Another refund under that number: the till numbered again (receipt-number-reused.ts).
    throw new LocalNumberReused(
      'Return',
      refund.localNumber,
      sameNumber.return_number,
      await lastLocalNumberOf(trx, 'refunds', terminal.terminalId, refund.localNumber),
    );
  }
  if (sameNumber) {
    throw new Problem(
      409,
      'local_number_conflict',
      'Refund number already used',
      `Refund ${refund.localNumber} of this terminal was already recorded as ${sameNumber.return_number} under another Idempotency-Key.`,
    );
  }

  const charged = new Map<string, SoldSku>();
  // How each SKU was taxed on the invoice, so the refund splits its VAT the same way.
  const taxedAs = new Map<string, { taxCode: string | null; kept: string | null; vatExempt: boolean }>();
  for (const line of await trx
    .selectFrom('sale_lines')
    .select(['sku', 'qty_milli', 'total_minor', 'tax_code', 'tax_as_charged', 'benefit_kind'])
    .where('sale_id', '=', saleId)
    // In the lines' order, as the till reads them: refundableValues gives tied centavos in this order.
    .orderBy('line_no')
    .execute()) {
    const entry = charged.get(line.sku) ?? { qtyMilli: 0, valueMinor: 0 };
    charged.set(line.sku, { qtyMilli: entry.qtyMilli + Number(line.qty_milli), valueMinor: entry.valueMinor + Number(line.total_minor) });
    taxedAs.set(line.sku, {
      taxCode: line.tax_code,
      kept: line.tax_as_charged,
      vatExempt: line.benefit_kind === 'senior_citizen' || line.benefit_kind === 'pwd',
    });
  }
  const sold = refundableValues(charged);
  const taxes = new Map(
    (
      await trx
        .selectFrom('taxes as t')
        .leftJoin('business_profiles as bp', 'bp.business_id', 't.business_id')
        .select(['t.code', 't.name', 't.rate_basis_points', 't.inclusive', 'bp.vat_registered'])
        .where('t.business_id', '=', terminal.businessId)
        .execute()
    ).map((t) => [
      t.code,
      taxAsCharged(
        { code: t.code, name: t.name, rateBasisPoints: Number(t.rate_basis_points), inclusive: Boolean(t.inclusive) },
        isVatRegistered(t.vat_registered),
      ),
    ]),
  );
  const refunded = new Map<string, number>();
  const refundedBefore = new Map<string, number>();
  const earlier = await trx
    .selectFrom('refund_lines as l')
    .innerJoin('refunds as r', 'r.id', 'l.refund_id')
    .select(['l.sku', (eb) => eb.fn.sum<number>('l.qty_milli').as('qty')])
    .where('r.sale_id', '=', saleId)
    .groupBy('l.sku')
    .execute();
  for (const row of earlier) {
    refunded.set(row.sku, Number(row.qty));
    refundedBefore.set(row.sku, Number(row.qty));
  }

  const errors: { path: string; message: string }[] = [];
  const asked = refundAskedBySku(refund.lines, qtyMilli);
  const lines = refund.lines.map((line, index) => {
    const qty = qtyMilli[index] ?? 0;
    const soldSku = sold.get(line.sku) ?? { qtyMilli: 0, valueMinor: 0 };
    const before = refunded.get(line.sku) ?? 0;
    if (!sold.has(line.sku)) {
      // Not "only 0 is left to refund", which reads as refunded already (found by a black-box review): the SKU was never sold here.
      const alike = [...sold.keys()].find((sku) => sku.toLowerCase() === line.sku.toLowerCase());
      errors.push({
        path: `/lines/${index}/sku`,
        message: `${line.sku} is not on this sale${alike ? ` (it sold ${alike}: send the SKU as the sale has it)` : ''}`,
      });
    } else if (before + qty > soldSku.qtyMilli) {
      const total = asked.get(line.sku) ?? { milli: qty, lines: 1 };
      const left = soldSku.qtyMilli - (refundedBefore.get(line.sku) ?? 0);
      errors.push({ path: `/lines/${index}/qty`, message: refundExceedsMessage(line.sku, total.milli, total.lines, left) });
    }
    refunded.set(line.sku, before + qty);
    // restock: false (damaged, expired, opened) still counts as refunded; it only moves no stock.
    return { lineNo: index + 1, sku: line.sku, qtyMilli: qty, amountMinor: refundAmountMinor(soldSku, before, qty), restock: line.restock !== false };
  });
  if (errors.length > 0) {
    throw new Problem(
      422,
      'refund_exceeds_sale',
      'Refund exceeds sale',
      'This refund, with the earlier refunds of the sale, returns more than was sold.',
      errors,
    );
  }

  const taxedAmount = (sku: string, amountMinor: number) => {
    const taxed = taxedAs.get(sku);
    // As the sale charged it; a line recorded before it was kept (migration 0016): by the table as it is.
    return { amountMinor, tax: lineTax(taxed?.kept, taxed?.taxCode, taxes), vatExempt: taxed?.vatExempt === true };
  };
  // As the increment of everything refunded of the sale (protocol/vat-split.ts refundVat): the sale's VAT comes back exactly.
  const vat = refundVat(
    [...refundedBefore].map(([sku, qtyMilli]) => taxedAmount(sku, refundAmountMinor(sold.get(sku) ?? { qtyMilli: 0, valueMinor: 0 }, 0, qtyMilli))),
    lines.map((l) => taxedAmount(l.sku, l.amountMinor)),
  );
  const refundId = rowId();
  const numbering = await readSeries(trx, { id: terminal.businessId, timezone: terminal.timezone }, 'return', context.now);
  const staged: StagedWrite = {
    creates: [],
    movements: lines
      .filter((l) => l.restock && l.qtyMilli !== 0)
      .map((l) => ({
        businessId: terminal.businessId,
        storeId: sale.store_id,
        sku: l.sku,
        qtyMilli: l.qtyMilli,
        kind: 'refund' as const,
        documentId: refundId,
        occurredAt: utcText(refund.occurredAt),
      })),
    numbering,
    complete(number) {
      const row = {
        id: refundId,
        business_id: terminal.businessId,
        store_id: sale.store_id,
        terminal_id: terminal.terminalId,
        sale_id: saleId,
        idempotency_key: key,
        fingerprint: context.fingerprint,
        local_number: refund.localNumber,
        return_number: number.number,
        series_period: number.period,
        series_value: number.value,
        occurred_at: utcText(refund.occurredAt),
        received_at: context.now.toISOString(),
        reason: refund.reason,
        total_minor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
        vatable_minor: vat.vatableMinor,
        vat_minor: vat.vatMinor,
        exempt_minor: vat.exemptMinor,
        zero_rated_minor: vat.zeroRatedMinor,
        printed_as: refund.printedAs ?? null,
      };
      return {
        rows: {
          refunds: [row],
          refund_lines: lines.map((l) => ({
            refund_id: refundId,
            line_no: l.lineNo,
            sku: l.sku,
            qty_milli: l.qtyMilli,
            amount_minor: l.amountMinor,
            restocked: l.restock ? 1 : 0,
          })),
        },
        result: { status: 201, body: receiptOf(row) },
      };
    },
  };
  return { kind: 'staged', staged };
}
