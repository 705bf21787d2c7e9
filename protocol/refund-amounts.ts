import { milliToQty } from './sale-total';

/**
 * How much a refund gives back, in integer minor units. The rule:
 *
 *   A SKU's refundable value is what the sale charged for it: the sum of its lines'
 *   totals (qty * unit price, rounded half-up, less the line discount), never below 0.
 *   A SKU whose discount took it below 0 takes that much off the others
 *   (`refundableValues`), so that the values add up to the sale's total.
 *   Refunding brings the SKU's cumulative refunded quantity from `before` to `after`;
 *   the refund is worth  share(after) - share(before), where
 *   share(q) = value * q / soldQty, rounded half-up.
 *
 * Working on the cumulative share means partial refunds never drift: refunding everything,
 * in any number of steps, returns exactly what was charged, discounts included.
 */
export interface SoldSku {
  qtyMilli: number;
  valueMinor: number;
}

function share(sold: SoldSku, qtyMilli: number): bigint {
  if (sold.qtyMilli <= 0) return 0n;
  const numerator = BigInt(Math.max(0, sold.valueMinor)) * BigInt(qtyMilli);
  const denominator = BigInt(sold.qtyMilli);
  const whole = numerator / denominator;
  return (numerator % denominator) * 2n >= denominator ? whole + 1n : whole;
}

export function refundAmountMinor(sold: SoldSku, refundedBeforeMilli: number, qtyMilli: number): number {
  return Number(share(sold, refundedBeforeMilli + qtyMilli) - share(sold, refundedBeforeMilli));
}

/**
 * The refundable value of each SKU of a sale, from what its lines charged (`valueMinor` may
 * be below 0 there: a discount larger than its line, recorded and flagged
 * `discount_exceeds_line`). Such a SKU is worth 0, and what it is below 0 is taken off the
 * others in proportion to their values (the cents left over go to the largest remainders,
 * ties in the map's order): the values add up to the sale's lines' total, never more, so
 * refunding everything gives back what was charged. Without such a SKU, the values as they are.
 */
export function refundableValues<K>(charged: ReadonlyMap<K, SoldSku>): Map<K, SoldSku> {
  let total = 0n;
  let positive = 0n;
  for (const { valueMinor } of charged.values()) {
    total += BigInt(valueMinor);
    if (valueMinor > 0) positive += BigInt(valueMinor);
  }
  const values = new Map([...charged].map(([sku, sold]) => [sku, { ...sold, valueMinor: Math.max(0, sold.valueMinor) }]));
  if (total >= positive) return values;
  const target = total > 0n ? total : 0n;
  const shares = [...values]
    .filter(([, sold]) => sold.valueMinor > 0)
    .map(([sku, sold]) => {
      const exact = BigInt(sold.valueMinor) * target;
      return { sku, whole: exact / positive, remainder: exact % positive };
    });
  let left = target - shares.reduce((sum, s) => sum + s.whole, 0n);
  for (const s of [...shares].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : 0))) {
    if (left === 0n) break;
    s.whole += 1n;
    left -= 1n;
  }
  for (const s of shares) values.set(s.sku, { ...values.get(s.sku)!, valueMinor: Number(s.whole) });
  return values;
}

/**
 * What a refund line that goes past the sale is told, by the back office and the till
 * alike: everything this refund asks of the SKU (its lines added up) and what was left of
 * it before this refund. "only -1 of SODA is left" told a SKU on two lines nothing useful.
 */
export function refundExceedsMessage(sku: string, askedMilli: number, lineCount: number, leftMilli: number): string {
  const asked = milliToQty(askedMilli);
  const left = milliToQty(Math.max(0, leftMilli));
  const where = lineCount > 1 ? ` (on ${lineCount} lines)` : '';
  return `${asked} of ${sku} asked in this refund${where}, but only ${left} is left to refund`;
}

/** Each SKU's quantity over all lines of one refund, and on how many lines it is. */
export function refundAskedBySku(lines: readonly { sku: string }[], qtyMilli: readonly number[]): Map<string, { milli: number; lines: number }> {
  const asked = new Map<string, { milli: number; lines: number }>();
  lines.forEach((line, index) => {
    const sum = asked.get(line.sku) ?? { milli: 0, lines: 0 };
    asked.set(line.sku, { milli: sum.milli + (qtyMilli[index] ?? 0), lines: sum.lines + 1 });
  });
  return asked;
}
