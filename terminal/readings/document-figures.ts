import { extendedPriceMinor, qtyToMilli } from '../../protocol/sale-total';
import type { SaleLine } from '../../protocol/sales';
import { TaxTable } from '../catalog/tax-table';
import { saleVat } from '../money/sale-vat';
import { splitVat, type VatSplit } from '../money/vat-split';
import type { TerminalDb } from '../store/terminal-db';
import type { SaleDiscount } from './discount-kinds';

/**
 * Each document's own figures, stored beside it in the transaction that writes it: what
 * its printed VAT breakdown says, so that a reading adds up documents and nothing else.
 */
export class DocumentFigures {
  private readonly statements: ReturnType<DocumentFigures['prepare']>;

  constructor(private readonly db: TerminalDb) {
    this.statements = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      // The VATable / VAT / exempt / zero-rated columns are written by the INSERT of the sale or refund itself; these add the rest.
      sale: db.prepare('UPDATE sales SET gross_minor = ?, discount_minor = ?, vat_rates = ? WHERE seq = ?'),
      discount: db.prepare('INSERT INTO sale_discounts (sale_seq, kind, amount_minor) VALUES (?, ?, ?)'),
      refund: db.prepare('UPDATE refunds SET vat_rates = ? WHERE seq = ?'),
    };
  }

  /** In pay()'s transaction: the sale's gross, discount, VAT per rate and discounts by kind (its VAT split is in the sale's own row). */
  recordSale(saleSeq: number, lines: readonly SaleLine[], vat: VatSplit, discounts: readonly SaleDiscount[]): void {
    const gross = lines.reduce((sum, l) => sum + extendedPriceMinor(qtyToMilli(l.qty) ?? 0, l.unitPriceMinor), 0);
    const discount = lines.reduce((sum, l) => sum + (l.discountMinor ?? 0), 0);
    this.statements.sale.run(gross, discount, JSON.stringify(vat.rates), saleSeq);
    for (const d of discounts) this.statements.discount.run(saleSeq, d.kind, d.amountMinor);
  }

  /** In refund()'s transaction: the VAT per rate of what goes back (its VAT split is in the refund's own row). */
  recordRefund(refundSeq: number, vat: VatSplit): void {
    this.statements.refund.run(JSON.stringify(vat.rates), refundSeq);
  }

  /** The split of an older refund's lines under the catalog's rates (refunds from before the figures were kept had no exempt lines). */
  splitOlderRefund(lines: readonly { amountMinor: number; taxCode: string | null }[]): VatSplit {
    const taxes = new TaxTable(this.db).byCode();
    return splitVat(lines.map((l) => ({ amountMinor: l.amountMinor, tax: l.taxCode === null ? null : (taxes.get(l.taxCode) ?? null) })));
  }
}

/**
 * Sales and refunds written before their figures were kept get them once, from their own
 * lines under today's catalog rates; a sale's stored VAT, when it has one, is kept as printed.
 * Returns how many documents were filled in.
 */
export function fillOlderDocumentFigures(db: TerminalDb): number {
  const sales = db.prepare('SELECT seq, vat_minor, amount_due_minor FROM sales WHERE vatable_minor IS NULL').all() as {
    seq: number;
    vat_minor: number | null;
    amount_due_minor: number | null;
  }[];
  const refunds = db.prepare('SELECT seq FROM refunds WHERE vatable_minor IS NULL').pluck().all() as number[];
  if (sales.length === 0 && refunds.length === 0) return 0;
  const figures = new DocumentFigures(db);
  const taxes = new TaxTable(db).byCode();
  const saleLines = db.prepare(
    'SELECT sku, qty_milli, unit_price_minor, discount_minor, tax_code FROM sale_lines WHERE sale_seq = ? ORDER BY line_no',
  );
  const refundLines = db.prepare('SELECT amount_minor AS amountMinor, tax_code AS taxCode FROM refund_lines WHERE refund_seq = ? ORDER BY line_no');
  // Their VAT split, which a document written today carries from its own INSERT.
  const saleSplit = db.prepare('UPDATE sales SET vatable_minor = ?, exempt_minor = ?, zero_rated_minor = ? WHERE seq = ?');
  const refundSplit = db.prepare('UPDATE refunds SET vatable_minor = ?, vat_minor = ?, exempt_minor = ?, zero_rated_minor = ? WHERE seq = ?');
  db.transaction(() => {
    for (const sale of sales) {
      const lines = (
        saleLines.all(sale.seq) as {
          sku: string;
          qty_milli: number;
          unit_price_minor: number;
          discount_minor: number | null;
          tax_code: string | null;
        }[]
      ).map((l): SaleLine => ({
        sku: l.sku,
        qty: l.qty_milli / 1000,
        unitPriceMinor: l.unit_price_minor,
        ...(l.discount_minor === null ? {} : { discountMinor: l.discount_minor }),
        ...(l.tax_code === null ? {} : { taxCode: l.tax_code }),
      }));
      const vat = saleVat(lines, taxes);
      // The VAT the receipt printed stays the VAT; the VATable part is what is left of the VAT-rated amount.
      const printed =
        sale.vat_minor === null || sale.vat_minor === vat.vatMinor
          ? vat
          : { ...vat, vatableMinor: vat.vatableMinor + vat.vatMinor - sale.vat_minor, vatMinor: sale.vat_minor };
      const discount = lines.reduce((sum, l) => sum + (l.discountMinor ?? 0), 0);
      figures.recordSale(sale.seq, lines, printed, discount > 0 ? [{ kind: 'manual', amountMinor: discount }] : []);
      saleSplit.run(printed.vatableMinor, printed.exemptMinor, printed.zeroRatedMinor, sale.seq);
      if (sale.vat_minor === null)
        db.prepare('UPDATE sales SET vat_minor = ?, amount_due_minor = ? WHERE seq = ?').run(vat.vatMinor, vat.amountDueMinor, sale.seq);
    }
    for (const seq of refunds) {
      const vat = figures.splitOlderRefund(refundLines.all(seq) as { amountMinor: number; taxCode: string | null }[]);
      refundSplit.run(vat.vatableMinor, vat.vatMinor, vat.exemptMinor, vat.zeroRatedMinor, seq);
      figures.recordRefund(seq, vat);
    }
  })();
  return sales.length + refunds.length;
}
