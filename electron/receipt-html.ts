import { REPRINT_MARK, type TaxRate, type TillProfile } from '../protocol';
import { salesInvoiceOf } from '../terminal/invoicing/sales-invoice';
import type { LocalSale } from '../terminal/terminal-api';

/**
 * The sales invoice (terminal/invoicing/sales-invoice.ts: the same document the screen
 * shows) as a self-contained HTML page for an 80 mm thermal printer (a 58 mm roll too: the
 * page is as wide as the paper, at most 72 mm; an amount never wraps, its label does). Every value
 * from a sale is escaped: a product name is data from the back office, never markup.
 * Amounts are minor units formatted with integer arithmetic only.
 */

export interface ReceiptHeader {
  storeName: string;
  terminalName: string | null;
  /** The business and machine profile as last pulled; null: the invoice says what is missing. */
  profile?: TillProfile | null;
  taxes?: ReadonlyMap<string, TaxRate>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  const whole = Math.trunc(absolute / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(absolute % 100).padStart(2, '0')}`;
}

function row(left: string, right: string, className = ''): string {
  return `<tr class="${className}"><td>${escapeHtml(left)}</td><td class="amount">${escapeHtml(right)}</td></tr>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
@page { size: 80mm auto; margin: 0 }
body { max-width: 72mm; margin: 0 4mm; font: 11px/1.35 "Courier New", monospace; color: #000 }
h1 { font-size: 14px; text-align: center; margin: 4px 0 }
p { margin: 2px 0; text-align: center; overflow-wrap: anywhere }
table { width: 100%; border-collapse: collapse }
td { overflow-wrap: anywhere; vertical-align: top }
td.amount { text-align: right; white-space: nowrap; overflow-wrap: normal; padding-left: 1ch }
tr.total td { font-weight: bold; border-top: 1px dashed #000; padding-top: 3px }
h2 { font-size: 13px; text-align: center; margin: 4px 0; letter-spacing: 1px }
small { font-size: 11px }
</style></head><body>${body}</body></html>`;
}

const labelled = (items: readonly { label: string; value: string }[]) =>
  items.map((item) => `<p style="text-align:left">${escapeHtml(item.label)}: ${escapeHtml(item.value || '____________________')}</p>`).join('');

/** `reprint`: any print after the sale's first (the core counts them): marked on the paper as the journal marks its text. */
export function receiptHtml(sale: LocalSale, header: ReceiptHeader, reprint = false): string {
  const invoice = salesInvoiceOf(sale, header.profile ?? null, header.taxes ?? new Map(), header.storeName);
  const [name = '', ...issuer] = invoice.issuer;
  const lines = invoice.lines
    .map(
      (line) =>
        row(`${line.detail} ${line.text}`, `${formatMinor(line.amountMinor)} ${line.mark}`) +
        (line.discount ? `<tr><td colspan="2"><small>&nbsp;&nbsp;${escapeHtml(line.discount)}</small></td></tr>` : ''),
    )
    .join('');
  const discounts = invoice.discounts.map((d) => row(d.label, formatMinor(-d.amountMinor))).join('');
  const vat = invoice.vat.map((v) => row(v.label, formatMinor(v.amountMinor))).join('');
  const payments = invoice.payments.map((p) => row(p.method.toUpperCase(), formatMinor(p.amountMinor))).join('');
  const body = [
    reprint ? `<h2>${REPRINT_MARK}</h2>` : '',
    `<h1>${escapeHtml(name)}</h1>`,
    ...issuer.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...invoice.machine.map((line) => `<p><small>${escapeHtml(line)}</small></p>`),
    header.terminalName ? `<p>${escapeHtml(header.terminalName)}</p>` : '',
    `<h2>${invoice.title}</h2>`,
    // The till's own serial is the invoice number, printed at once (offline too); the back office's follows on a reprint.
    `<p>Invoice No. ${escapeHtml(invoice.invoiceNumber)}</p>`,
    invoice.numberedAgainAs ? `<p>Numbered again ${escapeHtml(invoice.numberedAgainAs)}</p>` : '',
    invoice.businessNumber ? `<p>Back-office No. ${escapeHtml(invoice.businessNumber)}</p>` : '',
    `<p>${escapeHtml(invoice.date)} &middot; Cashier ${escapeHtml(invoice.cashier)}</p>`,
    labelled(invoice.buyer),
    `<table>${lines}${row('TOTAL SALES', formatMinor(invoice.grossMinor))}${discounts}${row('AMOUNT DUE', formatMinor(invoice.amountDueMinor), 'total')}${vat}${payments}${row('CHANGE', formatMinor(invoice.changeMinor))}</table>`,
    labelled(invoice.beneficiary),
    ...invoice.footer.map((line) => `<p>${escapeHtml(line)}</p>`),
    ...invoice.supplier.map((line) => `<p><small>${escapeHtml(line)}</small></p>`),
  ].join('');
  return page(`Sales invoice ${invoice.invoiceNumber}${reprint ? ' (reprint)' : ''}`, body);
}

export function testPrintHtml(header: ReceiptHeader, printerName: string | null, at: Date): string {
  const body = [
    `<h1>${escapeHtml(header.storeName)}</h1>`,
    '<p>TEST PRINT</p>',
    `<p>Printer: ${escapeHtml(printerName ?? 'system default')}</p>`,
    header.terminalName ? `<p>Terminal: ${escapeHtml(header.terminalName)}</p>` : '',
    `<p>${escapeHtml(at.toISOString())}</p>`,
    `<table>${row('1 x Test item', formatMinor(12_345))}${row('TOTAL', formatMinor(12_345), 'total')}</table>`,
  ].join('');
  return page('Test print', body);
}
