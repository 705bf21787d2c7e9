/**
 * Weighed or counted. The catalog has no unit field: a product sold by weight says so in
 * its name, "(per kg)" (the demo shelf's "Fresh Galunggong (per kg)", scripts/demo-catalog.ts),
 * and its price is per kilogram. Everything else is sold by the piece, in whole quantities:
 * "Dinorado Rice 1 kg" is a bag. The till, its screens and the back office read it here.
 */
const PER_KG = /\bper\s*kg\b/i;

export function soldByWeight(productName: string): boolean {
  return PER_KG.test(productName);
}

/** A quantity a product may be sold or refunded in: any for a weighed product, whole for a counted one. */
export function quantityFits(productName: string, qtyMilli: number): boolean {
  return qtyMilli % 1000 === 0 || soldByWeight(productName);
}

/** What the cashier reads when a counted product is given a fraction. */
export function wholeQuantitiesOnly(productName: string): string {
  return `${productName} is sold by the piece: whole quantities only.`;
}
