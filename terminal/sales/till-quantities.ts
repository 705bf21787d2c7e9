import { unstorableTextAt } from '../../protocol/json-limits';
import { tinyQuantityErrors } from '../../protocol/quantity';
import { quantityFits, wholeQuantitiesOnly } from '../../protocol/sold-by';
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
 * Only a weighed product (protocol/sold-by.ts) is sold or refunded in fractions: 1.5 bottles
 * would move half a bottle of stock that is not there. The product is named as the till's
 * catalog names it, or as the line (or the sold line) does for a SKU the catalog no longer has.
 * Only a line with a fraction is looked up, so a counted sale's pay path reads nothing more.
 */
export function refuseFractionsOfCounted(db: TerminalDb, lines: readonly { sku: string; name?: string | null }[], qtyMilli: readonly number[]): void {
  const errors: { path: string; message: string }[] = [];
  let first: string | null = null;
  lines.forEach((line, index) => {
    const milli = qtyMilli[index] ?? 0;
    if (milli % 1000 === 0) return;
    const name = (db.prepare('SELECT name FROM products WHERE sku = ?').pluck().get(line.sku) as string | undefined) ?? line.name ?? line.sku;
    if (quantityFits(name, milli)) return;
    first ??= wholeQuantitiesOnly(name);
    errors.push({ path: `/lines/${index}/qty`, message: 'a whole number: sold by the piece' });
  });
  if (first !== null) throw new TerminalError('whole_quantity_required', first, errors);
}
