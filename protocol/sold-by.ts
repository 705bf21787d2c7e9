import { Type, type Static } from 'typebox';

/**
 * How a product is sold, as its catalog entry says: 'piece', in whole quantities (a bottle,
 * a bag of rice); 'weight', by the kilogram, in decimals (fresh fish at 0.750). A product
 * whose entry does not say (an older back office, a product entered before it could be
 * said) takes any quantity, as every product did before. The till, its screens and the back
 * office read it here.
 */
export const SoldBySchema = Type.Union([Type.Literal('piece'), Type.Literal('weight')]);
export type SoldBy = Static<typeof SoldBySchema>;

/** A stored value read as a SoldBy: 'piece' or 'weight', anything else (NULL) not said. */
export function soldByOf(stored: string | null | undefined): SoldBy | null {
  return stored === 'piece' || stored === 'weight' ? stored : null;
}

export function soldByWeight(soldBy: SoldBy | null | undefined): boolean {
  return soldBy === 'weight';
}

/** A quantity a product may be sold or refunded in: whole for a product sold by the piece, any otherwise. */
export function quantityFits(soldBy: SoldBy | null | undefined, qtyMilli: number): boolean {
  return soldBy !== 'piece' || qtyMilli % 1000 === 0;
}

/**
 * A quantity as a person reads it on a receipt, a refund or the stock desk: a product sold by
 * weight in thousandths of its kilogram ("0.750 kg", "5.500 kg", not "5.5"), one sold by the
 * piece as a count ("1,000"); where the catalog does not say, a fraction reads as a weight.
 */
export function quantityText(soldBy: SoldBy | null | undefined, qty: number): string {
  return readsAsWeight(soldBy, qty) ? `${qty.toFixed(3)} kg` : qty.toLocaleString('en-PH');
}

/** Whether a quantity reads per kg: a product sold by weight; where the catalog does not say, a fraction. */
export function readsAsWeight(soldBy: SoldBy | null | undefined, qty: number): boolean {
  return soldBy ? soldByWeight(soldBy) : !Number.isInteger(qty);
}

/** What the cashier reads when a product sold by the piece is given a fraction. */
export function wholeQuantitiesOnly(productName: string): string {
  return `${productName} is sold by the piece: whole quantities only.`;
}

/** What the cashier reads when + or − is asked of a line sold by weight: a step would be a whole kilo. */
export function weighAgain(productName: string): string {
  return `${productName} is sold by weight: + and − do not change a weight. Weigh it again and type the new weight (0.500*) on its line.`;
}
