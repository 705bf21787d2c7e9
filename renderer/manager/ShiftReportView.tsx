import type { ShiftReport } from '../../terminal/shifts/shift-schemas';
import { formatPeso } from '../money';

const TENDER: Record<string, string> = { cash: 'Cash (net of change)', card: 'Card', other: 'Other' };
const when = (iso: string | null) => (iso === null ? '—' : new Date(iso).toLocaleString('en-PH'));

/** An X or Z report as printed: the figures of the shift from its own sales and refunds. */
export function ShiftReportView({ report, storeCode }: { report: ShiftReport; storeCode: string | null }) {
  const { shift, vat } = report;
  const row = (label: string, value: string, testId?: string) => (
    <p className="receipt-row">
      <span>{label}</span>
      <span data-testid={testId}>{value}</span>
    </p>
  );
  return (
    <article className="printable report" data-testid={`shift-report-${report.kind}`} data-shift-id={shift.id}>
      <h3>
        {report.kind} report · Store {storeCode ?? '?'} · Terminal {shift.terminalCode}
      </h3>
      {row('Opened', `${when(shift.openedAt)} by ${shift.openedBy}`)}
      {row('Closed', shift.closedAt ? `${when(shift.closedAt)} by ${shift.closedBy ?? '?'}` : 'still open')}
      {row('Printed', when(report.generatedAt))}
      {row('Receipts', `${report.firstReceiptNumber ?? '—'} to ${report.lastReceiptNumber ?? '—'}`, 'report-receipts')}
      {row('Sales', String(report.salesCount), 'report-sales-count')}
      {(report.salesBeforeOpenCount ?? 0) > 0 &&
        row('of which rung up before the shift opened', String(report.salesBeforeOpenCount), 'report-sales-before-open')}
      {row('Gross sales', formatPeso(report.grossSalesMinor), 'report-gross')}
      {row(`Refunds (${report.refundsCount})`, `-${formatPeso(report.refundsMinor)}`, 'report-refunds')}
      {row('Net sales', formatPeso(report.netSalesMinor), 'report-net')}
      <h4>By tender</h4>
      {report.tenders.length === 0 ? (
        <p className="empty">No payments.</p>
      ) : (
        report.tenders.map((t) => (
          <div key={t.method}>{row(TENDER[t.method] ?? t.method, formatPeso(t.amountMinor), `report-tender-${t.method}`)}</div>
        ))
      )}
      {row('Float', formatPeso(shift.floatMinor))}
      {row('Expected cash in drawer', formatPeso(report.expectedCashMinor), 'report-expected-cash')}
      {report.countedCashMinor !== null && row('Counted cash', formatPeso(report.countedCashMinor))}
      {report.countedCashMinor !== null && row('Over / short', formatPeso(report.countedCashMinor - report.expectedCashMinor))}
      <h4>VAT</h4>
      {row('VATable sales', formatPeso(vat.vatableMinor))}
      {vat.rates.map((r) => (
        <div key={r.code}>{row(`${r.name}`, formatPeso(r.vatMinor), `report-vat-${r.code}`)}</div>
      ))}
      {row('VAT-exempt sales', formatPeso(vat.exemptMinor))}
      {row('Zero-rated sales', formatPeso(vat.zeroRatedMinor))}
      {report.unsyncedCount > 0 && (
        <p className="warning" data-testid="report-unsynced">
          {report.unsyncedCount} sale(s) or refund(s) not yet at the back office.
        </p>
      )}
      {report.override && (
        <p className="warning" data-testid="report-override">
          Closed with {report.override.unsyncedCount} unsynced by {report.override.by}: “{report.override.reason}”
        </p>
      )}
    </article>
  );
}
