import type { FastifyRequest } from 'fastify';
import { tinyQuantityErrors } from '../../protocol/quantity';
import { qtyToMilli } from '../../protocol/sale-total';
import { Problem } from '../problem';

/** 400 `quantity_too_small` when a line's quantity is not 0 but would be stored as 0. */
export function refuseTinyQuantities<T>(lines: readonly T[], qtyOf: (line: T) => number, field: string): void {
  const errors = tinyQuantityErrors(lines, qtyOf, field);
  if (errors.length > 0) {
    throw new Problem(
      400,
      'quantity_too_small',
      'Quantity too small',
      'A quantity below 0.001 would be stored as 0; quantities are kept in thousandths.',
      errors,
    );
  }
}

/**
 * Quantities travel as decimal units and are stored as integer thousandths. Anything finer
 * than a gram is refused before the write starts, so nothing is stored and the key stays free.
 */
export function toMilli<T>(lines: readonly T[], qtyOf: (line: T) => number, field: string): number[] {
  refuseTinyQuantities(lines, qtyOf, field);
  const errors: { path: string; message: string }[] = [];
  const milli = lines.map((line, index) => {
    const value = qtyToMilli(qtyOf(line));
    if (value === undefined) errors.push({ path: `/lines/${index}/${field}`, message: 'must have at most three decimals' });
    return value ?? 0;
  });
  if (errors.length > 0) throw new Problem(400, 'validation_failed', 'Invalid quantity', 'Quantities have at most three decimals.', errors);
  return milli;
}

export function requireValidDate(value: string, path: string): void {
  if (Number.isNaN(Date.parse(value))) {
    throw new Problem(400, 'validation_failed', 'Invalid date', `${path} must be an ISO-8601 date-time.`, [
      { path, message: 'must be an ISO-8601 date-time' },
    ]);
  }
}

/**
 * preValidation: approve, send, receive and a pairing code may come with no body at all (curl -X POST);
 * that is read as `{}`, so the schema still checks every body and a retry with or
 * without `{}` is the same request.
 */
export async function emptyBodyIsEmptyObject(request: FastifyRequest): Promise<void> {
  // Only no body: a JSON `null` is a body, and the schema refuses it (found by a black-box probe).
  if (request.body === undefined) request.body = {};
}
