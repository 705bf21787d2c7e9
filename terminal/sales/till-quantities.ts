import { pathOfNulText } from '../../protocol/json-limits';
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

/** Text with U+0000 (a scanner glitch, a pasted note) cannot be stored by the back office on PostgreSQL. */
export function refuseNulText(args: unknown): void {
  const path = pathOfNulText(args);
  if (path !== null)
    throw new TerminalError('invalid_argument', 'A text field holds an invisible NUL character; type it again.', [
      { path, message: 'must not contain U+0000' },
    ]);
}
