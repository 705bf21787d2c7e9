import type { RefObject } from 'react';
import type { LocalSale } from '../../terminal/terminal-api';
import { formatPeso } from '../money';

const STATES: Record<LocalSale['syncState'], string> = {
  pending: 'waiting to send',
  sending: 'sending',
  synced: 'synced',
  needs_attention: 'needs attention',
  voided: 'voided',
};

/** The last sales of this terminal, newest first, with where each one stands. F5, ↑ ↓, Enter opens one to reprint. */
export function RecentSales({
  sales,
  onOpen,
  bodyRef,
  onLeave,
}: {
  sales: readonly LocalSale[];
  onOpen(sale: LocalSale): void;
  /** Esc on a row: back to scanning. */
  onLeave(): void;
  bodyRef?: RefObject<HTMLTableSectionElement | null>;
}) {
  return (
    <section className="panel recent-sales" aria-label="Recent sales">
      <h2>Recent sales</h2>
      {sales.length === 0 ? (
        <p className="empty">No sales yet on this terminal.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Receipt</th>
              <th>Time</th>
              <th className="num">Total</th>
              <th>Invoice</th>
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {sales.map((sale) => (
              <tr
                key={sale.id}
                tabIndex={0}
                data-testid="recent-sale"
                data-sync-state={sale.syncState}
                onClick={() => onOpen(sale)}
                onKeyDown={(e) => {
                  const row = e.currentTarget;
                  if (e.key === 'Enter') onOpen(sale);
                  else if (e.key === 'ArrowDown') (row.nextElementSibling as HTMLElement | null)?.focus();
                  else if (e.key === 'ArrowUp') (row.previousElementSibling as HTMLElement | null)?.focus();
                  else if (e.key === 'Escape') onLeave();
                  else return;
                  e.preventDefault();
                }}
              >
                <td>{sale.localNumber}</td>
                <td>{new Date(sale.occurredAt).toLocaleTimeString('en-PH', { hour: '2-digit', minute: '2-digit' })}</td>
                <td className="num">{formatPeso(sale.totalMinor)}</td>
                <td data-testid="recent-sale-invoice" className={`sync-${sale.syncState}`}>
                  {sale.invoiceNumber ?? STATES[sale.syncState]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
