import type { StockReport } from '../../protocol';
import { csvCell } from '../../protocol/csv-cell';

/** Stock on hand as a spreadsheet opens it: store, SKU, the product's name (blank: not in the catalog), on hand, one row each. */
export function onHandCsv(report: StockReport): string {
  const rows = [
    ['store', 'sku', 'product', 'on_hand'].join(','),
    ...report.items.map((item) => [csvCell(item.storeCode), csvCell(item.sku), csvCell(item.name ?? ''), csvCell(item.onHand)].join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
