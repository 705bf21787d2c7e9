/**
 * The money rule both sides must agree on: a line is worth `qty * unitPriceMinor`,
 * rounded half-up to a whole minor unit, less its discount; a sale is the sum of its lines.
 * Quantities carry at most three decimals (grams of a weighed item), so the product is
 * computed on thousandths in integers: no floating point touches money.
 */
export const QTY_SCALE = 1000;

/** Thousandths of a unit, or undefined when the quantity has more than three decimals. */
export function qtyToMilli(qty: number): number | undefined {
  const milli = Math.round(qty * QTY_SCALE);
  return Math.abs(milli - qty * QTY_SCALE) < 1e-6 * Math.max(1, Math.abs(qty)) ? milli : undefined;
}

/** Money we can add and store exactly: a whole number within JavaScript's safe integers. */
export function isSafeMinor(minor: number): boolean {
  return Number.isSafeInteger(minor);
}

export function milliToQty(milli: number): number {
  return milli / QTY_SCALE;
}

/** qtyMilli * unitPriceMinor / 1000, rounded half-up, in exact integer arithmetic. */
export function extendedPriceMinor(qtyMilli: number, unitPriceMinor: number): number {
  const product = BigInt(qtyMilli) * BigInt(unitPriceMinor);
  const scale = BigInt(QTY_SCALE);
  const whole = product / scale;
  const remainder = product % scale;
  return Number(remainder * 2n >= scale ? whole + 1n : whole);
}

export interface PricedLine {
  qtyMilli: number;
  unitPriceMinor: number;
  discountMinor?: number | undefined;
}

export function lineTotalMinor(line: PricedLine): number {
  return extendedPriceMinor(line.qtyMilli, line.unitPriceMinor) - (line.discountMinor ?? 0);
}

export function saleTotalMinor(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + lineTotalMinor(line), 0);
}
