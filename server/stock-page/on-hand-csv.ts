import type { StockReport } from '../../protocol';

/**
 * One CSV cell: quoted when it must be, and a text a spreadsheet would run as a formula
 * (=, +, -, @ at the start) is prefixed with a quote. Quantities are written as numbers.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Stock on hand as a spreadsheet opens it: store, SKU, on hand, one row each. */
export function onHandCsv(report: StockReport): string {
  const rows = [
    ['store', 'sku', 'on_hand'].join(','),
    ...report.items.map((item) => [csvCell(item.storeCode), csvCell(item.sku), csvCell(item.onHand)].join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
