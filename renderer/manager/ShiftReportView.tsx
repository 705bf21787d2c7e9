import type { RefObject } from 'react';
import type { PrintedBy } from './use-printed-by';
import { DocumentIssuer } from '../DocumentIssuer';
import { readingDeductions } from '../../terminal/readings/reading-deductions';
import type { ShiftReport } from '../../terminal/shifts/shift-schemas';
import { formatPeso, lessPeso } from '../money';
import { TENDER_NAMES } from '../../protocol/sales';
import { ReadingRow } from './ReadingRow';
import { notRestockedLabel, overOrShortWord as overOrShort, queueVoidedText } from '../../terminal/journal/document-text';

const TENDER: Record<string, string> = { ...TENDER_NAMES, cash: `${TENDER_NAMES.cash} (net of change)` };
/** Refunds by how they were paid back: never "paid out", which the Cash section keeps for a pickup from the drawer. */
const REFUND_TENDER: Record<string, string> = { cash: 'Refunded in cash', card: 'Refunded to card', other: 'Refunded by other tender' };
const VOID: Record<string, string> = { line: 'Line voids', cart: 'Cart voids' };

/**
 * An X or Z reading as printed: every figure is the sum of the shift's own documents
 * (terminal/shifts/shift-report.ts). Figures a Z stored before readings reconciled
 * (discounts, voids, grand total, Z counter) are left out rather than shown as zero.
 */
export function ShiftReportView({
  report,
  status,
  profile,
  nameOf,
  timeOf,
  headingRef,
}: { report: ShiftReport; headingRef?: RefObject<HTMLHeadingElement | null> } & PrintedBy) {
  const { shift, vat } = report;
  const when = (iso: string | null) => (iso === null ? '—' : timeOf(iso));
  const overShort = report.countedCashMinor === null ? null : (report.overShortMinor ?? report.countedCashMinor - report.expectedCashMinor);
  const row = (label: string, value: string, testId?: string) => <ReadingRow key={testId ?? label} label={label} value={value} testId={testId} />;
  const amount = (label: string, value: string, testId?: string) => (
    <ReadingRow key={testId ?? label} label={label} value={value} testId={testId} amount />
  );
  return (
    <article className="printable report" data-testid={`shift-report-${report.kind}`} data-shift-id={shift.id}>
      {/* A Z reading prints the head it was closed under; an X reading, today's. */}
      <DocumentIssuer profile={report.issuedUnder ?? profile?.profile ?? null} status={status} testId="report-issuer" />
      <h3 ref={headingRef}>{report.kind === 'Z' ? 'Z READING' : 'X READING'}</h3>
      {report.kind === 'Z' && report.zCounter != null && row('Z counter', String(report.zCounter), 'report-z-counter')}
      {report.kind === 'Z' && report.resetCounter != null && row('Reset counter', String(report.resetCounter), 'report-reset-counter')}
      {report.businessDay !== undefined && row('Business day', report.businessDay, 'report-business-day')}
      {row('Opened', `${when(shift.openedAt)} by ${nameOf(shift.openedBy)}`, 'report-opened')}
      {row('Closed', shift.closedAt ? `${when(shift.closedAt)} by ${shift.closedBy ? nameOf(shift.closedBy) : '?'}` : 'still open')}
      {/* "Printed" on paper only: on screen nothing was printed yet (found by a probe). */}
      <p className="receipt-row">
        <span className="label">
          <span className="screen-only">Generated</span>
          <span className="print-only">Printed</span>
        </span>{' '}
        <span className="value" data-testid="report-generated">
          {when(report.generatedAt)}
        </span>
      </p>

      {(report.shifts ?? []).length > 1 && (
        <>
          {/* A day of several shifts: each one's hours and drawer, as its own X reading counted it. */}
          <h4>Shifts of the day ({report.shifts?.length})</h4>
          {(report.shifts ?? []).map((s, i) => (
            <div key={s.id} className="reading-shift" data-testid="report-day-shift">
              {row(`Shift ${i + 1}`, `${when(s.openedAt)} to ${when(s.closedAt)}`)}
              {row('Opened / closed by', `${nameOf(s.openedBy)} / ${nameOf(s.closedBy)}`)}
              {row('Sales invoices', String(s.salesCount))}
              {amount('Expected cash', formatPeso(s.expectedCashMinor))}
              {s.countedCashMinor !== null && amount('Counted cash', formatPeso(s.countedCashMinor))}
              {s.countedCashMinor !== null &&
                amount(overOrShort(s.countedCashMinor - s.expectedCashMinor), formatPeso(Math.abs(s.countedCashMinor - s.expectedCashMinor)))}
            </div>
          ))}
        </>
      )}

      <h4>Documents</h4>
      {row('Receipts', `${report.firstReceiptNumber ?? '—'} to ${report.lastReceiptNumber ?? '—'}`, 'report-receipts')}
      {row('Beginning invoice no.', report.firstReceiptNumber ?? '—', 'report-first-invoice')}
      {row('Ending invoice no.', report.lastReceiptNumber ?? '—', 'report-last-invoice')}
      {report.firstReturnNumber !== undefined && row('Beginning return no.', report.firstReturnNumber ?? '—', 'report-first-return')}
      {report.lastReturnNumber !== undefined && row('Ending return no.', report.lastReturnNumber ?? '—', 'report-last-return')}
      {row('Sales invoices issued', String(report.salesCount), 'report-sales-count')}
      {(report.salesBeforeOpenCount ?? 0) > 0 &&
        // A count, kept whole as an amount is, its long label wrapping (found by a walk: the count ran off 80 mm paper).
        amount('of which rung up before the shift opened', String(report.salesBeforeOpenCount), 'report-sales-before-open')}

      <h4>Sales</h4>
      {amount('Gross sales', formatPeso(report.grossSalesMinor), 'report-gross')}
      {readingDeductions(report).flatMap((d) => [
        amount(d.label, lessPeso(d.amountMinor), `report-${d.key}`),
        // Under the returns: those paid back and written off (damaged), the stock they did not go back to.
        ...(d.key === 'refunds' && notRestockedLabel(report) !== null
          ? [amount(notRestockedLabel(report) ?? '', `(${formatPeso(report.notRestocked?.amountMinor ?? 0)})`, 'report-not-restocked')]
          : []),
      ])}
      {amount('Net sales', formatPeso(report.netSalesMinor), 'report-net')}
      {report.voids !== undefined && (
        <>
          <h4>Voids before payment</h4>
          {report.voids.length === 0 && row('Voids', '0', 'report-voids-none')}
          {report.voids.map((v) => amount(`${VOID[v.kind] ?? v.kind} (${v.count})`, formatPeso(v.amountMinor), `report-void-${v.kind}`))}
        </>
      )}

      {(report.cashiers ?? []).length > 0 && (
        <>
          {/* Whose sales: a shift handed from one cashier to another, or a day of several. */}
          <h4>Sales by cashier</h4>
          {(report.cashiers ?? []).map((c) =>
            amount(`${nameOf(c.cashier)} (${c.salesCount})`, formatPeso(c.salesMinor), `report-cashier-${c.cashier}`),
          )}
        </>
      )}

      <h4>VAT</h4>
      {amount('VATable sales', formatPeso(vat.vatableMinor), 'report-vatable')}
      {vat.rates.map((r) => amount(`${r.name}`, formatPeso(r.vatMinor), `report-vat-${r.code}`))}
      {amount('VAT-exempt sales', formatPeso(vat.exemptMinor), 'report-exempt')}
      {amount('Zero-rated sales', formatPeso(vat.zeroRatedMinor), 'report-zero-rated')}

      <h4>By tender</h4>
      {report.tenders.length === 0 ? (
        <p className="empty">No payments.</p>
      ) : (
        report.tenders.map((t) => amount(TENDER[t.method] ?? t.method, formatPeso(t.amountMinor), `report-tender-${t.method}`))
      )}
      {(report.refundTenders ?? []).map((t) =>
        amount(REFUND_TENDER[t.method] ?? t.method, lessPeso(t.amountMinor), `report-refund-tender-${t.method}`),
      )}

      <h4>Cash</h4>
      {amount('Float', formatPeso(shift.floatMinor))}
      {(report.cashMoves ?? []).map((m) =>
        m.kind === 'pay_in'
          ? amount(`Cash paid in (${m.count})`, formatPeso(m.amountMinor), 'report-paid-in')
          : amount(`Cash paid out (${m.count})`, lessPeso(m.amountMinor), 'report-paid-out'),
      )}
      {(report.cashMovements ?? []).map((m, i) =>
        amount(
          `${when(m.occurredAt)} ${m.kind === 'pay_in' ? 'in' : 'out'}: ${m.reason} (${nameOf(m.approvedBy)})`,
          m.kind === 'pay_in' ? formatPeso(m.amountMinor) : lessPeso(m.amountMinor),
          `report-cash-movement-${i}`,
        ),
      )}
      {amount('Expected cash in drawer', formatPeso(report.expectedCashMinor), 'report-expected-cash')}
      {report.countedCashMinor !== null && amount('Counted cash', formatPeso(report.countedCashMinor), 'report-counted-cash')}
      {overShort !== null && amount(overOrShort(overShort), formatPeso(Math.abs(overShort)), 'report-over-short')}

      {report.grandTotal && (
        <>
          <h4>Accumulated grand total</h4>
          {amount('Beginning', formatPeso(report.grandTotal.beginningMinor), 'report-grand-total-beginning')}
          {amount('Ending', formatPeso(report.grandTotal.endingMinor), 'report-grand-total-ending')}
        </>
      )}
      {report.journalSeal &&
        row(`Journal seal to entry ${report.journalSeal.throughSeq.toLocaleString('en-PH')}`, report.journalSeal.seal, 'report-journal-seal')}
      {report.unsyncedCount > 0 && (
        <p className="warning" data-testid="report-unsynced">
          {report.unsyncedCount} sale(s) or refund(s) not yet at the back office.
        </p>
      )}
      {queueVoidedText(report, formatPeso) !== null && (
        <p className="warning" data-testid="report-queue-voided">
          {queueVoidedText(report, formatPeso)}
        </p>
      )}
      {report.override && (
        <p className="warning" data-testid="report-override">
          Closed with {report.override.unsyncedCount} unsynced by {nameOf(report.override.by)}: “{report.override.reason}”
        </p>
      )}
    </article>
  );
}
