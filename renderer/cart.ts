import type { Product } from '../sync/protocol/catalog';
import { QTY_SCALE, saleTotalMinor } from '../sync/protocol/sale-total';
import type { SaleLine } from '../sync/protocol/sales';

/** One line of the cart being rung up: whole units, at the price shown when it was added. */
export interface CartLine {
  sku: string;
  name: string;
  unitPriceMinor: number;
  taxCode: string | null;
  qty: number;
}

/** The cart being rung up; its key is minted by the core when the cart opens (openCart). */
export interface Cart {
  cartKey: string;
  openedAt: string;
  lines: CartLine[];
}

export function addProduct(lines: readonly CartLine[], product: Product): CartLine[] {
  const existing = lines.find((l) => l.sku === product.sku);
  if (existing) return lines.map((l) => (l === existing ? { ...l, qty: l.qty + 1 } : l));
  return [...lines, { sku: product.sku, name: product.name, unitPriceMinor: product.priceMinor, taxCode: product.taxCode, qty: 1 }];
}

/** +1 / -1; a line never goes below one unit (removing it is its own button). */
export function changeQty(lines: readonly CartLine[], sku: string, delta: number): CartLine[] {
  return lines.map((l) => (l.sku === sku ? { ...l, qty: Math.max(1, l.qty + delta) } : l));
}

export function removeLine(lines: readonly CartLine[], sku: string): CartLine[] {
  return lines.filter((l) => l.sku !== sku);
}

export function lineAmountMinor(line: CartLine): number {
  return saleTotalMinor([{ qtyMilli: line.qty * QTY_SCALE, unitPriceMinor: line.unitPriceMinor }]);
}

/** The same rule the back office applies (sync/protocol/sale-total). */
export function cartTotalMinor(lines: readonly CartLine[]): number {
  return saleTotalMinor(lines.map((l) => ({ qtyMilli: l.qty * QTY_SCALE, unitPriceMinor: l.unitPriceMinor })));
}

export function itemCount(lines: readonly CartLine[]): number {
  return lines.reduce((n, l) => n + l.qty, 0);
}

export function toSaleLines(lines: readonly CartLine[]): SaleLine[] {
  return lines.map((l) => ({ sku: l.sku, name: l.name, qty: l.qty, unitPriceMinor: l.unitPriceMinor, ...(l.taxCode ? { taxCode: l.taxCode } : {}) }));
}
