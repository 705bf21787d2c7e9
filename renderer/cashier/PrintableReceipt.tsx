import { DocumentIssuer } from '../DocumentIssuer';
import { useState } from 'react';
import type { TaxRate } from '../../terminal/money/vat-split';
import { salesInvoiceOf } from '../../terminal/invoicing/sales-invoice';
import { documentTimeZone } from '../../terminal/invoicing/document-dates';
import type { StoredInvoiceProfile } from '../../terminal/invoicing/invoice-schemas';
import type { LocalSale, TerminalStatus } from '../../terminal/terminal-api';
import { formatPeso, lessPeso } from '../money';
import { printReceipt } from './receipt-printing';

interface Props {
  sale: LocalSale;
  status: TerminalStatus;
  taxes: ReadonlyMap<string, TaxRate>;
  /** The business and machine profile as last pulled (null: never pulled: the invoice says what is missing). */
  profile: StoredInvoiceProfile | null;
  onNext(): void;
  /** A key that starts the next sale (a scanner's first digit, a name's first letter): the scan field takes it. */
  onNextSaleKey(): void;
}

/**
 * The sales invoice as printed (terminal/invoicing/sales-invoice.ts, docs/compliance.md):
 * who issues it, the machine, the till's own invoice number at once (offline too) and the
 * back office's when known, buyer lines, lines with their VAT marks, the VAT breakdown,
 * tenders and change. P prints (again).
 */
export function PrintableReceipt({ sale, status, taxes, profile, onNext, onNextSaleKey }: Props) {
  const [printError, setPrintError] = useState<string | null>(null);
  const invoice = salesInvoiceOf(sale, profile?.profile ?? null, taxes, status.businessCode ?? 'Counter');
  const received = invoice.payments.reduce((sum, p) => sum + p.amountMinor, 0);

  function print() {
    setPrintError(null);
    printReceipt(sale.id, documentTimeZone(profile?.profile ?? sale.issuedUnder ?? null)).catch((e: unknown) =>
      setPrintError(e instanceof Error ? e.message : 'The receipt did not print.'),
    );
  }

  return (
    <section
      className="panel receipt printable-receipt"
      aria-label="Sales invoice"
      data-testid="receipt"
      onKeyDown={(e) => {
        if (e.ctrlKey || e.altKey || e.metaKey) return;
        if (e.key.toLowerCase() === 'p') {
          e.preventDefault();
          print();
        } else if (e.key.length === 1 && e.key !== ' ') {
          // Not prevented: with the focus moved before the key is typed, the character goes into the scan field
          // (found by a probe: a scanner's digits went nowhere and its Enter was Next customer, the item lost).
          onNextSaleKey();
        }
      }}
    >
      {/* The seller's details in force when the invoice was issued (a sale from before they were kept: today's). */}
      <DocumentIssuer profile={sale.issuedUnder ?? profile?.profile ?? null} status={status} testId="receipt-issuer" />
      <h2 className="receipt-title" data-testid="receipt-title">
        {invoice.title}
      </h2>
      <dl className="receipt-numbers">
        <dt>Invoice no.</dt>
        <dd data-testid="receipt-local-number">{invoice.invoiceNumber}</dd>
        {invoice.numberedAgainAs && (
          <>
            <dt>Numbered again</dt>
            <dd data-testid="receipt-numbered-again">{invoice.numberedAgainAs}</dd>
          </>
        )}
        <dt>Back-office no.</dt>
        <dd data-testid="receipt-invoice-number" data-sync-state={sale.syncState}>
          {invoice.businessNumber ?? 'pending: assigned when the back office receives the sale'}
        </dd>
        <dt>Date</dt>
        <dd data-testid="receipt-date">{invoice.date}</dd>
        <dt>Cashier</dt>
        <dd data-testid="receipt-cashier">{invoice.cashier}</dd>
      </dl>
      <dl className="receipt-buyer" data-testid="receipt-buyer">
        {invoice.buyer.map((b) => (
          <div key={b.label}>
            <dt>{b.label}</dt>
            <dd>{b.value || '________________'}</dd>
          </div>
        ))}
      </dl>
      <ul className="receipt-lines">
        {invoice.lines.map((line, i) => (
          <li key={i} data-testid="receipt-line" data-mark={line.mark}>
            <span>
              <small className="receipt-detail">{line.detail}</small> {line.text}
              {line.discount ? <small className="receipt-discount"> {line.discount}</small> : null}
            </span>
            <span className="amount">
              {formatPeso(line.amountMinor)} <span className="vat-mark">{line.mark}</span>
            </span>
          </li>
        ))}
      </ul>
      <p className="receipt-row">
        <span>Total sales</span>
        <span className="amount" data-testid="receipt-gross">
          {formatPeso(invoice.grossMinor)}
        </span>
      </p>
      {invoice.discounts.map((d) => (
        <p className="receipt-row" key={d.label} data-testid="receipt-discount-kind">
          <span>{d.label}</span>
          <span className="amount">{lessPeso(d.amountMinor)}</span>
        </p>
      ))}
      <p className="total">
        <span>Amount due</span>
        <strong className="amount" data-testid="receipt-total">
          {formatPeso(invoice.amountDueMinor)}
        </strong>
      </p>
      {invoice.vatRegistered ? (
        <dl className="receipt-tax" data-testid="receipt-tax">
          {invoice.vat.map((v) => (
            <div key={v.testId}>
              <dt>{v.label}</dt>
              <dd className="amount" data-testid={v.testId}>
                {formatPeso(v.amountMinor)}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {invoice.beneficiary.length > 0 && (
        <dl className="receipt-buyer" data-testid="receipt-beneficiary">
          {invoice.beneficiary.map((b) => (
            <div key={b.label}>
              <dt>{b.label}</dt>
              <dd>{b.value || '________________'}</dd>
            </div>
          ))}
        </dl>
      )}
      {invoice.payments.map((p, i) => (
        <p className="receipt-row" key={i} data-testid="receipt-payment">
          <span>
            {p.method} {p.reference ? <small>ref {p.reference}</small> : null}
          </span>
          <span className="amount">{formatPeso(p.amountMinor)}</span>
        </p>
      ))}
      <p className="receipt-row change">
        <span>Change</span>
        <strong className="amount" data-testid="receipt-change">
          {formatPeso(invoice.changeMinor)}
        </strong>
      </p>
      {invoice.footer.map((line, i) => (
        <p className="receipt-footer" key={i} data-testid="receipt-footer">
          {line}
        </p>
      ))}
      <footer className="receipt-supplier" data-testid="receipt-supplier">
        {invoice.supplier.map((line, i) => (
          <small key={i}>{line}</small>
        ))}
      </footer>
      {printError && <p className="error">{printError}</p>}
      <div className="receipt-actions">
        {/* Beside the buttons, never below the fold: the change is what the cashier hands over now (found by a walk: at
            1366x768 a paid invoice showed down to its total, the change under Next customer). */}
        <p className="till-settlement" data-testid="till-settlement">
          Amount due {formatPeso(invoice.amountDueMinor)} · Received {formatPeso(received)} ·{' '}
          {invoice.changeMinor > 0 ? (
            <strong data-testid="till-change">Change {formatPeso(invoice.changeMinor)}</strong>
          ) : (
            <strong data-testid="till-change">No change</strong>
          )}
        </p>
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
