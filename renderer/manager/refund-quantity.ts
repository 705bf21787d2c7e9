import type { RefundableSale } from '../../terminal/refunds/refund-schemas';
import { qtyToMilli } from '../../protocol/sale-total';
import { quantityFits } from '../../protocol/sold-by';
import { readStockQuantity } from './stock-quantity';

type RefundLine = RefundableSale['lines'][number];

/**
 * What is wrong with a quantity typed on a refund line, said as it is typed, by the line (to
 * follow the item's name: "555 Sardines: at most 3 can be given back…"): more
 * than is left to give back, below zero, a fraction of what is sold by the piece, not a
 * quantity. null when it is fine, or blank (nothing of this item comes back). The core refuses
 * each of these too; saying it here means the preview never shows money for what cannot be
 * given back (found by two walks: "5" of 3 sold read "Gives back ₱0.00", 1.5 of a piece ₱5.36).
 */
export function refundLineProblem(line: RefundLine, typed: string | undefined): string | null {
  const text = (typed ?? '').trim();
  if (text === '') return null;
  const read = readStockQuantity(text);
  if ('problem' in read) return read.problem.charAt(0).toLowerCase() + read.problem.slice(1);
  if (read.qty > line.refundableQty)
    return `at most ${line.refundableQty} can be given back (${line.soldQty} sold, ${line.refundedQty} refunded before).`;
  // A fraction sold (before the catalog said "by the piece") is given back as it was sold.
  if (Number.isInteger(line.soldQty) && !quantityFits(line.soldBy, qtyToMilli(read.qty) ?? 0))
    return 'whole quantities only: it is sold by the piece.';
  return null;
}

/** Every line's problem, each after its item's name, in one sentence for the form's refusal; null when none. */
export function refundQuantitiesRefusal(lines: readonly RefundLine[], typed: Record<string, string>): string | null {
  const said = lines.flatMap((line) => {
    const problem = refundLineProblem(line, typed[line.sku]);
    return problem === null ? [] : [`${line.name ?? line.sku}: ${problem}`];
  });
  return said.length === 0 ? null : said.join(' ');
}
