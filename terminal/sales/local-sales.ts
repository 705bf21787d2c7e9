import { uuidv7 } from 'uuidv7';
import {
  benefitKindOf,
  isSafeMinor,
  lineTotalMinor,
  milliToQty,
  qtyToMilli,
  SaleReceiptSchema,
  type Beneficiary,
  type Payment,
  type SaleLine,
  type SaleRequest,
  type TaxRate,
} from '../../protocol';
import type { ListSalesArgs, LocalSale, PayArgs } from '../terminal-api';
import type { Outbox } from '../sync/outbox';
import type { TerminalDb } from '../store/terminal-db';
import { TaxTable } from '../catalog/tax-table';
import { saleDiscounts } from '../readings/discount-kinds';
import { DocumentFigures } from '../readings/document-figures';
import { ElectronicJournal } from '../journal/electronic-journal';
import { invoiceText } from '../journal/document-text';
import { InvoiceProfileStore } from '../invoicing/invoice-profile-store';
import { salesInvoiceOf, type SalesInvoice } from '../invoicing/sales-invoice';
import { IssuedProfiles, issuedProfileOf } from '../invoicing/issued-profiles';
import { saleVat } from '../money/sale-vat';
import { refusePayment, tenderState, type Tender } from '../money/tender';
import { TerminalError } from '../terminal-error';
import { CashierRoster } from '../cashiers/cashier-roster';
import { numberAgain } from './renumbering';
import { formatReceiptNumber, ReceiptNumbers } from './receipt-numbers';
import { refuseFractionsOfCounted, refuseUnstorableText, refuseTinyQuantities } from './till-quantities';
import { samePaymentOrRefuse } from './paid-cart';

interface SaleRow {
  seq: number;
  id: string;
  cart_key: string;
  local_number: string;
  printed_as: string | null;
  occurred_at: string;
  cashier: string;
  total_minor: number;
  paid_minor: number;
  change_minor: number;
  amount_due_minor: number | null;
  vat_minor: number | null;
  vatable_minor: number | null;
  exempt_minor: number | null;
  zero_rated_minor: number | null;
  beneficiary_kind: Beneficiary['kind'] | null;
  beneficiary_id_number: string | null;
  beneficiary_name: string | null;
  buyer_name: string | null;
  buyer_address: string | null;
  buyer_tin: string | null;
  cashier_name: string | null;
  /** The profile the invoice was issued under (invoice_profiles.profile); null on sales from before it was kept. */
  issued_under_profile: string | null;
  invoice_number: string | null;
  sync_state: LocalSale['syncState'] | null;
}

interface LineRow {
  sku: string;
  name: string | null;
  qty_milli: number;
  unit_price_minor: number;
  discount_minor: number | null;
  tax_code: string | null;
  benefit_rule: NonNullable<SaleLine['benefit']>['rule'] | null;
  benefit_vat_removed_minor: number;
  benefit_discount_minor: number;
}

interface PaymentRow {
  method: Payment['method'];
  amount_minor: number;
  reference: string | null;
}

const SALE_COLUMNS = `s.seq, s.id, s.cart_key, s.local_number, s.printed_as, s.occurred_at, s.cashier, s.total_minor, s.paid_minor, s.change_minor, s.amount_due_minor, s.vat_minor, s.invoice_number,
  s.vatable_minor, s.exempt_minor, s.zero_rated_minor, s.beneficiary_kind, s.beneficiary_id_number, s.beneficiary_name, s.buyer_name, s.buyer_address, s.buyer_tin,
  (SELECT c.name FROM cashiers c WHERE c.code = s.cashier) AS cashier_name,
  (SELECT p.profile FROM invoice_profiles p WHERE p.id = s.issued_under) AS issued_under_profile,
  (SELECT o.state FROM outbox o WHERE o.document_id = s.id) AS sync_state`;

/**
 * The sales rung up at this terminal. `pay` is the one place a sale comes into being:
 * sale, lines, payments, receipt number, stock movements and outbox entry in ONE
 * transaction, committed (synchronous=FULL) before the receipt may print.
 */
export class LocalSales {
  private readonly receiptNumbers: ReceiptNumbers;
  private readonly taxes: TaxTable;
  private readonly figures: DocumentFigures;
  private readonly journal: ElectronicJournal;
  // Prepared once: on a fast disk, preparing statements would cost as much as the commit itself.
  private readonly statements: ReturnType<LocalSales['prepare']>;

  private readonly profiles: InvoiceProfileStore;
  private readonly issuedProfiles: IssuedProfiles;

  constructor(
    private readonly db: TerminalDb,
    private readonly outbox: Outbox,
    /** Who the invoice names until the business profile is pulled (the paired business's code). */
    private readonly businessName: () => string = () => 'Counter',
  ) {
    this.profiles = new InvoiceProfileStore(db);
    this.issuedProfiles = new IssuedProfiles(db);
    this.receiptNumbers = new ReceiptNumbers(db);
    this.taxes = new TaxTable(db);
    this.figures = new DocumentFigures(db);
    this.journal = new ElectronicJournal(db);
    this.statements = this.prepare();
    // The back office's answer to a queued sale: its invoice number, written back in the outbox's settle transaction.
    outbox.kinds.register('sale', SaleReceiptSchema, (saleId, receipt) => this.acknowledge(saleId, receipt.invoiceNumber, receipt.id), {
      numberAgain: (saleId, last) => numberAgain(db, { table: 'sales', id: saleId, counter: (code) => code, format: formatReceiptNumber }, last),
    });
  }

  private prepare() {
    const db = this.db;
    return {
      byCart: db.prepare('SELECT seq FROM sales WHERE cart_key = ?').pluck(),
      sale: db.prepare(
        // The sale joins the shift open as it is written (as a refund does): in the INSERT itself, no trigger UPDATE.
        `INSERT INTO sales (id, cart_key, local_number, terminal_code, occurred_at, cashier, note, total_minor, paid_minor, change_minor, amount_due_minor, vat_minor,
           vatable_minor, exempt_minor, zero_rated_minor, beneficiary_kind, beneficiary_id_number, beneficiary_name, buyer_name, buyer_address, buyer_tin, issued_under, shift_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1))`,
      ),
      line: db.prepare(
        `INSERT INTO sale_lines (sale_seq, line_no, sku, name, qty_milli, unit_price_minor, discount_minor, tax_code, tax_as_charged, total_minor,
           benefit_kind, benefit_rule, benefit_vat_removed_minor, benefit_discount_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      movement: db.prepare("INSERT INTO stock_movements (sku, qty_milli, kind, document_id, created_at) VALUES (?, ?, 'sale', ?, ?)"),
      payment: db.prepare('INSERT INTO sale_payments VALUES (?, ?, ?, ?, ?)'),
      bySeq: db.prepare(`SELECT ${SALE_COLUMNS} FROM sales s WHERE s.seq = ?`),
      lines: db.prepare('SELECT * FROM sale_lines WHERE sale_seq = ? ORDER BY line_no'),
      payments: db.prepare('SELECT * FROM sale_payments WHERE sale_seq = ? ORDER BY line_no'),
      // Once per synced sale while a backlog drains: preparing it each time left 100,000 statements to the GC.
      acknowledge: db.prepare('UPDATE sales SET invoice_number = ?, server_sale_id = ? WHERE id = ?'),
      roster: new CashierRoster(db),
    };
  }

  /** `terminalCode` is null while unpaired: a sale needs it for its receipt number. */
  pay(args: PayArgs, terminalCode: string | null, now: Date = new Date()): LocalSale {
    refuseTinyQuantities(args.lines, 'sold');
    refuseUnstorableText(args);
    const qtyMilli = args.lines.map((line, index) => {
      const milli = qtyToMilli(line.qty);
      if (milli === undefined)
        throw new TerminalError('invalid_argument', `Line ${index + 1}: a quantity has at most three decimals.`, [
          { path: `/lines/${index}/qty`, message: 'must have at most three decimals' },
        ]);
      return milli;
    });
    refuseFractionsOfCounted(this.db, args.lines, qtyMilli);
    const worth = [
      ...args.lines.map((line, i) =>
        lineTotalMinor({ qtyMilli: qtyMilli[i] ?? 0, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor }),
      ),
      args.payments.reduce((sum, p) => sum + p.amountMinor, 0),
    ];
    if (!worth.every(isSafeMinor) || !isSafeMinor(worth.slice(0, -1).reduce((a, b) => a + b, 0))) {
      throw new TerminalError('invalid_argument', 'This sale is worth more than can be counted exactly; check the quantities and prices.', [
        { path: '/lines', message: 'too large' },
      ]);
    }
    const discounts = saleDiscounts(args.lines, args.discounts, args.beneficiary?.kind ?? null);
    refuseUnpaid(args.payments, saleVat(args.lines, this.taxes.byCode()).amountDueMinor);
    if (terminalCode === null)
      throw new TerminalError(
        'not_paired',
        'Pair this terminal with the back office before taking payments: the receipt number needs its terminal code.',
      );
    // IMMEDIATE: the write lock first, so a lock held by another connection is waited for (busy_timeout), not failed at once.
    const written = this.db
      .transaction((): number | { row: SaleRow; lines: LineRow[]; payments: PaymentRow[] } => {
        const st = this.statements;
        const existing = st.byCart.get(args.cartKey) as number | undefined;
        if (existing !== undefined) return existing;
        const receipt = this.receiptNumbers.take(terminalCode);
        const lineTotals = args.lines.map((line, i) =>
          lineTotalMinor({ qtyMilli: qtyMilli[i] ?? 0, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor }),
        );
        const totalMinor = lineTotals.reduce((a, b) => a + b, 0);
        const paidMinor = args.payments.reduce((sum, p) => sum + p.amountMinor, 0);
        // Change is counted on what the customer owed: VAT added on VAT-exclusive lines included.
        const taxes = this.taxes.byCode();
        const vat = saleVat(args.lines, taxes);
        const id = uuidv7();
        const occurredAt = now.toISOString();
        const changeMinor = Math.max(0, paidMinor - vat.amountDueMinor);
        // The seller's details in force now are the invoice's for good: a reprint after the back office changed them prints these.
        const issuedUnder = this.issuedProfiles.issueUnder(this.profiles.read()?.profile ?? null, occurredAt);
        const saleSeq = Number(
          st.sale.run(
            id,
            args.cartKey,
            receipt.number,
            terminalCode,
            occurredAt,
            args.cashier,
            args.note ?? null,
            totalMinor,
            paidMinor,
            changeMinor,
            vat.amountDueMinor,
            vat.vatMinor,
            vat.vatableMinor,
            vat.exemptMinor,
            vat.zeroRatedMinor,
            args.beneficiary?.kind ?? null,
            args.beneficiary?.idNumber.trim() ?? null,
            args.beneficiary?.name.trim() ?? null,
            args.buyer?.name ?? null,
            args.buyer?.address ?? null,
            args.buyer?.tin ?? null,
            issuedUnder.id,
          ).lastInsertRowid,
        );
        // The figures a reading adds up, as this sale's receipt prints them.
        this.figures.recordSale(saleSeq, args.lines, vat, discounts);
        const lineRows = args.lines.map((l, i): LineRow => {
          const row = {
            sku: l.sku,
            name: l.name ?? null,
            qty_milli: qtyMilli[i] ?? 0,
            unit_price_minor: l.unitPriceMinor,
            discount_minor: l.discountMinor ?? null,
            tax_code: l.taxCode ?? null,
            benefit_rule: l.benefit?.rule ?? null,
            benefit_vat_removed_minor: l.benefit?.vatRemovedMinor ?? 0,
            benefit_discount_minor: l.benefit?.discountMinor ?? 0,
          };
          // The discount by kind (senior_citizen, pwd, ..._bnpc), for the readings to sum.
          const kind = l.benefit === undefined || args.beneficiary === undefined ? null : benefitKindOf(args.beneficiary.kind, l.benefit.rule);
          st.line.run(
            saleSeq,
            i + 1,
            row.sku,
            row.name,
            row.qty_milli,
            row.unit_price_minor,
            row.discount_minor,
            row.tax_code,
            // As the invoice charges it: a refund gives back this VAT, whatever the tax table says by then.
            JSON.stringify(row.tax_code === null ? null : (taxes.get(row.tax_code) ?? null)),
            lineTotals[i],
            kind,
            row.benefit_rule,
            row.benefit_vat_removed_minor,
            row.benefit_discount_minor,
          );
          st.movement.run(l.sku, -row.qty_milli, id, occurredAt);
          return row;
        });
        const paymentRows = args.payments.map((p, i): PaymentRow => {
          const row = { method: p.method, amount_minor: p.amountMinor, reference: p.reference ?? null };
          st.payment.run(saleSeq, i + 1, row.method, row.amount_minor, row.reference);
          return row;
        });
        // A copy of the invoice as issued in the electronic journal, in the same transaction as the sale.
        const issued = this.get(id);
        if (issued === null) throw new TerminalError('not_found', `Sale ${id} vanished.`);
        this.journal.append({
          terminalCode,
          kind: 'sale',
          documentId: id,
          documentNumber: receipt.number,
          reprint: false,
          at: now,
          text: invoiceText(this.invoiceOf(issued, taxes)),
        });
        const request: SaleRequest = {
          localNumber: receipt.number,
          occurredAt,
          cashier: args.cashier,
          // Only the contract's fields travel: whatever else a screen attached stays behind.
          lines: args.lines.map(({ sku, name, qty, unitPriceMinor, discountMinor, taxCode, benefit }) => ({
            sku,
            name,
            qty,
            unitPriceMinor,
            discountMinor,
            taxCode,
            ...(benefit === undefined
              ? {}
              : { benefit: { rule: benefit.rule, vatRemovedMinor: benefit.vatRemovedMinor, discountMinor: benefit.discountMinor } }),
          })),
          payments: args.payments.map(({ method, amountMinor, reference }) => ({ method, amountMinor, reference })),
          ...(args.note === undefined ? {} : { note: args.note }),
          ...(args.beneficiary === undefined
            ? {}
            : { beneficiary: { kind: args.beneficiary.kind, idNumber: args.beneficiary.idNumber.trim(), name: args.beneficiary.name.trim() } }),
          ...(args.buyer === undefined ? {} : { buyer: { name: args.buyer.name, address: args.buyer.address, tin: args.buyer.tin } }),
        };
        this.outbox.enqueue(
          {
            key: args.cartKey,
            kind: 'sale',
            path: '/v1/sales',
            body: JSON.stringify(request),
            documentId: id,
            documentNumber: receipt.number,
            valueMinor: totalMinor,
          },
          occurredAt,
        );
        // What was just written, as a read would give it back (its entry is pending): no read after the commit.
        const row: SaleRow = {
          seq: saleSeq,
          id,
          cart_key: args.cartKey,
          local_number: receipt.number,
          printed_as: null,
          occurred_at: occurredAt,
          cashier: args.cashier,
          total_minor: totalMinor,
          paid_minor: paidMinor,
          change_minor: changeMinor,
          amount_due_minor: vat.amountDueMinor,
          vat_minor: vat.vatMinor,
          vatable_minor: vat.vatableMinor,
          exempt_minor: vat.exemptMinor,
          zero_rated_minor: vat.zeroRatedMinor,
          beneficiary_kind: args.beneficiary?.kind ?? null,
          beneficiary_id_number: args.beneficiary?.idNumber.trim() ?? null,
          beneficiary_name: args.beneficiary?.name.trim() ?? null,
          buyer_name: args.buyer?.name ?? null,
          buyer_address: args.buyer?.address ?? null,
          buyer_tin: args.buyer?.tin ?? null,
          cashier_name: this.statements.roster.nameOf(args.cashier),
          issued_under_profile: issuedUnder.text,
          invoice_number: null,
          sync_state: 'pending',
        };
        return { row, lines: lineRows, payments: paymentRows };
      })
      .immediate();
    return typeof written === 'number'
      ? samePaymentOrRefuse(this.bySeq(written), args)
      : this.toLocalSale(written.row, written.lines, written.payments);
  }

  /** The back office's acknowledgement: its invoice number and sale id. Runs in the outbox's settle transaction. */
  acknowledge(saleId: string, invoiceNumber: string, serverSaleId: string): void {
    this.statements.acknowledge.run(invoiceNumber, serverSaleId, saleId);
  }

  /**
   * The sale a cart was already paid as, if it was: paying it again answers that sale,
   * before any check that reads what may have changed since (the catalog, the week's
   * benefits, the shift), so a retry of a recorded payment is never refused.
   */
  paidCart(cartKey: string): LocalSale | null {
    const seq = this.statements.byCart.get(cartKey) as number | undefined;
    return seq === undefined ? null : this.bySeq(seq);
  }

  /** The sale as its sales invoice prints it: under the profile it was issued under, or (an older sale) the one the till has now (`taxes`: the table already read). */
  invoiceOf(sale: LocalSale, taxes: ReadonlyMap<string, TaxRate> = this.taxes.byCode()): SalesInvoice {
    return salesInvoiceOf(sale, this.profiles.read()?.profile ?? null, taxes, this.businessName());
  }

  get(id: string): LocalSale | null {
    const row = this.db.prepare(`SELECT ${SALE_COLUMNS} FROM sales s WHERE s.id = ? OR s.local_number = ?`).get(id, id) as SaleRow | undefined;
    return row ? this.toLocalSale(row) : null;
  }

  /** Newest first, paging back from a receipt number. */
  list(args: ListSalesArgs): LocalSale[] {
    const limit = args.limit ?? 50;
    const before =
      args.before === undefined
        ? null
        : (this.db.prepare('SELECT seq FROM sales WHERE local_number = ?').pluck().get(args.before) as number | undefined);
    const rows = (
      before === null || before === undefined
        ? this.db.prepare(`SELECT ${SALE_COLUMNS} FROM sales s ORDER BY s.seq DESC LIMIT ?`).all(limit)
        : this.db.prepare(`SELECT ${SALE_COLUMNS} FROM sales s WHERE s.seq < ? ORDER BY s.seq DESC LIMIT ?`).all(before, limit)
    ) as SaleRow[];
    return rows.map((row) => this.toLocalSale(row));
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM sales').pluck().get() as number;
  }

  /** Stock on hand by the local view: the sum of the movements recorded here (a scan: no per-SKU index on the pay path). */
  stockMovement(sku: string): number {
    return milliToQty(this.db.prepare('SELECT COALESCE(SUM(qty_milli), 0) FROM stock_movements WHERE sku = ?').pluck().get(sku) as number);
  }

  private bySeq(seq: number): LocalSale {
    const row = this.statements.bySeq.get(seq) as SaleRow;
    return this.toLocalSale(row);
  }

  private toLocalSale(
    row: SaleRow,
    lineRows = this.statements.lines.all(row.seq) as LineRow[],
    paymentRows = this.statements.payments.all(row.seq) as PaymentRow[],
  ): LocalSale {
    const lines = lineRows.map((l): SaleLine => ({
      sku: l.sku,
      ...(l.name === null ? {} : { name: l.name }),
      qty: milliToQty(l.qty_milli),
      unitPriceMinor: l.unit_price_minor,
      ...(l.discount_minor === null ? {} : { discountMinor: l.discount_minor }),
      ...(l.tax_code === null ? {} : { taxCode: l.tax_code }),
      ...(l.benefit_rule === null
        ? {}
        : { benefit: { rule: l.benefit_rule, vatRemovedMinor: l.benefit_vat_removed_minor, discountMinor: l.benefit_discount_minor } }),
    }));
    const payments = paymentRows.map((p): Payment => ({
      method: p.method,
      amountMinor: p.amount_minor,
      ...(p.reference === null ? {} : { reference: p.reference }),
    }));
    return {
      id: row.id,
      cartKey: row.cart_key,
      localNumber: row.local_number,
      ...(row.printed_as === null ? {} : { printedAs: row.printed_as }),
      occurredAt: row.occurred_at,
      cashier: row.cashier,
      ...(row.cashier_name === null ? {} : { cashierName: row.cashier_name }),
      totalMinor: row.total_minor,
      paidMinor: row.paid_minor,
      changeMinor: row.change_minor,
      ...(row.amount_due_minor === null ? {} : { amountDueMinor: row.amount_due_minor }),
      ...(row.vat_minor === null ? {} : { vatMinor: row.vat_minor }),
      ...(row.vatable_minor === null ? {} : { vatableMinor: row.vatable_minor }),
      ...(row.exempt_minor === null ? {} : { exemptMinor: row.exempt_minor }),
      ...(row.zero_rated_minor === null ? {} : { zeroRatedMinor: row.zero_rated_minor }),
      ...(row.beneficiary_kind === null
        ? {}
        : { beneficiary: { kind: row.beneficiary_kind, idNumber: row.beneficiary_id_number ?? '', name: row.beneficiary_name ?? '' } }),
      ...(row.buyer_name === null && row.buyer_address === null && row.buyer_tin === null
        ? {}
        : {
            buyer: {
              ...(row.buyer_name === null ? {} : { name: row.buyer_name }),
              ...(row.buyer_address === null ? {} : { address: row.buyer_address }),
              ...(row.buyer_tin === null ? {} : { tin: row.buyer_tin }),
            },
          }),
      ...issuedUnderOf(row.issued_under_profile),
      lines,
      payments,
      invoiceNumber: row.invoice_number,
      syncState: row.sync_state ?? 'pending',
    };
  }
}

function issuedUnderOf(text: string | null): Pick<LocalSale, 'issuedUnder'> {
  const profile = issuedProfileOf(text);
  return profile === null ? {} : { issuedUnder: profile };
}

/**
 * The tenders must pay the sale, and change comes only from cash: the screen takes tenders by
 * these rules (TenderPanel), and so does the core for any caller (the web host's API), or a
 * sale would be recorded short, or a card's excess paid out of the drawer.
 */
function refuseUnpaid(payments: readonly Tender[], amountDueMinor: number): void {
  // A card or other tender of nothing is no payment (a ₱0.00 sale is paid with ₱0.00 cash): found by a probe, stored as one.
  const nothing = payments.findIndex((p) => p.method !== 'cash' && p.amountMinor === 0);
  if (nothing !== -1)
    throw new TerminalError('invalid_argument', 'A card or other tender of ₱0.00 is no payment: remove it.', [
      { path: `/payments/${nothing}/amountMinor`, message: 'a card or other tender must be more than 0' },
    ]);
  if (!tenderState(amountDueMinor, payments).covered)
    throw new TerminalError('payment_short', 'The tenders do not cover the amount due; take the rest before paying.', [
      { path: '/payments', message: 'less than the amount due' },
    ]);
  if (refusePayment(amountDueMinor, payments) === 'non_cash_over_due')
    throw new TerminalError('non_cash_over_due', 'A card or other tender cannot be more than the amount due: change is given only from cash.', [
      { path: '/payments', message: 'a card or other tender over the amount due' },
    ]);
}
