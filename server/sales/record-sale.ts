import { rowId } from '../db/row-ids';
import {
  beneficiaryKey,
  benefitKindOf,
  bnpcWeekOf,
  splitVat,
  type SaleFlag,
  type SaleReceipt,
  type SaleRequest,
  type TaxRate,
  utcText,
} from '../../protocol';
import type { TerminalCaller } from '../auth/callers';
import type { Selectable } from 'kysely';
import type { Tx } from '../db/database';
import type { SalesTable } from '../db/tables';
import { dialectOf, selectByPairs } from '../db/hot-statements';
import { reusedKeyProblem, type EffectContext, type EffectResult } from '../idempotency/idempotent-writes';
import { GROUP_TABLES, type Checked, type StagedWrite } from '../idempotency/group-write';
import { recordMovements } from '../inventory/stock-ledger';
import { issueGroupNumbers, seriesRuleOf, type SeriesRule } from '../numbering/number-series';
import { quantityFits } from '../../protocol/sold-by';
import { Problem } from '../problem';
import type { PricedSale } from './priced-sale';
import { benefitFlags, bnpcOf, capsOf, recordedBnpcWeek, type CatalogEntry } from './sale-benefits';
import { LocalNumberReused, lastLocalNumberOf } from './receipt-number-reused';
import { saleReceiptOf } from './sale-receipt';
import { readSaleReferences, type ListedProduct } from './sale-references';

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
    if (own && own.length > 0)
      await trx
        .insertInto(table)
        .values(own as never)
        .execute();
  }
  return result;
}

/** What a sale touches that another write of its group could create: its receipt number. */
export const saleTouches = (terminal: TerminalCaller, sale: SaleRequest) => [`sale-receipt ${terminal.terminalId} ${sale.localNumber}`];

/** One sale to check, as the pipeline hands it over. */
export interface SaleToCheck {
  terminal: TerminalCaller;
  key: string;
  sale: SaleRequest;
  priced: PricedSale;
  context: EffectContext;
}

/** What the dedup read takes of an earlier sale: its answer to a replay, and what it is matched by. */
const EARLIER_SALE_COLUMNS = [
  'id',
  'terminal_id',
  'invoice_number',
  'local_number',
  'total_minor',
  'status',
  'flags',
  'fingerprint',
  'idempotency_key',
] as const;
type EarlierSale = Pick<Selectable<SalesTable>, (typeof EARLIER_SALE_COLUMNS)[number]>;

/** checkSales for one sale: its refusal thrown. */
export async function checkSale(
  trx: Tx,
  terminal: TerminalCaller,
  key: string,
  sale: SaleRequest,
  priced: PricedSale,
  context: EffectContext,
): Promise<Checked> {
  const [checked] = await checkSales(trx, [{ terminal, key, sale, priced, context }]);
  if (checked instanceof Problem) throw checked;
  return checked!;
}

/**
 * The checks of many sales, in set-based reads whatever their number (so a group of 64
 * sales costs PostgreSQL two round trips, not 256): permanent dedup by each sale's own key
 * (a replay after the stored response expired still finds the sale) and the receipt number
 * not used under another key, in one read; then the catalog for the review flags, the taxes
 * for the sale's own VAT figures and the invoice series' settings (sale-references.ts). A
 * sale giving the 5% on basic necessities adds two reads of its own (the caps and the
 * person's week). Each sale gets its answer (a replay), its refusal (a Problem,
 * returned, not thrown: the others go on) or its staged write. Takes no row lock and
 * writes nothing: the stock levels and the invoice numbers are taken at the group's end
 * (group-end.ts). The sales must not share a key or a receipt number of a terminal (the
 * pipeline puts such a sale in the next group: saleTouches).
 */
export async function checkSales(trx: Tx, sales: readonly SaleToCheck[]): Promise<(Checked | Problem)[]> {
  if (sales.length === 0) return [];
  // Both dedup rules in one read, each pair through its unique index (on both databases).
  const earlier = (
    await trx.executeQuery<EarlierSale>(
      selectByPairs(dialectOf(trx), 'sales', EARLIER_SALE_COLUMNS, [
        { match: ['terminal_id', 'idempotency_key'], pairs: sales.map((s) => [s.terminal.terminalId, s.key] as const) },
        { match: ['terminal_id', 'local_number'], pairs: sales.map((s) => [s.terminal.terminalId, s.sale.localNumber] as const) },
      ]),
    )
  ).rows;
  const byKey = new Map(earlier.map((row) => [`${row.terminal_id} ${row.idempotency_key}`, row]));
  const byReceipt = new Map(earlier.map((row) => [`${row.terminal_id} ${row.local_number}`, row]));
  const { catalog, taxes, invoiceSeries } = await readSaleReferences(
    trx,
    sales.map((s) => s.terminal.businessId),
    sales.flatMap((s) => s.priced.lines.map((line) => line.sku)),
  );
  // The 5% claimed by earlier sales of this group, per person and week (they are not stored yet).
  const groupWeeks = new Map<string, { purchasesMinor: number; discountMinor: number }>();
  const seriesOf = new Map<string, SeriesRule>();

  const checked: (Checked | Problem)[] = [];
  for (const one of sales) {
    const original = byKey.get(`${one.terminal.terminalId} ${one.key}`);
    if (original) {
      checked.push(
        original.fingerprint !== one.context.fingerprint
          ? reusedKeyProblem()
          : { kind: 'answer', result: { status: 200, body: saleReceiptOf(original), replayedFromRecord: true } },
      );
      continue;
    }
    const sameReceipt = byReceipt.get(`${one.terminal.terminalId} ${one.sale.localNumber}`);
    if (sameReceipt) {
      checked.push(
        // The same sale under a second key: a fault a person must look at. Another sale: the till numbered again (receipt-number-reused.ts).
        sameReceipt.fingerprint === one.context.fingerprint
          ? new Problem(
              409,
              'local_number_conflict',
              'Receipt number already used',
              `Receipt ${one.sale.localNumber} of this terminal was already recorded as ${sameReceipt.invoice_number} under another Idempotency-Key.`,
            )
          : new LocalNumberReused(
              'Receipt',
              one.sale.localNumber,
              sameReceipt.invoice_number,
              await lastLocalNumberOf(trx, 'sales', one.terminal.terminalId, one.sale.localNumber),
            ),
      );
      continue;
    }
    // One rule per business for the group (its writes share one `now`).
    const { businessId, timezone } = one.terminal;
    const seriesKey = `${businessId} ${timezone} ${one.context.now.getTime()}`;
    let series = seriesOf.get(seriesKey);
    if (!series)
      seriesOf.set(seriesKey, (series = seriesRuleOf({ id: businessId, timezone }, 'invoice', one.context.now, invoiceSeries.get(businessId))));
    const flags = await flagBenefits(trx, one, catalog, taxes, groupWeeks);
    checked.push({ kind: 'staged', staged: stagedSale(one, catalog, taxes, flags, series) });
  }
  return checked;
}

const taxLookup = (taxes: ReadonlyMap<string, TaxRate>, businessId: string) => (code: string | null) =>
  code === null ? null : (taxes.get(`${businessId} ${code}`) ?? null);

/** The senior citizen / PWD flags of one sale (sale-benefits.ts); the 5% counted against the person's week. */
async function flagBenefits(
  trx: Tx,
  { terminal, sale, priced }: SaleToCheck,
  catalog: ReadonlyMap<string, CatalogEntry>,
  taxes: ReadonlyMap<string, TaxRate>,
  groupWeeks: Map<string, { purchasesMinor: number; discountMinor: number }>,
): Promise<Set<SaleFlag>> {
  if (!priced.lines.some((line) => line.benefit !== null)) return new Set();
  const claimed = bnpcOf(priced.lines);
  const idNumber = sale.beneficiary?.idNumber;
  let week = { purchasesMinor: 0, discountMinor: 0 };
  let caps = capsOf(undefined);
  if (claimed.purchasesMinor > 0 && idNumber !== undefined) {
    caps = capsOf(
      await trx
        .selectFrom('business_profiles')
        .select(['bnpc_weekly_purchase_cap_minor', 'bnpc_weekly_discount_cap_minor'])
        .where('business_id', '=', terminal.businessId)
        .executeTakeFirst(),
    );
    const recorded = await recordedBnpcWeek(trx, terminal.businessId, idNumber, sale.occurredAt, terminal.timezone);
    const groupKey = `${terminal.businessId} ${beneficiaryKey(idNumber)} ${bnpcWeekKey(sale.occurredAt, terminal.timezone)}`;
    const inGroup = groupWeeks.get(groupKey) ?? { purchasesMinor: 0, discountMinor: 0 };
    week = { purchasesMinor: recorded.purchasesMinor + inGroup.purchasesMinor, discountMinor: recorded.discountMinor + inGroup.discountMinor };
    groupWeeks.set(groupKey, {
      purchasesMinor: inGroup.purchasesMinor + claimed.purchasesMinor,
      discountMinor: inGroup.discountMinor + claimed.discountMinor,
    });
  }
  return benefitFlags(sale, priced.lines, (sku) => catalog.get(`${terminal.businessId} ${sku}`), taxLookup(taxes, terminal.businessId), week, caps);
}

const bnpcWeekKey = (occurredAt: string, timezone: string) => bnpcWeekOf(occurredAt, timezone).startsAt;

/** A sale that passed its checks, waiting for its number and the stock levels after it. */
function stagedSale(
  { terminal, key, sale, priced, context }: SaleToCheck,
  catalog: ReadonlyMap<string, ListedProduct>,
  taxes: ReadonlyMap<string, TaxRate>,
  benefitFlagsOfSale: ReadonlySet<SaleFlag>,
  numbering: SeriesRule,
): StagedWrite {
  const saleId = rowId();
  const at = context.now.toISOString();
  const { flags, known } = catalogFlags(terminal, priced, catalog);
  for (const flag of benefitFlagsOfSale) flags.add(flag);
  const taxOf = taxLookup(taxes, terminal.businessId);
  // A tax code the business has not (a till with an old catalog, a typo): recorded, its VAT counted as none, and flagged.
  if (priced.lines.some((line) => line.taxCode != null && taxOf(line.taxCode) === null)) flags.add('unknown_tax_code');
  if (sale.printedAs !== undefined) flags.add('receipt_renumbered');
  // The sale's own VAT figures, split as the till split them (protocol/vat-split.ts): readings sum these.
  const vat = splitVat(
    priced.lines.map((line) => ({ amountMinor: line.totalMinor, tax: taxOf(line.taxCode), vatExempt: line.benefit?.rule === 'vat_exempt_20' })),
  );
  const movements = priced.lines.map((line) => ({
    businessId: terminal.businessId,
    storeId: terminal.storeId,
    sku: line.sku,
    qtyMilli: -line.qtyMilli,
    kind: 'sale' as const,
    documentId: saleId,
    occurredAt: utcText(sale.occurredAt),
  }));
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
        occurred_at: utcText(sale.occurredAt),
        received_at: at,
        cashier: sale.cashier,
        note: sale.note ?? null,
        total_minor: priced.totalMinor,
        paid_minor: priced.paidMinor,
        status: own.size > 0 ? 'needs_review' : 'recorded',
        flags: JSON.stringify([...own]),
        vatable_minor: vat.vatableMinor,
        vat_minor: vat.vatMinor,
        exempt_minor: vat.exemptMinor,
        zero_rated_minor: vat.zeroRatedMinor,
        beneficiary_kind: sale.beneficiary?.kind ?? null,
        beneficiary_id_number: sale.beneficiary?.idNumber ?? null,
        beneficiary_name: sale.beneficiary?.name ?? null,
        buyer_name: sale.buyer?.name ?? null,
        buyer_address: sale.buyer?.address ?? null,
        buyer_tin: sale.buyer?.tin ?? null,
        printed_as: sale.printedAs ?? null,
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
            // As the invoice charged it: a refund gives back this VAT, whatever the tax table says by then.
            tax_as_charged: JSON.stringify(taxOf(line.taxCode)),
            total_minor: line.totalMinor,
            // No one named on the sale: the benefit is kept (and flagged) but has no kind to report it under.
            benefit_kind: line.benefit === null || sale.beneficiary === undefined ? null : benefitKindOf(sale.beneficiary.kind, line.benefit.rule),
            benefit_vat_removed_minor: line.benefit?.vatRemovedMinor ?? 0,
            benefit_discount_minor: line.benefit?.discountMinor ?? 0,
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
  return staged;
}

/**
 * A sale that happened is never refused; what looks wrong is recorded for review. These
 * are the flags the catalog and the payments give; `known` is the SKUs in the catalog.
 */
function catalogFlags(
  terminal: TerminalCaller,
  priced: PricedSale,
  catalog: ReadonlyMap<string, ListedProduct>,
): { flags: Set<SaleFlag>; known: Set<string> } {
  const flags = new Set<SaleFlag>();
  const known = new Set<string>();
  for (const line of priced.lines) {
    const product = catalog.get(`${terminal.businessId} ${line.sku}`);
    if (product === undefined) flags.add('unknown_sku');
    else {
      known.add(line.sku);
      if (product.priceMinor !== line.unitPriceMinor) flags.add('price_differs');
      // The VAT of the line is counted by the code the till sent: a taxed product sent as exempt (or with none) pays no VAT.
      if ((line.taxCode ?? null) !== product.taxCode) flags.add('tax_differs');
      // A till refuses it; an older till may have rung it up offline, and a sale that happened is kept.
      if (!quantityFits(product.soldBy, line.qtyMilli)) flags.add('fraction_of_counted');
    }
    if (line.totalMinor < 0) flags.add('discount_exceeds_line');
  }
  if (priced.paidMinor < priced.totalMinor) flags.add('payment_short');
  // A till refuses it (refuseTender); one that sent it anyway charged a card for change it cannot give (found by a probe).
  if (priced.nonCashMinor > Math.max(0, priced.totalMinor)) flags.add('non_cash_over_due');
  return { flags, known };
}
