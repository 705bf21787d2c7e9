import { divideHalfUp } from './vat-split';

/**
 * Discounts as a cashier gives them ("10%" or "₱25.00"), turned into whole centavos.
 * A cart discount is spread over the lines, because the wire contract only knows a
 * per-line `discountMinor`: the shares always add up to exactly the cart discount.
 */

export type DiscountRule = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; minor: number };

/** What a discount takes off an amount: never more than the amount itself. */
export function discountOf(rule: DiscountRule, amountMinor: number): number {
  const wanted = rule.kind === 'percent' ? divideHalfUp(amountMinor * rule.basisPoints, 10_000) : rule.minor;
  return Math.max(0, Math.min(amountMinor, wanted));
}

/**
 * Spreads `discountMinor` over lines in proportion to their amounts (largest remainder
 * method): each share is a whole centavo, no share exceeds its line, the sum is exact
 * (capped at the sum of the lines).
 */
export function spreadDiscount(lineAmountsMinor: readonly number[], discountMinor: number): number[] {
  const total = lineAmountsMinor.reduce((a, b) => a + b, 0);
  const spread = Math.max(0, Math.min(discountMinor, total));
  if (total === 0 || spread === 0) return lineAmountsMinor.map(() => 0);
  const shares = lineAmountsMinor.map((amount, index) => {
    const exact = BigInt(amount) * BigInt(spread);
    return { index, share: Number(exact / BigInt(total)), remainder: exact % BigInt(total) };
  });
  let left = spread - shares.reduce((sum, s) => sum + s.share, 0);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const entry of byRemainder) {
    if (left === 0) break;
    if (entry.share < (lineAmountsMinor[entry.index] ?? 0)) {
      entry.share += 1;
      left -= 1;
    }
  }
  return shares.map((s) => s.share);
}

const PERCENT = /^\s*(\d{1,3}(?:\.\d{1,2})?)\s*%\s*$/;
const AMOUNT = /^\s*₱?\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/;

/** "10%", "12.5%", "25", "25.50": null when it is neither a percentage nor an amount. */
export function parseDiscount(text: string): DiscountRule | null {
  const percent = PERCENT.exec(text);
  if (percent) {
    const [whole = '0', fraction = ''] = (percent[1] ?? '0').split('.');
    const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    return basisPoints <= 10_000 ? { kind: 'percent', basisPoints } : null;
  }
  const amount = AMOUNT.exec(text);
  if (!amount) return null;
  return { kind: 'amount', minor: Number(amount[1]) * 100 + Number((amount[2] ?? '').padEnd(2, '0')) };
}
