import type { Payment, SaleLine } from '../../protocol/sales';
import type { VatSplit } from '../money/vat-split';
import { discountKindName } from '../readings/discount-kinds';
import type { ShiftReport } from '../shifts/shift-schemas';

/**
 * The plain text of each document the till issues, as the electronic journal keeps it:
 * 40 columns, the figures the document carries. A reprint is the same text under a
 * REPRINT line.
 */
const WIDTH = 40;

export const pesoText = (minor: number): string => {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}P${whole}.${String(abs % 100).padStart(2, '0')}`;
};

const line = (label: string, value: string) => {
  const gap = Math.max(1, WIDTH - label.length - value.length);
  return `${label}${' '.repeat(gap)}${value}`;
};

export interface SaleForText {
  localNumber: string;
  occurredAt: string;
  cashier: string;
  lines: readonly SaleLine[];
  lineTotalsMinor: readonly number[];
  payments: readonly Payment[];
  changeMinor: number;
  vat: VatSplit;
}

export function saleText(sale: SaleForText, reprint = false): string {
  const out = [
    ...(reprint ? ['*** REPRINT ***'] : []),
    'SALES INVOICE',
    line('Invoice no.', sale.localNumber),
    line('Date', sale.occurredAt),
    line('Cashier', sale.cashier),
    '',
  ];
  sale.lines.forEach((l, i) => {
    out.push(`${l.qty} x ${l.name ?? l.sku}`);
    out.push(
      line(`  @ ${pesoText(l.unitPriceMinor)}${l.discountMinor ? ` less ${pesoText(l.discountMinor)}` : ''}`, pesoText(sale.lineTotalsMinor[i] ?? 0)),
    );
  });
  out.push('', line('TOTAL', pesoText(sale.vat.amountDueMinor)));
  for (const p of sale.payments) out.push(line(`Paid ${p.method}`, pesoText(p.amountMinor)));
  out.push(line('Change', pesoText(sale.changeMinor)));
  out.push(
    line('VATable sales', pesoText(sale.vat.vatableMinor)),
    line('VAT', pesoText(sale.vat.vatMinor)),
    line('VAT-exempt sales', pesoText(sale.vat.exemptMinor)),
    line('Zero-rated sales', pesoText(sale.vat.zeroRatedMinor)),
  );
  return out.join('\n') + '\n';
}

export interface RefundForText {
  localNumber: string;
  saleLocalNumber: string;
  occurredAt: string;
  approvedBy: string;
  reason: string;
  tender: string;
  tenders: readonly { method: string; amountMinor: number }[];
  lines: readonly { sku: string; name: string | null; qty: number; amountMinor: number }[];
  totalMinor: number;
  vat: Pick<VatSplit, 'vatableMinor' | 'vatMinor' | 'exemptMinor' | 'zeroRatedMinor'>;
}

export function refundText(refund: RefundForText, reprint = false): string {
  const out = [
    ...(reprint ? ['*** REPRINT ***'] : []),
    'RETURN SLIP',
    line('Return no.', refund.localNumber),
    line('Original invoice no.', refund.saleLocalNumber),
    line('Date', refund.occurredAt),
    line('Approved by', refund.approvedBy),
    `Reason: ${refund.reason}`,
    '',
  ];
  for (const l of refund.lines) out.push(line(`${l.qty} x ${l.name ?? l.sku}`, pesoText(l.amountMinor)));
  out.push(
    '',
    line('REFUNDED', pesoText(refund.totalMinor)),
    ...(refund.tenders.length > 1
      ? refund.tenders.map((t) => line(`Paid back ${t.method}`, pesoText(t.amountMinor)))
      : [line('Paid back', refund.tender)]),
    line('VATable sales', pesoText(refund.vat.vatableMinor)),
    line('VAT', pesoText(refund.vat.vatMinor)),
    line('VAT-exempt sales', pesoText(refund.vat.exemptMinor)),
    line('Zero-rated sales', pesoText(refund.vat.zeroRatedMinor)),
  );
  return out.join('\n') + '\n';
}

export function readingText(r: ShiftReport, reprint = false): string {
  const out = [
    ...(reprint ? ['*** REPRINT ***'] : []),
    r.kind === 'Z' ? 'Z READING' : 'X READING',
    line('Terminal', r.shift.terminalCode),
    ...(r.zCounter == null ? [] : [line('Z counter', String(r.zCounter))]),
    line('Opened', `${r.shift.openedAt} ${r.shift.openedBy}`),
    line('Closed', r.shift.closedAt ?? 'still open'),
    line('Printed', r.generatedAt),
    line('Beginning invoice no.', r.firstReceiptNumber ?? '-'),
    line('Ending invoice no.', r.lastReceiptNumber ?? '-'),
    line('Beginning return no.', r.firstReturnNumber ?? '-'),
    line('Ending return no.', r.lastReturnNumber ?? '-'),
    line('Sales', String(r.salesCount)),
    line('Gross sales', pesoText(r.grossSalesMinor)),
    ...(r.discounts ?? []).map((d) => line(`Less ${discountKindName(d.kind).toLowerCase()} (${d.count})`, pesoText(-d.amountMinor))),
    line(`Less returns (${r.refundsCount})`, pesoText(-r.refundsMinor)),
    line('Net sales', pesoText(r.netSalesMinor)),
    ...(r.voids ?? []).map((v) => line(`${v.kind === 'line' ? 'Line' : 'Cart'} voids (${v.count})`, pesoText(v.amountMinor))),
    line('VATable sales', pesoText(r.vat.vatableMinor)),
    line('VAT', pesoText(r.vat.vatMinor)),
    line('VAT-exempt sales', pesoText(r.vat.exemptMinor)),
    line('Zero-rated sales', pesoText(r.vat.zeroRatedMinor)),
    ...r.tenders.map((t) => line(`Tender ${t.method}`, pesoText(t.amountMinor))),
    ...(r.refundTenders ?? []).map((t) => line(`Refunded ${t.method}`, pesoText(-t.amountMinor))),
    line('Float', pesoText(r.shift.floatMinor)),
    line('Expected cash', pesoText(r.expectedCashMinor)),
    ...(r.countedCashMinor === null
      ? []
      : [line('Counted cash', pesoText(r.countedCashMinor)), line('Over / short', pesoText(r.overShortMinor ?? 0))]),
    ...(r.grandTotal
      ? [line('Grand total beginning', pesoText(r.grandTotal.beginningMinor)), line('Grand total ending', pesoText(r.grandTotal.endingMinor))]
      : []),
  ];
  return out.join('\n') + '\n';
}
