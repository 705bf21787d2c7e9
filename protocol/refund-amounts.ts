/**
 * How much a refund gives back, in integer minor units. The rule:
 *
 *   A SKU's refundable value is what the sale charged for it: the sum of its lines'
 *   totals (qty * unit price, rounded half-up, less the line discount), never below 0.
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
