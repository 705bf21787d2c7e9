import { unstorableTextAt } from '../../protocol/json-limits';
import { tinyQuantityErrors } from '../../protocol/quantity';
import { milliToQty, qtyToMilli } from '../../protocol/sale-total';
import { quantityFits, soldByOf, weighAgain, wholeQuantitiesOnly, type SoldBy } from '../../protocol/sold-by';
import type { TerminalDb } from '../store/terminal-db';
import { TerminalError } from '../terminal-error';

/**
 * What the back office is sure to refuse is refused at the counter, before the sale or
 * refund is written: queued, it could never be sent and would wait for a manager forever.
 * A line whose quantity rounds to 0 thousandths is `quantity_too_small`.
 */
export function refuseTinyQuantities(lines: readonly { qty: number }[], what: 'sold' | 'refunded'): void {
  const errors = tinyQuantityErrors(lines, (line) => line.qty, 'qty');
  const first = errors[0];
  if (first === undefined) return;
  const lineNo = Number(first.path.split('/')[2]) + 1;
  throw new TerminalError(
    'quantity_too_small',
    `Line ${lineNo}: less than 0.001 cannot be ${what}; quantities are kept in thousandths (a gram).`,
    errors,
  );
}

/**
 * Text the back office cannot store as typed (U+0000 from a scanner glitch or a pasted note,
 * half of a surrogate pair from a broken keyboard driver: protocol/json-limits.ts).
 */
export function refuseUnstorableText(args: unknown): void {
  const found = unstorableTextAt(args);
  if (found !== null)
    throw new TerminalError('invalid_argument', 'A text field holds an invisible character that cannot be kept; type it again.', [found]);
}

/**
 * A product the catalog sells by the piece (protocol/sold-by.ts) is not sold or refunded in
 * fractions: 1.5 bottles would move half a bottle of stock that is not there. One the catalog
 * says nothing about, or no longer has, takes any quantity, as before. The product is named
 * as the catalog names it, or as the line does. Only a line with a fraction is looked up,
 * so a whole-quantity sale's pay path reads nothing more. A refund line gives `soldMilli`,
 * what its sale sold: a fraction sold before the catalog said "by the piece" (or by an
 * older till) can be given back as it was sold.
 */
export function refuseFractionsOfCounted(
  db: TerminalDb,
  lines: readonly { sku: string; name?: string | null; soldMilli?: number }[],
  qtyMilli: readonly number[],
): void {
  const errors: { path: string; message: string }[] = [];
  let first: string | null = null;
  lines.forEach((line, index) => {
    const milli = qtyMilli[index] ?? 0;
    if (milli % 1000 === 0 || (line.soldMilli !== undefined && line.soldMilli % 1000 !== 0)) return;
    const product = db.prepare('SELECT name, sold_by AS soldBy FROM products WHERE sku = ?').get(line.sku) as
      { name: string; soldBy: SoldBy | null } | undefined;
    if (quantityFits(product?.soldBy, milli)) return;
    first ??= wholeQuantitiesOnly(product?.name ?? line.name ?? line.sku);
    errors.push({ path: `/lines/${index}/qty`, message: 'a whole number: sold by the piece' });
  });
  if (first !== null) throw new TerminalError('whole_quantity_required', first, errors);
}

/**
 * + or − on a cart line. A counted line takes one more or one less, never below one (taking
 * the line off is a void). A weighed line takes neither: "+" on 0.750 kg of fish is not one
 * more fish but a whole kilo more, and "−" a kilo less; its weight changes only by weighing
 * it again (its weight typed on the selected line, "0.500*"). Weighed is what the catalog
 * sells by weight, or, where the catalog does not say, a line with a fraction (the screen
 * reads it per kg). Refused `weighed_line_step`; nothing is written either way.
 */
export function stepLineQuantity(db: TerminalDb, args: { sku: string; qty: number; by: 1 | -1 }): { qty: number } {
  const milli = qtyToMilli(args.qty);
  if (milli === undefined)
    throw new TerminalError('invalid_argument', 'A quantity has at most three decimals.', [{ path: '/qty', message: 'at most three decimals' }]);
  const product = db.prepare('SELECT name, sold_by AS soldBy FROM products WHERE sku = ?').get(args.sku) as
    { name: string; soldBy: string | null } | undefined;
  const soldBy = soldByOf(product?.soldBy);
  if (soldBy === 'weight' || (soldBy === null && milli % 1000 !== 0))
    throw new TerminalError('weighed_line_step', weighAgain(product?.name ?? args.sku), [
      { path: '/sku', message: 'sold by weight: weigh it again' },
    ]);
  return { qty: milliToQty(Math.max(1000, milli + args.by * 1000)) };
}
