import { QTY_SCALE } from './sale-total';

/** The smallest quantity anything is stored with: a thousandth (a gram of a weighed item). */
export const SMALLEST_QTY = 1 / QTY_SCALE;

export const TOO_SMALL_MESSAGE = `must be 0 or at least ${SMALLEST_QTY}: quantities are kept in thousandths`;

/**
 * A quantity other than 0 that, counted in thousandths, would be stored as 0: a sale line
 * of nothing, a refund of nothing that still takes a return number. Refused on both sides
 * with the code `quantity_too_small`, before anything is written.
 */
export function roundsToZero(qty: number): boolean {
  return qty !== 0 && Math.round(Math.abs(qty) * QTY_SCALE) === 0;
}

/** The field errors for every line whose quantity rounds to zero (empty when none does). */
export function tinyQuantityErrors<T>(lines: readonly T[], qtyOf: (line: T) => number, field: string): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  lines.forEach((line, index) => {
    if (roundsToZero(qtyOf(line))) errors.push({ path: `/lines/${index}/${field}`, message: TOO_SMALL_MESSAGE });
  });
  return errors;
}
