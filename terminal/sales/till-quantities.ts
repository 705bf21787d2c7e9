import { unstorableTextAt } from '../../protocol/json-limits';
import { tinyQuantityErrors } from '../../protocol/quantity';
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
