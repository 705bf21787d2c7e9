import type { LocalRefund } from '../../terminal/refunds/refund-schemas';
import { formatPeso } from '../money';

/** The printed proof of a refund: the terminal's return number now, the back office's once synced. */
export function ReturnSlip({ refund, storeCode }: { refund: LocalRefund; storeCode: string | null }) {
  return (
    <article className="printable slip" data-testid="return-slip" data-sync-state={refund.syncState}>
      <h3>Return slip · Store {storeCode ?? '?'}</h3>
      <dl className="receipt-numbers">
        <dt>Return no.</dt>
        <dd data-testid="return-local-number">{refund.localNumber}</dd>
        <dt>Back office no.</dt>
        <dd data-testid="return-number">{refund.returnNumber ?? 'pending: assigned when the back office receives it'}</dd>
        <dt>For sale</dt>
        <dd>{refund.saleLocalNumber}</dd>
        <dt>Date</dt>
        <dd>{new Date(refund.occurredAt).toLocaleString('en-PH')}</dd>
        <dt>Approved by</dt>
        <dd>{refund.approvedBy}</dd>
        <dt>Reason</dt>
        <dd>{refund.reason}</dd>
      </dl>
      <ul className="receipt-lines">
        {refund.lines.map((l) => (
          <li key={l.sku}>
            <span>
              {l.qty} × {l.name ?? l.sku}
            </span>
            <span>{formatPeso(l.amountMinor)}</span>
          </li>
        ))}
      </ul>
      <p className="total">
        <span>Refunded</span>
        <strong data-testid="return-total">{formatPeso(refund.totalMinor)}</strong>
      </p>
    </article>
  );
}
