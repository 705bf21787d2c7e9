import type { StockReport } from '../../protocol';
import { csvCell } from '../../protocol/csv-cell';

/** Stock on hand as a spreadsheet opens it: store, SKU, on hand, one row each. */
export function onHandCsv(report: StockReport): string {
  const rows = [
    ['store', 'sku', 'on_hand'].join(','),
    ...report.items.map((item) => [csvCell(item.storeCode), csvCell(item.sku), csvCell(item.onHand)].join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
