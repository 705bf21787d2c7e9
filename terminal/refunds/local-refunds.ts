import { uuidv7 } from 'uuidv7';
import { numberAgain } from '../sales/renumbering';
import { lineTax, milliToQty, qtyToMilli, RefundReceiptSchema, refundVat, type RefundRequest } from '../../protocol';
import { TaxTable } from '../catalog/tax-table';
import { refundAmountMinor, refundAskedBySku, refundExceedsMessage, type SoldSku } from '../../protocol/refund-amounts';
import { SALE_ID_PLACEHOLDER, type Outbox } from '../sync/outbox';
import type { TerminalDb } from '../store/terminal-db';
import { refuseFractionsOfCounted, refuseUnstorableText, refuseTinyQuantities } from '../sales/till-quantities';
import { TerminalError } from '../terminal-error';
import { DocumentFigures } from '../readings/document-figures';
import { ElectronicJournal } from '../journal/electronic-journal';
import { refundText } from '../journal/document-text';
import { documentContextOf } from '../invoicing/document-head';
import { refundableLines, saleForRefund } from './refundable-sale';
import { refuseRefundBeyondDrawer } from './refund-drawer';
import type { LocalRefund, RefundArgs } from './refund-schemas';

interface RefundRow {
  seq: number;
  id: string;
  refund_key: string;
  local_number: string;
  printed_as: string | null;
  sale_id: string;
  sale_local_number: string;
  occurred_at: string;
  reason: string;
  approved_by: string;
  total_minor: number;
  return_number: string | null;
  tender: string | null;
  sale_invoice_number: string | null;
  vatable_minor: number | null;
  vat_minor: number | null;
  exempt_minor: number | null;
  zero_rated_minor: number | null;
  beneficiary_kind: 'senior_citizen' | 'pwd' | null;
  beneficiary_id_number: string | null;
  beneficiary_name: string | null;
  sync_state: LocalRefund['syncState'] | null;
}

/** A refund as its return slip's text needs it. */
export const journalRefund = (r: LocalRefund) => ({
  ...r,
  tender: r.tender ?? 'cash',
  tenders: r.tenders ?? [{ method: r.tender ?? 'cash', amountMinor: r.totalMinor }],
  vat: r.vat ?? { vatableMinor: 0, vatMinor: 0, exemptMinor: 0, zeroRatedMinor: 0 },
});

/** The terminal's own return series, beside its receipt series: T01-R000001. */
export function formatReturnNumber(terminalCode: string, value: number): string {
  return `${terminalCode}-R${String(value).padStart(6, '0')}`;
}

const REFUND_COLUMNS = `r.seq, r.id, r.refund_key, r.local_number, r.printed_as, r.sale_id, s.local_number AS sale_local_number, r.occurred_at, r.reason, r.approved_by,
  r.total_minor, r.return_number, r.tender, s.invoice_number AS sale_invoice_number, r.vatable_minor, r.vat_minor, r.exempt_minor, r.zero_rated_minor,
  s.beneficiary_kind, s.beneficiary_id_number, s.beneficiary_name,
  (SELECT o.state FROM outbox o WHERE o.document_id = r.id) AS sync_state`;

/**
 * Refunds given at this terminal. Like a sale, a refund is born in ONE transaction: the
 * refund, its lines, its return number, the stock coming back and the outbox entry. The
 * entry depends on the sale's entry: it leaves only once the back office has the sale.
 */
export class LocalRefunds {
  private readonly taxes: TaxTable;
  private readonly figures: DocumentFigures;
  private readonly journal: ElectronicJournal;

  constructor(
    private readonly db: TerminalDb,
    private readonly outbox: Outbox,
  ) {
    this.taxes = new TaxTable(db);
    this.figures = new DocumentFigures(db);
    this.journal = new ElectronicJournal(db);
    // The back office's answer to a queued refund: its return number, written back in the outbox's settle transaction.
    outbox.kinds.register('refund', RefundReceiptSchema, (refundId, receipt) => this.acknowledge(refundId, receipt.returnNumber, receipt.id), {
      numberAgain: (refundId, last) =>
        numberAgain(db, { table: 'refunds', id: refundId, counter: (code) => `return:${code}`, format: formatReturnNumber }, last),
    });
  }

  refund(args: RefundArgs, terminalCode: string | null, approvedBy: string, now: Date = new Date()): LocalRefund {
    refuseTinyQuantities(args.lines, 'refunded');
    refuseUnstorableText(args);
    const qtyMilli = args.lines.map((line, index) => {
      const milli = qtyToMilli(line.qty);
      if (milli === undefined)
        throw new TerminalError('invalid_argument', `Line ${index + 1}: a quantity has at most three decimals.`, [
          { path: `/lines/${index}/qty`, message: 'must have at most three decimals' },
        ]);
      return milli;
    });
    if (terminalCode === null)
      throw new TerminalError('not_paired', 'Pair this terminal before giving refunds: the return number needs its terminal code.');
    const id = this.db
      .transaction(() => {
        const existing = this.db.prepare('SELECT id FROM refunds WHERE refund_key = ?').pluck().get(args.refundKey) as string | undefined;
        if (existing !== undefined) return existing;
        const sale = saleForRefund(this.db, args.saleId);
        if (sale === null) throw new TerminalError('not_found', `No sale ${args.saleId} on this terminal.`);
        if (sale.syncState === 'voided')
          throw new TerminalError('invalid_argument', `Sale ${sale.localNumber} was voided: it cannot be refunded here.`);
        const left = new Map(refundableLines(this.db, sale.id).map((l) => [l.sku, l]));
        refuseFractionsOfCounted(
          this.db,
          args.lines.map((line) => ({ sku: line.sku, name: left.get(line.sku)?.name ?? null, soldMilli: left.get(line.sku)?.soldMilli ?? 0 })),
          qtyMilli,
        );
        const errors: { path: string; message: string }[] = [];
        const taken = new Map<string, number>();
        const asked = refundAskedBySku(args.lines, qtyMilli);
        const lines = args.lines.map((line, index) => {
          const sold = left.get(line.sku);
          const before = sold ? sold.refundedMilli + (taken.get(line.sku) ?? 0) : 0;
          const qty = qtyMilli[index] ?? 0;
          const soldSku: SoldSku = { qtyMilli: sold?.soldMilli ?? 0, valueMinor: sold?.valueMinor ?? 0 };
          if (before + qty > soldSku.qtyMilli) {
            const total = asked.get(line.sku) ?? { milli: qty, lines: 1 };
            errors.push({
              path: `/lines/${index}/qty`,
              message: refundExceedsMessage(line.sku, total.milli, total.lines, soldSku.qtyMilli - (sold?.refundedMilli ?? 0)),
            });
          }
          taken.set(line.sku, (taken.get(line.sku) ?? 0) + qty);
          return {
            sku: line.sku,
            qty: line.qty,
            qtyMilli: qty,
            restock: line.restock !== false,
            taxCode: sold?.taxCode ?? null,
            amountMinor: refundAmountMinor(soldSku, before, qty),
          };
        });
        if (errors.length > 0)
          throw new TerminalError(
            'refund_exceeds_sale',
            `This refund, with the earlier refunds of ${sale.localNumber}, gives back more than was sold.`,
            errors,
          );
        const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
        const tenders = this.moneyBack(sale.id, totalMinor, args.moneyBack ?? 'cash');
        // Before anything is written: cash the drawer does not hold cannot be handed back.
        refuseRefundBeyondDrawer(this.db, tenders.find((t) => t.method === 'cash')?.amountMinor ?? 0);

        const value = this.db
          .prepare(
            `INSERT INTO receipt_counters (terminal_code, last_value) VALUES (?, 1) ON CONFLICT (terminal_code) DO UPDATE SET last_value = last_value + 1 RETURNING last_value`,
          )
          .pluck()
          .get(`return:${terminalCode}`) as number;
        const localNumber = formatReturnNumber(terminalCode, value);
        const refundId = uuidv7();
        const occurredAt = now.toISOString();
        // The refund's own VAT figures, split as its invoice split them: a senior citizen's 20% line stays VAT-exempt.
        const exemptSkus = new Set(
          this.db
            .prepare("SELECT l.sku FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq WHERE s.id = ? AND l.benefit_rule = 'vat_exempt_20'")
            .pluck()
            .all(sale.id) as string[],
        );
        const taxes = this.taxes.byCode();
        const taxed = (sku: string, taxCode: string | null, amountMinor: number) => ({
          amountMinor,
          // As the sale charged it (a line sold before that was kept: the tax table as it is).
          tax: lineTax(left.get(sku)?.taxAsCharged, taxCode, taxes),
          vatExempt: exemptSkus.has(sku),
        });
        // As the increment of everything refunded of the sale: given back in steps, the sale's VAT comes back exactly.
        const vat = refundVat(
          [...left.values()].map((l) =>
            taxed(l.sku, l.taxCode, refundAmountMinor({ qtyMilli: l.soldMilli, valueMinor: l.valueMinor }, 0, l.refundedMilli)),
          ),
          lines.map((l) => taxed(l.sku, l.taxCode, l.amountMinor)),
        );
        const seq = Number(
          this.db
            .prepare(
              `INSERT INTO refunds (id, refund_key, local_number, sale_id, terminal_code, shift_id, occurred_at, reason, approved_by, total_minor,
                 vatable_minor, vat_minor, exempt_minor, zero_rated_minor)
             VALUES (?, ?, ?, ?, ?, (SELECT id FROM shifts WHERE closed_at IS NULL ORDER BY seq DESC LIMIT 1), ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              refundId,
              args.refundKey,
              localNumber,
              sale.id,
              terminalCode,
              occurredAt,
              args.reason,
              approvedBy,
              totalMinor,
              vat.vatableMinor,
              vat.vatMinor,
              vat.exemptMinor,
              vat.zeroRatedMinor,
            ).lastInsertRowid,
        );
        const line = this.db.prepare(
          'INSERT INTO refund_lines (refund_seq, line_no, sku, qty_milli, amount_minor, tax_code, restocked) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        const movement = this.db.prepare("INSERT INTO stock_movements (sku, qty_milli, kind, document_id, created_at) VALUES (?, ?, 'refund', ?, ?)");
        lines.forEach((l, i) => {
          line.run(seq, i + 1, l.sku, l.qtyMilli, l.amountMinor, l.taxCode, l.restock ? 1 : 0);
          // A damaged return is paid back but does not go back on the shelf: no movement.
          if (l.restock) movement.run(l.sku, l.qtyMilli, refundId, occurredAt);
        });
        // The return slip's VAT lines and how the money went back, for the slip and the readings.
        this.figures.recordRefund(seq, vat);
        const tender = this.db.prepare('INSERT INTO refund_tenders (refund_seq, method, amount_minor) VALUES (?, ?, ?)');
        for (const t of tenders) tender.run(seq, t.method, t.amountMinor);
        // The tender that took the most, for readers of one tender per refund.
        this.db
          .prepare('UPDATE refunds SET tender = ? WHERE seq = ?')
          .run([...tenders].sort((a, b) => b.amountMinor - a.amountMinor)[0]?.method ?? 'cash', seq);
        // The slip's text in the electronic journal, in the refund's own transaction.
        const written = this.get(refundId);
        if (written !== null)
          this.journal.append({
            terminalCode,
            kind: 'refund',
            documentId: refundId,
            documentNumber: localNumber,
            reprint: false,
            at: now,
            text: refundText(journalRefund(written), false, documentContextOf(this.db)),
          });
        const request: RefundRequest = {
          localNumber,
          occurredAt,
          // restock only when false: an ordinary refund's body (and its fingerprint) is as before this version.
          lines: lines.map(({ sku, qty, restock }) => (restock ? { sku, qty } : { sku, qty, restock: false })),
          reason: args.reason,
        };
        this.outbox.enqueue(
          {
            key: args.refundKey,
            kind: 'refund',
            path: `/v1/sales/${SALE_ID_PLACEHOLDER}/refund`,
            body: JSON.stringify(request),
            documentId: refundId,
            documentNumber: localNumber,
            // The queue's value figure is sales not yet accepted; money going back is not part of it.
            valueMinor: 0,
            dependsOnDocument: sale.id,
          },
          occurredAt,
        );
        return refundId;
      })
      .immediate();
    const refund = this.get(id);
    if (refund === null) throw new TerminalError('not_found', `Refund ${id} vanished.`);
    return refund;
  }

  /**
   * How `totalMinor` goes back. Cash: all of it from the drawer. The way it was paid: back
   * to each card or other tender at most what it took, less what earlier refunds of the
   * sale gave back to it, the card first; the rest from the drawer (cash taken less change).
   */
  private moneyBack(saleId: string, totalMinor: number, mode: 'cash' | 'original_tender'): { method: string; amountMinor: number }[] {
    if (totalMinor <= 0) return [];
    if (mode === 'cash') return [{ method: 'cash', amountMinor: totalMinor }];
    const paid = this.db
      .prepare(
        `SELECT p.method, SUM(p.amount_minor) - CASE WHEN p.method = 'cash' THEN MAX(s.change_minor) ELSE 0 END AS paid,
           COALESCE((SELECT SUM(t.amount_minor) FROM refund_tenders t JOIN refunds r ON r.seq = t.refund_seq
                     WHERE r.sale_id = s.id AND t.method = p.method), 0) AS returned
         FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.id = ? GROUP BY p.method`,
      )
      .all(saleId) as { method: string; paid: number; returned: number }[];
    const order = (method: string) => (method === 'card' ? 0 : method === 'cash' ? 2 : 1);
    let left = totalMinor;
    const back: { method: string; amountMinor: number }[] = [];
    for (const p of paid.filter((t) => t.method !== 'cash').sort((a, b) => order(a.method) - order(b.method) || a.method.localeCompare(b.method))) {
      const amountMinor = Math.min(left, Math.max(0, p.paid - p.returned));
      if (amountMinor > 0) back.push({ method: p.method, amountMinor });
      left -= amountMinor;
    }
    if (left > 0) back.push({ method: 'cash', amountMinor: left });
    return back;
  }

  /** The back office's RET number and id; runs in the outbox's settle transaction. */
  acknowledge(refundId: string, returnNumber: string, serverRefundId: string): void {
    this.db.prepare('UPDATE refunds SET return_number = ?, server_refund_id = ? WHERE id = ?').run(returnNumber, serverRefundId, refundId);
  }

  get(id: string): LocalRefund | null {
    const row = this.db
      .prepare(`SELECT ${REFUND_COLUMNS} FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.id = ? OR r.local_number = ?`)
      .get(id, id) as RefundRow | undefined;
    return row ? this.toLocalRefund(row) : null;
  }

  ofSale(saleId: string): LocalRefund[] {
    const rows = this.db
      .prepare(`SELECT ${REFUND_COLUMNS} FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.sale_id = ? ORDER BY r.seq`)
      .all(saleId) as RefundRow[];
    return rows.map((row) => this.toLocalRefund(row));
  }

  private toLocalRefund(row: RefundRow): LocalRefund {
    const lines = this.db
      .prepare(
        `SELECT l.sku, (SELECT sl.name FROM sale_lines sl JOIN sales s ON s.seq = sl.sale_seq WHERE s.id = ? AND sl.sku = l.sku LIMIT 1) AS name, l.qty_milli, l.amount_minor,
           l.restocked
         FROM refund_lines l WHERE l.refund_seq = ? ORDER BY l.line_no`,
      )
      .all(row.sale_id, row.seq) as { sku: string; name: string | null; qty_milli: number; amount_minor: number; restocked: number }[];
    return {
      id: row.id,
      refundKey: row.refund_key,
      localNumber: row.local_number,
      ...(row.printed_as === null ? {} : { printedAs: row.printed_as }),
      saleId: row.sale_id,
      saleLocalNumber: row.sale_local_number,
      occurredAt: row.occurred_at,
      reason: row.reason,
      approvedBy: row.approved_by,
      totalMinor: row.total_minor,
      lines: lines.map((l) => ({
        sku: l.sku,
        name: l.name,
        qty: milliToQty(l.qty_milli),
        amountMinor: l.amount_minor,
        ...(l.restocked === 0 ? { restock: false as const } : {}),
      })),
      returnNumber: row.return_number,
      syncState: row.sync_state ?? 'pending',
      tender: row.tender ?? 'cash',
      tenders: this.db
        .prepare('SELECT method, amount_minor AS amountMinor FROM refund_tenders WHERE refund_seq = ? ORDER BY amount_minor DESC, method')
        .all(row.seq) as { method: string; amountMinor: number }[],
      saleInvoiceNumber: row.sale_invoice_number,
      ...(row.beneficiary_kind === null
        ? {}
        : { beneficiary: { kind: row.beneficiary_kind, idNumber: row.beneficiary_id_number ?? '', name: row.beneficiary_name ?? '' } }),
      ...(row.vatable_minor === null
        ? {}
        : {
            vat: {
              vatableMinor: row.vatable_minor,
              vatMinor: row.vat_minor ?? 0,
              exemptMinor: row.exempt_minor ?? 0,
              zeroRatedMinor: row.zero_rated_minor ?? 0,
            },
          }),
    };
  }
}
