import type { RefObject } from 'react';
import type { LocalSale } from '../../terminal/terminal-api';
import { formatPeso } from '../money';
import { businessClock } from '../../terminal/invoicing/document-dates';

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
  timeZone,
}: {
  sales: readonly LocalSale[];
  /** The business's (TerminalStatus.timeZone): a sale's time as its invoice prints it. */
  timeZone: string;
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
                data-sync-state={sale.syncState}
                // The whole row answers a click; the button's own (Enter, Space, a screen reader's) comes up here too.
                onClick={() => onOpen(sale)}
                onKeyDown={(e) => {
                  const row = e.currentTarget;
                  const focusRow = (other: Element | null) => other?.querySelector<HTMLElement>('button')?.focus();
                  if (e.key === 'ArrowDown') focusRow(row.nextElementSibling);
                  else if (e.key === 'ArrowUp') focusRow(row.previousElementSibling);
                  else if (e.key === 'Escape') onLeave();
                  else return;
                  e.preventDefault();
                }}
              >
                <td>
                  {/* A control that says which receipt it opens (found by a probe: a row read only as a row, not as something to press). */}
                  <button
                    type="button"
                    className="recent-sale-open"
                    data-testid="recent-sale"
                    aria-label={`Open the receipt of ${sale.localNumber} (${formatPeso(sale.totalMinor)})`}
                  >
                    {sale.localNumber}
                  </button>
                </td>
                <td data-testid="recent-sale-time">{businessClock(sale.occurredAt, timeZone)}</td>
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
