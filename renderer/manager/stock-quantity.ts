import { commaAdvice } from '../quantity-commas';

/** The most of one product a stock document moves (the back office's limit, protocol/stock-documents.ts). */
const MOST = 1_000_000;

/**
 * A quantity typed on the stock desk (how many were counted, or arrived): 0 or more, at most
 * three decimals (a gram), at most 1,000,000. Anything else is said in the manager's words
 * before anything is queued: the back office would refuse it later, where nobody is looking.
 */
export function readStockQuantity(text: string): { qty: number } | { problem: string } {
  const written = text.trim();
  if (written === '') return { problem: 'Type the quantity (0 if there are none).' };
  if (written.startsWith('-')) return { problem: 'A quantity cannot be below zero.' };
  const comma = commaAdvice(written);
  if (comma) return { problem: `Type it ${comma}.` };
  if (!/^\d+(\.\d+)?$/.test(written)) return { problem: `“${written}” is not a quantity: type digits, e.g. 12 or 0.750.` };
  if (!/^\d+(\.\d{1,3})?$/.test(written)) return { problem: 'A quantity has at most three decimals (0.750 is 750 grams).' };
  const qty = Number(written);
  if (qty > MOST) return { problem: 'A quantity is at most 1,000,000.' };
  return { qty };
}
