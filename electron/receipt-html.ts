import { lineTotalMinor, qtyToMilli } from '../protocol/sale-total';
import type { LocalSale } from '../terminal/terminal-api';

/**
 * The receipt as a self-contained HTML page for an 80 mm thermal printer. Every value
 * from a sale is escaped: a product name is data from the back office, never markup.
 * Amounts are minor units formatted with integer arithmetic only.
 */

export interface ReceiptHeader {
  storeName: string;
  terminalName: string | null;
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
body { width: 72mm; margin: 0 4mm; font: 11px/1.35 "Courier New", monospace; color: #000 }
h1 { font-size: 14px; text-align: center; margin: 4px 0 }
p { margin: 2px 0; text-align: center }
table { width: 100%; border-collapse: collapse }
td.amount { text-align: right; white-space: nowrap; vertical-align: top }
tr.total td { font-weight: bold; border-top: 1px dashed #000; padding-top: 3px }
</style></head><body>${body}</body></html>`;
}

export function receiptHtml(sale: LocalSale, header: ReceiptHeader): string {
  const lines = sale.lines
    .map((line) => {
      const milli = qtyToMilli(line.qty) ?? Math.round(line.qty * 1000);
      const label = `${line.qty} x ${line.name ?? line.sku}`;
      return row(label, formatMinor(lineTotalMinor({ qtyMilli: milli, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor })));
    })
    .join('');
  const payments = sale.payments.map((payment) => row(payment.method.toUpperCase(), formatMinor(payment.amountMinor))).join('');
  const body = [
    `<h1>${escapeHtml(header.storeName)}</h1>`,
    header.terminalName ? `<p>${escapeHtml(header.terminalName)}</p>` : '',
    `<p>Receipt ${escapeHtml(sale.localNumber)}</p>`,
    // Known only once the back office has the sale; a reprint then shows it.
    sale.invoiceNumber ? `<p>Invoice ${escapeHtml(sale.invoiceNumber)}</p>` : '',
    `<p>${escapeHtml(sale.occurredAt)} &middot; ${escapeHtml(sale.cashier)}</p>`,
    `<table>${lines}${row('TOTAL', formatMinor(sale.totalMinor), 'total')}${payments}${row('CHANGE', formatMinor(sale.changeMinor))}</table>`,
    '<p>Thank you!</p>',
  ].join('');
  return page(`Receipt ${sale.localNumber}`, body);
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
