import type { LocalSale } from '../../sync/terminal-api';
import { formatPeso } from '../money';

/** The receipt of the sale just paid; the invoice number appears once the back office has it. */
export function ReceiptView({ sale, onNext }: { sale: LocalSale; onNext(): void }) {
  return (
    <section className="panel receipt" aria-label="Receipt" data-testid="receipt">
      <h2>Receipt</h2>
      <dl className="receipt-numbers">
        <dt>Receipt no.</dt>
        <dd data-testid="receipt-local-number">{sale.localNumber}</dd>
        <dt>Invoice no.</dt>
        <dd data-testid="receipt-invoice-number" data-sync-state={sale.syncState}>
          {sale.invoiceNumber ?? 'pending: assigned when the back office receives the sale'}
        </dd>
        <dt>Date</dt>
        <dd>{new Date(sale.occurredAt).toLocaleString('en-PH')}</dd>
      </dl>
      <ul className="receipt-lines">
        {sale.lines.map((line) => (
          <li key={line.sku}>
            <span>
              {line.qty} × {line.name ?? line.sku}
            </span>
            <span>{formatPeso(line.unitPriceMinor)}</span>
          </li>
        ))}
      </ul>
      <p className="total">
        <span>Total</span>
        <strong data-testid="receipt-total">{formatPeso(sale.totalMinor)}</strong>
      </p>
      <p className="receipt-row">
        <span>Cash</span>
        <span>{formatPeso(sale.paidMinor)}</span>
      </p>
      <p className="receipt-row change">
        <span>Change</span>
        <strong data-testid="receipt-change">{formatPeso(sale.changeMinor)}</strong>
      </p>
      <button type="button" className="primary" onClick={onNext} data-testid="next-customer" autoFocus>
        Next customer
      </button>
    </section>
  );
}
