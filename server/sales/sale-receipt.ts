import type { SaleReceipt } from '../../protocol/sales';
import type { SalesTable } from '../db/tables';

/** The answer to POST /v1/sales, built from the stored sale so a late replay reads the same. */
export function saleReceiptOf(sale: Pick<SalesTable, 'id' | 'invoice_number' | 'local_number' | 'total_minor' | 'status' | 'flags'>): SaleReceipt {
  return {
    id: sale.id,
    invoiceNumber: sale.invoice_number,
    localNumber: sale.local_number,
    totalMinor: Number(sale.total_minor),
    status: sale.status === 'needs_review' ? 'needs_review' : 'recorded',
    flags: JSON.parse(sale.flags) as string[],
  };
}
