import type { SoldBy } from '../../protocol/sold-by';
import { formatPeso } from '../money';
import type { PromptRequest } from './PromptDialog';

/** From here a line's quantity is asked again before it is rung up: 1,000 pieces, or 100 kg of what is weighed. */
const LARGE_PIECES = 1_000;
const LARGE_KG = 100;

export const isLargeQuantity = (soldBy: SoldBy | null | undefined, qty: number): boolean => qty >= (soldBy === 'weight' ? LARGE_KG : LARGE_PIECES);

/** A quantity as a person reads it: 1,000,000 (and 0.750 as typed). */
export const qtyWords = (qty: number): string => qty.toLocaleString('en-PH', { maximumFractionDigits: 3 });

/**
 * A quantity past what one customer buys ("1000000*" for "1*", a barcode typed into the
 * quantity) is asked again before the line is rung up or raised: the cashier types it once
 * more, so a slip of the finger or a scanner cannot confirm it (an Enter would). Esc leaves
 * the cart as it was. Found by a cashier walk: 1,000,000 bottles went on the cart, ₱85,000,000.00,
 * with no question, and stayed on the Z reading as a line void once taken off.
 */
export async function confirmLargeQuantity(
  ask: (request: PromptRequest) => Promise<boolean>,
  line: { name: string; qty: number; unitPriceMinor: number },
): Promise<boolean> {
  const amount = formatPeso(Math.round(line.qty * line.unitPriceMinor));
  return ask({
    title: `${qtyWords(line.qty)} × ${line.name}?`,
    label: `That is ${amount} on one line. Type ${qtyWords(line.qty)} again to ring it up, or Esc`,
    testId: 'large-quantity',
    submit: async (text) => {
      const typed = Number(text.trim().replace(/,/g, ''));
      return typed === line.qty ? null : `Not the same: type ${qtyWords(line.qty)} to ring it up, or Esc to leave the cart as it was.`;
    },
  });
}
