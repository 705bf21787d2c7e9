import { roundsToZero } from '../../protocol/quantity';
import { qtyToMilli } from '../../protocol/sale-total';

/**
 * What the cashier typed (or the scanner sent) in the product field. A quantity may come
 * first with a star: "3*4800007001224" adds three, "0.750*RICE" adds 0.750 kg of a
 * weighed item, and "2*" alone sets the quantity of the selected line.
 */
export type ScanEntry = { kind: 'product'; qty: number; code: string } | { kind: 'quantity'; qty: number } | { kind: 'invalid'; reason: string };

const WITH_QTY = /^\s*(\d{1,6}(?:\.\d+)?)\s*\*\s*(.*)$/;

export function readScanEntry(text: string): ScanEntry | null {
  const typed = text.trim();
  if (typed === '') return null;
  const match = WITH_QTY.exec(typed);
  if (!match) return { kind: 'product', qty: 1, code: typed };
  const qty = Number(match[1]);
  if (qty > 0 && roundsToZero(qty)) return { kind: 'invalid', reason: 'The smallest quantity is 0.001 (a gram).' };
  if (!(qty > 0) || qtyToMilli(qty) === undefined) return { kind: 'invalid', reason: 'A quantity has at most three decimals (e.g. 0.750).' };
  const code = (match[2] ?? '').trim();
  return code === '' ? { kind: 'quantity', qty } : { kind: 'product', qty, code };
}
