import { splitVat, type TaxRate, type VatSplit } from '../money/vat-split';
import type { TerminalDb } from '../store/terminal-db';

interface AmountByCode {
  code: string | null;
  amount: number;
}

/**
 * VAT over a shift, the way the receipts show it (sync/money/vat-split): what the sale
 * lines charged under each tax code, less what refunds gave back under it, with each
 * code's rate taken from the catalog. A code the catalog does not know counts as exempt.
 */
export function vatBreakdown(db: TerminalDb, shiftId: string): VatSplit {
  const sold = db
    .prepare(
      'SELECT l.tax_code AS code, SUM(l.total_minor) AS amount FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq WHERE s.shift_id = ? GROUP BY l.tax_code',
    )
    .all(shiftId) as AmountByCode[];
  const refunded = db
    .prepare(
      'SELECT l.tax_code AS code, SUM(l.amount_minor) AS amount FROM refund_lines l JOIN refunds r ON r.seq = l.refund_seq WHERE r.shift_id = ? GROUP BY l.tax_code',
    )
    .all(shiftId) as AmountByCode[];
  const net = new Map<string | null, number>();
  for (const row of sold) net.set(row.code, (net.get(row.code) ?? 0) + row.amount);
  for (const row of refunded) net.set(row.code, (net.get(row.code) ?? 0) - row.amount);
  const taxOf = db.prepare('SELECT code, name, rate_basis_points AS rateBasisPoints, inclusive FROM taxes WHERE code = ?');
  const lines = [...net.entries()].map(([code, amountMinor]) => {
    const row = code === null ? undefined : (taxOf.get(code) as (Omit<TaxRate, 'inclusive'> & { inclusive: number }) | undefined);
    return { amountMinor, tax: row === undefined ? null : { ...row, inclusive: row.inclusive === 1 } };
  });
  return splitVat(lines);
}
