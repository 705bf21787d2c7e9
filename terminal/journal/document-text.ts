import { REPRINT_MARK } from '../../protocol/journal';
import { quantityText } from '../../protocol/sold-by';
import type { SalesInvoice } from '../invoicing/sales-invoice';
import { DEFAULT_BUSINESS_TIMEZONE, documentTime } from '../invoicing/document-dates';
import type { VatSplit } from '../money/vat-split';
import { readingDeductions } from '../readings/reading-deductions';
import type { ShiftReport } from '../shifts/shift-schemas';
import type { DocumentContext } from '../invoicing/document-head';

const NO_CONTEXT: DocumentContext = {
  head: [],
  nameOf: (code) => code,
  timeOf: (iso) => documentTime(iso, DEFAULT_BUSINESS_TIMEZONE),
  timeZone: DEFAULT_BUSINESS_TIMEZONE,
};

/**
 * The plain text of each document the till issues, as the electronic journal keeps it:
 * 40 columns, the figures the document carries. A reprint is the same text under a
 * REPRINT line.
 */
const WIDTH = 40;

/** `currency`: P for the journal's printer; a sentence on screen says ₱. */
export const pesoText = (minor: number, currency = 'P'): string => {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${currency}${whole}.${String(abs % 100).padStart(2, '0')}`;
};

const padded = (label: string, value: string) => `${label}${' '.repeat(Math.max(1, WIDTH - label.length - value.length))}${value}`;

/** Text wrapped at the journal's width on spaces: a long name, address or discount stays whole. */
const wrapped = (text: string, indent = ''): string[] => {
  const out: string[] = [];
  let current = '';
  // A word longer than the roll (a scanned code, a pasted reason) is cut where the roll ends.
  const room = WIDTH - indent.length;
  const words = text.split(' ').flatMap((word) => (word.length <= room ? [word] : (word.match(new RegExp(`.{1,${room}}`, 'gu')) ?? [word])));
  for (const word of words) {
    const next = current ? `${current} ${word}` : `${indent}${word}`;
    if (next.length > WIDTH && current) {
      out.push(current);
      current = `${indent}${word}`;
    } else current = next;
  }
  if (current) out.push(current);
  return out;
};

/**
 * A label and its figure, never past the roll: on one line when they fit; else the label
 * wrapped and the figure whole at the right of its last line, or under it when that line has
 * no room. An amount is never cut or wrapped: the label gives way.
 */
const figure = (label: string, value: string): string[] => {
  if (label.length + 1 + value.length <= WIDTH) return [padded(label, value)];
  if (value.length > WIDTH) return [...wrapped(label), ...wrapped(value)];
  const lines = wrapped(label);
  const last = lines.pop() ?? '';
  return last.length + 1 + value.length <= WIDTH ? [...lines, padded(last, value)] : [...lines, last, value.padStart(WIDTH)];
};

/** One printed line of a label and its value (more than one when the label must wrap: `figure`). */
const line = (label: string, value: string): string => figure(label, value).join('\n');

/**
 * A sales invoice's text, from the same model the screen and the printer print
 * (terminal/invoicing/sales-invoice.ts): the journal keeps a copy of the invoice as issued,
 * who issued it and on which machine, the buyer's and the senior citizen's or PWD's lines,
 * every line with its VAT mark and discount, the discounts by kind, the VAT breakdown (or
 * the non-VAT statement), the payments and the footer. The time is the till's clock, printed
 * on the business's wall clock (documentTime), as on every document.
 */
export function invoiceText(invoice: SalesInvoice, reprint = false): string {
  const out = [...(reprint ? [REPRINT_MARK] : [])];
  for (const text of [...invoice.issuer, ...invoice.machine]) out.push(...wrapped(text));
  out.push('', invoice.title, line('Invoice no.', invoice.invoiceNumber));
  if (invoice.numberedAgainAs) out.push(line('Numbered again', invoice.numberedAgainAs));
  if (invoice.businessNumber) out.push(line('Back office no.', invoice.businessNumber));
  out.push(line('Date', invoice.date), ...figure('Cashier', invoice.cashier));
  for (const b of [...invoice.buyer, ...invoice.beneficiary])
    out.push(...wrapped(`${b.label}: ${b.value || '_'.repeat(Math.max(8, WIDTH - b.label.length - 2))}`));
  out.push('');
  for (const l of invoice.lines) {
    out.push(...wrapped(l.text), ...figure(`  ${l.detail}`, `${pesoText(l.amountMinor)}${l.mark ? ` ${l.mark}` : ''}`));
    if (l.discount) out.push(...wrapped(l.discount, '  '));
  }
  out.push('', line('Total sales', pesoText(invoice.grossMinor)));
  for (const d of invoice.discounts) out.push(...figure(d.label, pesoText(-d.amountMinor)));
  // Worded as the paper is ("Amount due", "Card ref 123"): the journal is the invoice's copy (a BIR walk found "TOTAL", "Paid Card").
  out.push(line('Amount due', pesoText(invoice.amountDueMinor)));
  for (const p of invoice.payments) out.push(...figure(`${p.method}${p.reference ? ` ref ${p.reference}` : ''}`, pesoText(p.amountMinor)));
  out.push(line('Change', pesoText(invoice.changeMinor)));
  for (const v of invoice.vat) out.push(line(v.label, pesoText(v.amountMinor)));
  for (const f of invoice.footer) out.push(...wrapped(f));
  out.push('');
  for (const line of invoice.supplier) out.push(...wrapped(line));
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
  lines: readonly { sku: string; name: string | null; qty: number; amountMinor: number; restock?: false }[];
  totalMinor: number;
  vat: Pick<VatSplit, 'vatableMinor' | 'vatMinor' | 'exemptMinor' | 'zeroRatedMinor'>;
  /** The senior citizen or PWD of the sale returned. */
  beneficiary?: { kind: 'senior_citizen' | 'pwd'; idNumber: string; name: string };
}

/** `context`: who issued the document, on which machine and at which store (documentContextOf), and people by name, as its printed form carries them. */
export function refundText(refund: RefundForText, reprint = false, context: DocumentContext = NO_CONTEXT): string {
  const out = [
    ...(reprint ? [REPRINT_MARK] : []),
    ...headText(context),
    'RETURN SLIP',
    line('Return no.', refund.localNumber),
    line('Original invoice no.', refund.saleLocalNumber),
    ...(refund.beneficiary
      ? [
          ...wrapped(`${refund.beneficiary.kind === 'pwd' ? 'PWD' : 'Senior citizen'}: ${refund.beneficiary.name}`),
          ...wrapped(`${refund.beneficiary.kind === 'pwd' ? 'PWD ID' : 'OSCA ID'}: ${refund.beneficiary.idNumber}`),
        ]
      : []),
    line('Date', context.timeOf(refund.occurredAt)),
    ...figure('Approved by', context.nameOf(refund.approvedBy)),
    ...wrapped(`Reason: ${refund.reason}`),
    '',
  ];
  for (const l of refund.lines) {
    out.push(...figure(`${quantityText(undefined, l.qty)} x ${l.name ?? l.sku}`, pesoText(l.amountMinor)));
    if (l.restock === false) out.push(...wrapped('Not back to stock (damaged)', '  '));
  }
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

export function readingText(r: ShiftReport, reprint = false, context: DocumentContext = NO_CONTEXT): string {
  const { nameOf, timeOf } = context;
  // Every figure the printed reading carries (renderer/manager/ShiftReportView.tsx), in the same order, people by name.
  const out = [
    ...(reprint ? [REPRINT_MARK] : []),
    ...headText(context),
    r.kind === 'Z' ? 'Z READING' : 'X READING',
    line('Terminal', r.shift.terminalCode),
    ...(r.zCounter == null ? [] : [line('Z counter', String(r.zCounter))]),
    ...(r.resetCounter == null ? [] : [line('Reset counter', String(r.resetCounter))]),
    ...(r.businessDay === undefined ? [] : [line('Business day', r.businessDay)]),
    ...figure('Opened', `${timeOf(r.shift.openedAt)} ${nameOf(r.shift.openedBy)}`),
    ...figure('Closed', r.shift.closedAt ? `${timeOf(r.shift.closedAt)} ${r.shift.closedBy ? nameOf(r.shift.closedBy) : '?'}` : 'still open'),
    line('Printed', timeOf(r.generatedAt)),
    // A day of several shifts: each one's cashier hours and drawer, as its own X reading counted it.
    ...((r.shifts ?? []).length > 1
      ? [
          line('Shifts of the day', String(r.shifts?.length)),
          ...(r.shifts ?? []).flatMap((s, i) => [
            ...figure(`Shift ${i + 1}`, `${timeOf(s.openedAt)} to ${timeOf(s.closedAt)}`),
            ...figure('  Opened / closed by', `${nameOf(s.openedBy)} / ${nameOf(s.closedBy)}`),
            line('  Sales invoices', String(s.salesCount)),
            line('  Expected cash', pesoText(s.expectedCashMinor)),
            ...(s.countedCashMinor === null
              ? []
              : [
                  line('  Counted cash', pesoText(s.countedCashMinor)),
                  line(
                    `  ${overOrShortWord(s.countedCashMinor - s.expectedCashMinor)}`,
                    pesoText(Math.abs(s.countedCashMinor - s.expectedCashMinor)),
                  ),
                ]),
          ]),
        ]
      : []),
    line('Beginning invoice no.', r.firstReceiptNumber ?? '-'),
    line('Ending invoice no.', r.lastReceiptNumber ?? '-'),
    line('Beginning return no.', r.firstReturnNumber ?? '-'),
    line('Ending return no.', r.lastReturnNumber ?? '-'),
    line('Sales invoices issued', String(r.salesCount)),
    ...((r.salesBeforeOpenCount ?? 0) > 0 ? figure('of which rung up before the shift opened', String(r.salesBeforeOpenCount)) : []),
    line('Gross sales', pesoText(r.grossSalesMinor)),
    ...readingDeductions(r).flatMap((d) => [
      ...figure(d.label, pesoText(-d.amountMinor)),
      ...(d.key === 'refunds' && notRestockedLabel(r) !== null
        ? figure(notRestockedLabel(r) ?? '', `(${pesoText(r.notRestocked?.amountMinor ?? 0)})`)
        : []),
    ]),
    line('Net sales', pesoText(r.netSalesMinor)),
    ...(r.voids ?? []).map((v) => line(`${v.kind === 'line' ? 'Line' : 'Cart'} voids (${v.count})`, pesoText(v.amountMinor))),
    ...((r.cashiers ?? []).length > 0
      ? ['Sales by cashier', ...(r.cashiers ?? []).flatMap((c) => figure(`  ${nameOf(c.cashier)} (${c.salesCount})`, pesoText(c.salesMinor)))]
      : []),
    line('VATable sales', pesoText(r.vat.vatableMinor)),
    line('VAT', pesoText(r.vat.vatMinor)),
    line('VAT-exempt sales', pesoText(r.vat.exemptMinor)),
    line('Zero-rated sales', pesoText(r.vat.zeroRatedMinor)),
    ...r.tenders.map((t) => line(`Tender ${t.method}`, pesoText(t.amountMinor))),
    ...(r.refundTenders ?? []).map((t) => line(`Refunded ${t.method}`, pesoText(-t.amountMinor))),
    line('Float', pesoText(r.shift.floatMinor)),
    ...(r.cashMoves ?? []).map((m) =>
      m.kind === 'pay_in' ? line(`Cash paid in (${m.count})`, pesoText(m.amountMinor)) : line(`Cash paid out (${m.count})`, pesoText(-m.amountMinor)),
    ),
    // Each one, with when, why and who approved it: the drawer's count is explained line by line.
    ...(r.cashMovements ?? []).flatMap((m) =>
      figure(
        `  ${timeOf(m.occurredAt)} ${m.kind === 'pay_in' ? 'in' : 'out'}: ${m.reason} (${nameOf(m.approvedBy)})`,
        pesoText(m.kind === 'pay_in' ? m.amountMinor : -m.amountMinor),
      ),
    ),
    line('Expected cash', pesoText(r.expectedCashMinor)),
    ...(r.countedCashMinor === null
      ? []
      : [
          line('Counted cash', pesoText(r.countedCashMinor)),
          line(overOrShortWord(r.overShortMinor ?? 0), pesoText(Math.abs(r.overShortMinor ?? 0))),
        ]),
    ...(r.grandTotal
      ? ['Accumulated grand total', line('  Beginning', pesoText(r.grandTotal.beginningMinor)), line('  Ending', pesoText(r.grandTotal.endingMinor))]
      : []),
    ...(r.journalSeal ? figure(`Journal seal to entry ${r.journalSeal.throughSeq.toLocaleString('en-PH')}`, r.journalSeal.seal) : []),
    ...(r.unsyncedCount > 0 ? wrapped(`${r.unsyncedCount} sale(s) or refund(s) not yet at the back office.`) : []),
    ...(queueVoidedText(r) === null ? [] : wrapped(queueVoidedText(r) ?? '')),
    ...(r.override ? wrapped(`Closed with ${r.override.unsyncedCount} unsynced by ${nameOf(r.override.by)}: "${r.override.reason}"`) : []),
  ];
  return out.join('\n') + '\n';
}

/**
 * The reading's line under its returns for the lines that did not go back to stock (damaged),
 * or null when none did: included in the returns above, its amount in brackets (not a deduction).
 */
export function notRestockedLabel(r: Pick<ShiftReport, 'notRestocked'>): string | null {
  const lines = r.notRestocked?.lines ?? 0;
  return lines === 0 ? null : `incl. not back to stock (${lines} line${lines === 1 ? '' : 's'})`;
}

/** Counted against expected cash, in a word: "Over", "Short", or "Over / short" when it is even. */
export const overOrShortWord = (minor: number): string => (minor > 0 ? 'Over' : minor < 0 ? 'Short' : 'Over / short');

/**
 * The reading's line for what a manager voided from the sync queue, or null. The journal's
 * text writes pesos as its printer can ("P42.00"); the screen says the same sentence in its own pesos ("₱42.00").
 */
export function queueVoidedText(r: Pick<ShiftReport, 'queueVoided'>, money: (minor: number) => string = pesoText): string | null {
  const v = r.queueVoided;
  if (!v || v.salesCount + v.refundsCount === 0) return null;
  const parts = [
    ...(v.salesCount > 0 ? [`${v.salesCount} sale(s), ${money(v.salesMinor)}`] : []),
    ...(v.refundsCount > 0 ? [`${v.refundsCount} refund(s), ${money(v.refundsMinor)}`] : []),
  ];
  return `Voided from the sync queue (counted here, never sent to the back office): ${parts.join('; ')}.`;
}

const headText = ({ head }: DocumentContext): string[] => [...head.flatMap((text) => wrapped(text)), ...(head.length > 0 ? [''] : [])];
