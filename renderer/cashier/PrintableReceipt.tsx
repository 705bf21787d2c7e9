import { useState } from 'react';
import { saleVat } from '../../terminal/money/sale-vat';
import type { TaxRate } from '../../terminal/money/vat-split';
import { lineTotalMinor, qtyToMilli } from '../../protocol/sale-total';
import type { LocalSale, TerminalStatus } from '../../terminal/terminal-api';
import { formatPeso } from '../money';
import { printReceipt } from './receipt-printing';

const METHODS = { cash: 'Cash', card: 'Card', other: 'Other' } as const;

interface Props {
  sale: LocalSale;
  status: TerminalStatus;
  taxes: ReadonlyMap<string, TaxRate>;
  onNext(): void;
}

/**
 * The receipt as printed: business, store, terminal, receipt and invoice numbers, lines,
 * the VAT breakdown a Philippine receipt needs, tenders and change. P prints (again).
 */
export function PrintableReceipt({ sale, status, taxes, onNext }: Props) {
  const [printError, setPrintError] = useState<string | null>(null);
  const vat = saleVat(sale.lines, taxes);
  // The core stored what was due when it was paid; a sale from before it kept that is priced again.
  const amountDueMinor = sale.amountDueMinor ?? vat.amountDueMinor;

  function print() {
    setPrintError(null);
    printReceipt(sale.id).catch((e: unknown) => setPrintError(e instanceof Error ? e.message : 'The receipt did not print.'));
  }

  return (
    <section
      className="panel receipt printable-receipt"
      aria-label="Receipt"
      data-testid="receipt"
      onKeyDown={(e) => {
        if (e.key.toLowerCase() === 'p' && !e.ctrlKey) {
          e.preventDefault();
          print();
        }
      }}
    >
      <header className="receipt-head">
        <strong>{status.businessCode ?? 'Counter'}</strong>
        <span>
          Store {status.storeCode ?? '?'} · Terminal {status.terminalCode ?? '?'}
        </span>
      </header>
      <dl className="receipt-numbers">
        <dt>Receipt no.</dt>
        <dd data-testid="receipt-local-number">{sale.localNumber}</dd>
        <dt>Invoice no.</dt>
        <dd data-testid="receipt-invoice-number" data-sync-state={sale.syncState}>
          {sale.invoiceNumber ?? 'pending: assigned when the back office receives the sale'}
        </dd>
        <dt>Date</dt>
        <dd>{new Date(sale.occurredAt).toLocaleString('en-PH')}</dd>
        <dt>Cashier</dt>
        <dd data-testid="receipt-cashier">{sale.cashier}</dd>
      </dl>
      <ul className="receipt-lines">
        {sale.lines.map((line) => (
          <li key={line.sku} data-testid="receipt-line">
            <span>
              {line.qty} × {line.name ?? line.sku} <small>@ {formatPeso(line.unitPriceMinor)}</small>
              {line.discountMinor ? <small className="receipt-discount"> less {formatPeso(line.discountMinor)}</small> : null}
            </span>
            <span>
              {formatPeso(
                lineTotalMinor({ qtyMilli: qtyToMilli(line.qty) ?? 0, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor }),
              )}
            </span>
          </li>
        ))}
      </ul>
      <p className="total">
        <span>Total</span>
        <strong data-testid="receipt-total">{formatPeso(amountDueMinor)}</strong>
      </p>
      <dl className="receipt-tax" data-testid="receipt-tax">
        <dt>VATable sales</dt>
        <dd data-testid="receipt-vatable">{formatPeso(vat.vatableMinor)}</dd>
        <dt>VAT amount</dt>
        <dd data-testid="receipt-vat">{formatPeso(vat.vatMinor)}</dd>
        <dt>VAT-exempt sales</dt>
        <dd data-testid="receipt-exempt">{formatPeso(vat.exemptMinor)}</dd>
        <dt>Zero-rated sales</dt>
        <dd data-testid="receipt-zero-rated">{formatPeso(vat.zeroRatedMinor)}</dd>
      </dl>
      {sale.payments.map((p, i) => (
        <p className="receipt-row" key={i} data-testid="receipt-payment">
          <span>
            {METHODS[p.method]} {p.reference ? <small>ref {p.reference}</small> : null}
          </span>
          <span>{formatPeso(p.amountMinor)}</span>
        </p>
      ))}
      <p className="receipt-row change">
        <span>Change</span>
        <strong data-testid="receipt-change">{formatPeso(sale.changeMinor)}</strong>
      </p>
      {printError && <p className="error">{printError}</p>}
      <div className="receipt-actions">
        <button type="button" onClick={print} data-testid="print-receipt">
          Print <kbd>P</kbd>
        </button>
        <button type="button" className="primary" onClick={onNext} data-testid="next-customer" autoFocus>
          Next customer <kbd>Enter</kbd>
        </button>
      </div>
    </section>
  );
}
