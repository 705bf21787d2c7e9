import { tinyQuantityErrors } from '../protocol/quantity';
import { TerminalError } from '../terminal-error';

/**
 * A line whose quantity rounds to 0 thousandths is refused at the counter, before the sale
 * or refund is written: the back office refuses it (`quantity_too_small`), so queued it
 * could never be sent and would wait for a manager forever.
 */
export function refuseTinyQuantities(lines: readonly { qty: number }[], what: 'sold' | 'refunded'): void {
  const errors = tinyQuantityErrors(lines, (line) => line.qty, 'qty');
  const first = errors[0];
  if (first === undefined) return;
  const lineNo = Number(first.path.split('/')[2]) + 1;
  throw new TerminalError('quantity_too_small', `Line ${lineNo}: less than 0.001 cannot be ${what}; quantities are kept in thousandths (a gram).`, errors);
}
