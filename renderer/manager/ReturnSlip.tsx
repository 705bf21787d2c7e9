import type { RefObject } from 'react';
import type { PrintedBy } from './use-printed-by';
import { DocumentIssuer } from '../DocumentIssuer';
import type { LocalRefund } from '../../terminal/refunds/refund-schemas';
import { formatPeso } from '../money';
import { quantityText } from '../../protocol/sold-by';
import { ReadingRow } from './ReadingRow';

const MONEY_BACK: Record<string, string> = { cash: 'Cash', card: 'Back to the card', other: 'Back by the other tender' };

/** The printed proof of a refund: the terminal's return number now, the back office's once synced; the sale it returns and its VAT. */
export function ReturnSlip({
  refund,
  status,
  profile,
  nameOf,
  timeOf,
  headingRef,
}: { refund: LocalRefund; headingRef?: RefObject<HTMLHeadingElement | null> } & PrintedBy) {
  return (
    <article className="printable slip" data-testid="return-slip" data-sync-state={refund.syncState}>
      <DocumentIssuer profile={profile?.profile ?? null} status={status} testId="return-issuer" />
      <h3 ref={headingRef}>RETURN SLIP</h3>
      <ReadingRow label="Return no." value={refund.localNumber} testId="return-local-number" />
      <ReadingRow
        label="Back office no."
        value={refund.returnNumber ?? 'pending: assigned when the back office receives it'}
        testId="return-number"
      />
      <ReadingRow label="Original invoice no." value={refund.saleLocalNumber} testId="return-sale-number" />
      {refund.saleInvoiceNumber && <ReadingRow label="Back office invoice no." value={refund.saleInvoiceNumber} testId="return-sale-invoice" />}
      {refund.beneficiary && (
        <ReadingRow
          label={refund.beneficiary.kind === 'pwd' ? 'PWD' : 'Senior citizen'}
          value={`${refund.beneficiary.name} · ID ${refund.beneficiary.idNumber}`}
          testId="return-beneficiary"
        />
      )}
      <ReadingRow label="Date" value={timeOf(refund.occurredAt)} testId="return-date" />
      <ReadingRow label="Approved by" value={nameOf(refund.approvedBy)} />
      <ReadingRow label="Reason" value={refund.reason} />
      <ul className="receipt-lines">
        {refund.lines.map((l) => (
          <li key={l.sku}>
            <span>
              {/* A weighed fraction as the scale reads it ("0.500 kg", found by a walk: "0.5 ×"); pieces as counted. */}
              {quantityText(undefined, l.qty)} × {l.name ?? l.sku}
              {l.restock === false && (
                <small className="line-note" data-testid={`return-not-restocked-${l.sku}`}>
                  Not back to stock (damaged)
                </small>
              )}
            </span>{' '}
            <span className="amount">{formatPeso(l.amountMinor)}</span>
          </li>
        ))}
      </ul>
      <p className="total">
        <span>Refunded</span>{' '}
        <strong className="amount" data-testid="return-total">
          {formatPeso(refund.totalMinor)}
        </strong>
      </p>
      {(refund.tenders?.length ?? 0) > 1 ? (
        refund.tenders?.map((t) => (
          <ReadingRow
            key={t.method}
            label={MONEY_BACK[t.method] ?? t.method}
            value={formatPeso(t.amountMinor)}
            testId={`return-tender-${t.method}`}
            amount
          />
        ))
      ) : (
        <ReadingRow label="Paid back" value={MONEY_BACK[refund.tender ?? 'cash'] ?? refund.tender ?? 'Cash'} testId="return-tender" />
      )}
      {refund.vat && (
        <>
          <ReadingRow label="VATable sales" value={formatPeso(refund.vat.vatableMinor)} testId="return-vatable" amount />
          <ReadingRow label="VAT" value={formatPeso(refund.vat.vatMinor)} testId="return-vat" amount />
          <ReadingRow label="VAT-exempt sales" value={formatPeso(refund.vat.exemptMinor)} testId="return-exempt" amount />
          <ReadingRow label="Zero-rated sales" value={formatPeso(refund.vat.zeroRatedMinor)} testId="return-zero-rated" amount />
        </>
      )}
    </article>
  );
}
