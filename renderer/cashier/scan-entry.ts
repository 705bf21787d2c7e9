import type { Product } from '../../protocol/catalog';
import { roundsToZero } from '../../protocol/quantity';
import { qtyToMilli } from '../../protocol/sale-total';
import { MAX_LINE_QTY } from '../../protocol/sales';
import { commaAdvice } from '../quantity-commas';

/**
 * What the cashier typed (or the scanner sent) in the product field. A quantity may come
 * first with a star: "3*4800007001224" adds three, "0.750*RICE" adds 0.750 kg of a
 * weighed item, and "2*" alone sets the quantity of the selected line. Whatever stands
 * before a star is a quantity or a mistake, never part of a product's name: "-1*" is
 * refused, not searched for ("1" would find "Rice 1 kg").
 */
export type ScanEntry =
  | { kind: 'product'; qty: number; code: string; /** No quantity typed before a star: 1, or the weight asked for a weighed product. */ bare?: true }
  | { kind: 'quantity'; qty: number }
  | { kind: 'invalid'; reason: string };

const STAR = /^\s*([^*]*?)\s*\*\s*(.*)$/;
// Up to 1,000,000 (MAX_LINE_QTY, seven digits): more is refused by the line's own limit, with the same number.
const QUANTITY = /^\d{1,7}(?:\.\d+)?$/;

export function readScanEntry(text: string): ScanEntry | null {
  const typed = text.trim();
  if (typed === '') return null;
  const match = STAR.exec(typed);
  if (!match) return { kind: 'product', qty: 1, code: typed, bare: true };
  const written = match[1] ?? '';
  if (!QUANTITY.test(written)) return { kind: 'invalid', reason: quantityProblem(written) };
  const qty = Number(written);
  if (qty === 0) return { kind: 'invalid', reason: 'A quantity must be above zero.' };
  if (roundsToZero(qty)) return { kind: 'invalid', reason: 'The smallest quantity is 0.001 (a gram).' };
  if (qtyToMilli(qty) === undefined) return { kind: 'invalid', reason: 'A quantity has at most three decimals (e.g. 0.750).' };
  const code = (match[2] ?? '').trim();
  return code === '' ? { kind: 'quantity', qty } : { kind: 'product', qty, code };
}

/** Why what stands before the star is not a quantity, in the cashier's words. */
function quantityProblem(written: string): string {
  if (written === '') return 'Type the quantity before the star: 3* or 0.750*.';
  if (written.startsWith('-')) return 'A quantity must be above zero: to take some off, select the line and type the new quantity (2*).';
  const comma = commaAdvice(written);
  if (comma) return `Type the quantity ${comma}*.`;
  if (written.includes(',')) return 'A quantity is a number before the star: 3* or 0.750*.';
  if (/^\d{8,}(\.\d*)?$/.test(written))
    return `A quantity is at most ${MAX_LINE_QTY.toLocaleString('en-PH')}: check what was typed (a barcode before the star?).`;
  return 'A quantity is a number before the star: 3* or 0.750*.';
}

/**
 * Digits alone are a barcode or a product code: Enter adds a product only if its barcode or
 * SKU is exactly those digits ("20" is not Zesto 200 ml, "500" not Wilkins 500 ml: cash
 * typed into the wrong field adds nothing). So is an amount or a percentage ("10%", "25.00",
 * "₱1,000": a discount or cash typed where the search has the keys, found by a black-box
 * probe to add "Pandesal (10 pcs)"). Words still add the best match by name.
 */
export function onlyExactMatch(code: string): boolean {
  return /^[₱P]?\s*[\d.,]+\s*%?$/i.test(code.trim()) && /\d/.test(code);
}

/** Why a line's quantity was not raised: past what one line of a sale may hold (MAX_LINE_QTY). */
export function tooMuchOnOneLine(name: string, has: number): string {
  const most = `One line holds at most ${MAX_LINE_QTY.toLocaleString('en-PH')} of a product`;
  // Not on the cart yet, it "stays" at nothing: said so (found by a cashier walk: "stays at 0").
  return has === 0 ? `${most}: ${name} was not added.` : `${most}: ${name} stays at ${has.toLocaleString('en-PH')}.`;
}

/** Whether the code is exactly the product's barcode or SKU (a SKU in any case), as a scan names it. */
export function isCodeOf(product: Product, code: string): boolean {
  return product.barcode === code || product.sku.toLowerCase() === code.toLowerCase();
}

/**
 * A weight typed in the dialog a weighed product scanned without one opens ("0.750", "1.2",
 * "2"): kilograms, above zero, at most three decimals. The weight, or why it is none.
 */
export function readWeight(text: string): number | string {
  const typed = text.trim();
  if (!QUANTITY.test(typed)) return 'Type the weight in kg, e.g. 0.750.';
  const kg = Number(typed);
  if (kg === 0) return 'A weight must be above zero.';
  if (roundsToZero(kg)) return 'The smallest weight is 0.001 kg (a gram).';
  if (qtyToMilli(kg) === undefined) return 'A weight has at most three decimals (e.g. 0.750).';
  return kg;
}
