import { qtyToMilli } from '../../protocol/sale-total';
import type { LocalSale, PayArgs } from '../terminal-api';
import { TerminalError } from '../terminal-error';

/**
 * Paying a cart that was already paid answers the sale it was paid as: a retry (a double
 * click, a reload while the payment was on its way) is the same sale, never a second one.
 * But only the same payment of the same cart: lines or tenders that differ from what was
 * recorded (items scanned into a paid cart brought back by a reload) would be answered
 * with a receipt that leaves them out, and nothing would charge for them. Such a payment
 * is refused (`cart_already_paid`); the screen starts a new cart for them.
 */
export function samePaymentOrRefuse(paid: LocalSale, args: PayArgs): LocalSale {
  const lineOf = (l: { sku: string; qty: number; unitPriceMinor: number; discountMinor?: number }) =>
    `${l.sku}\u0000${qtyToMilli(l.qty)}\u0000${l.unitPriceMinor}\u0000${l.discountMinor ?? 0}`;
  const paymentOf = (p: { method: string; amountMinor: number; reference?: string }) => `${p.method}\u0000${p.amountMinor}\u0000${p.reference ?? ''}`;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(paid.lines.map(lineOf), args.lines.map(lineOf)) && same(paid.payments.map(paymentOf), args.payments.map(paymentOf))) return paid;
  throw new TerminalError(
    'cart_already_paid',
    `This cart was already paid as receipt ${paid.localNumber}, with other items or tenders than these: ring the rest up as a new sale.`,
  );
}
