import { discountOf, type DiscountRule } from '../terminal/money/discounts';
import { priceCart, type PricedCart } from '../terminal/money/cart-pricing';
import type { Tender } from '../terminal/money/tender';
import type { TaxRate } from '../terminal/money/vat-split';
import type { Product } from '../protocol/catalog';
import { milliToQty, qtyToMilli, saleTotalMinor } from '../protocol/sale-total';
import { MAX_LINE_QTY, type Beneficiary, type Buyer, type SaleLine } from '../protocol/sales';
import { quantityText, readsAsWeight, soldByWeight, type SoldBy } from '../protocol/sold-by';
import { benefitsOf, type BnpcCaps, type BnpcWeek } from '../protocol/senior-discount';

/** One line of the cart being rung up, at the price shown when it was added. Weighed items (protocol/sold-by.ts) have up to 3 decimals. */
export interface CartLine {
  sku: string;
  name: string;
  unitPriceMinor: number;
  taxCode: string | null;
  qty: number;
  /** This line's own discount ("10%" or "₱5.00"). */
  discount?: DiscountRule | null;
  /** From the catalog: the senior citizen / PWD 20% applies; a basic necessity (the 5%). */
  scPwdEligible?: boolean;
  bnpcEligible?: boolean;
  /** From the catalog: sold by the piece or by weight (protocol/sold-by.ts); absent where it does not say. */
  soldBy?: SoldBy;
}

/** The cart being rung up; its key is minted by the core when the cart opens (openCart). */
export interface Cart {
  cartKey: string;
  openedAt: string;
  lines: CartLine[];
  /** A discount on the whole cart, spread over the lines when paid. */
  discount?: DiscountRule | null;
  /** The largest discount (centavos) a manager approved for this cart. */
  approvedDiscountMinor?: number;
  /** Set while the cart is held (parked). */
  heldAt?: string;
  /** The senior citizen or PWD this cart is for (their ID captured), and what they had of the 5% this week. */
  beneficiary?: Beneficiary | null;
  bnpcWeek?: (BnpcWeek & BnpcCaps & { counted?: 'this_till' | 'every_till' }) | null;
  /** The buyer's lines of the sales invoice (Shift+F1), for a buyer who asks for them. */
  buyer?: Buyer | null;
  /** What the cashier called it when holding it (Shift+F6): "lady in red", "table 3". */
  heldName?: string;
  /** Who opened it: after a restart, another person signing in finds it held under this name, not on their counter. */
  ringUpBy?: { code: string; name: string };
  /**
   * The tenders already taken (a card slip, cash handed over), kept with the cart: after a
   * reload the card charge is still counted and only the rest is due.
   */
  tenders?: Tender[];
}

/** A payment has been taken on the cart: it cannot be held or voided until it is given back. */
export function tendersTaken(cart: Pick<Cart, 'tenders'> | null): boolean {
  return (cart?.tenders?.length ?? 0) > 0;
}

const milli = (qty: number) => qtyToMilli(qty) ?? Math.round(qty * 1000);

/** Whether a line of this many thousandths is more than one line of a sale may hold (MAX_LINE_QTY). */
export const pastOneLine = (qtyMilli: number) => qtyMilli > MAX_LINE_QTY * 1000;

export function addProduct(lines: readonly CartLine[], product: Product, qty = 1): CartLine[] {
  const existing = lines.find((l) => l.sku === product.sku);
  // Past what a line may hold (the screen says so before it adds; two scans in one instant could pass it): not added.
  if (pastOneLine(milli(existing?.qty ?? 0) + milli(qty))) return [...lines];
  if (existing) return lines.map((l) => (l === existing ? { ...l, qty: milliToQty(milli(l.qty) + milli(qty)) } : l));
  return [
    ...lines,
    {
      sku: product.sku,
      name: product.name,
      unitPriceMinor: product.priceMinor,
      taxCode: product.taxCode,
      qty,
      ...(product.scPwdEligible === true ? { scPwdEligible: true } : {}),
      ...(product.bnpcEligible === true ? { bnpcEligible: true } : {}),
      ...(product.soldBy ? { soldBy: product.soldBy } : {}),
    },
  ];
}

export function setQty(lines: readonly CartLine[], sku: string, qty: number): CartLine[] {
  return lines.map((l) => (l.sku === sku ? { ...l, qty } : l));
}

export function setLineDiscount(lines: readonly CartLine[], sku: string, discount: DiscountRule | null): CartLine[] {
  return lines.map((l) => (l.sku === sku ? { ...l, discount } : l));
}

export function removeLine(lines: readonly CartLine[], sku: string): CartLine[] {
  return lines.filter((l) => l.sku !== sku);
}

export function lineAmountMinor(line: CartLine): number {
  return saleTotalMinor([{ qtyMilli: milli(line.qty), unitPriceMinor: line.unitPriceMinor }]);
}

/** The same rule the back office applies (sync/protocol/sale-total), before discounts. */
export function cartTotalMinor(lines: readonly CartLine[]): number {
  return saleTotalMinor(lines.map((l) => ({ qtyMilli: milli(l.qty), unitPriceMinor: l.unitPriceMinor })));
}

/** Pieces in the cart: a counted line is its quantity, a weighed line (0.75 kg of fish) is one item. */
export function itemCount(lines: readonly CartLine[]): number {
  return lines.reduce((n, l) => n + (soldByWeight(l.soldBy) || !Number.isInteger(l.qty) ? 1 : l.qty), 0);
}

/** A line's unit price reads per kg for a product sold by weight, each for one sold by the piece; where the catalog does not say, by the quantity. */
export function unitOf(line: Pick<CartLine, 'soldBy' | 'qty'>): 'per kg' | 'each' {
  return readsAsWeight(line.soldBy, line.qty) ? 'per kg' : 'each';
}

/**
 * A weighed line (read per kg): it has no + or −, its weight changes by weighing it again
 * ("0.500*" on the selected line). The core holds the same rule (stepQuantity).
 */
export function weighedLine(line: Pick<CartLine, 'soldBy' | 'qty'>): boolean {
  return unitOf(line) === 'per kg';
}

/** A line's quantity as the receipt reads it: a weighed one in thousandths of its kg ("0.750 kg"), a counted one as a count ("1,000"). */
export function qtyText(line: Pick<CartLine, 'soldBy' | 'qty'>): string {
  return quantityText(line.soldBy, line.qty);
}

/** "1 item", "3 items". */
export function itemsText(lines: readonly CartLine[]): string {
  const n = itemCount(lines);
  return `${n} item${n === 1 ? '' : 's'}`;
}

const NO_WEEK = { purchasesMinor: 0, discountMinor: 0, weeklyPurchaseCapMinor: 0, weeklyDiscountCapMinor: 0 };

export function pricedCart(cart: Pick<Cart, 'lines' | 'discount' | 'beneficiary' | 'bnpcWeek'>, taxes: ReadonlyMap<string, TaxRate>): PricedCart {
  const taxOf = (l: CartLine) => (l.taxCode === null ? null : (taxes.get(l.taxCode) ?? null));
  const lines = cart.lines.map((l) => ({
    qtyMilli: milli(l.qty),
    unitPriceMinor: l.unitPriceMinor,
    discount: l.discount ?? null,
    tax: taxOf(l),
  }));
  if (!cart.beneficiary) return priceCart(lines, cart.discount ?? null);
  // For a senior citizen or PWD: the law's discount on each eligible line, as the core checks
  // it (protocol/senior-discount.ts), unless the line's own discounts take off more
  // ("whichever is higher"): those are weighed as the cart prices them with no benefit.
  const promotions = priceCart(lines, cart.discount ?? null).lines;
  const benefits = benefitsOf(
    cart.lines.map((l, i) => ({
      qtyMilli: milli(l.qty),
      unitPriceMinor: l.unitPriceMinor,
      tax: taxOf(l),
      scPwdEligible: l.scPwdEligible === true,
      bnpcEligible: l.bnpcEligible === true,
      otherDiscountMinor: promotions[i]?.discountMinor ?? 0,
    })),
    cart.bnpcWeek ?? NO_WEEK,
    cart.bnpcWeek ?? NO_WEEK,
  );
  return priceCart(
    lines.map((l, i) => ({ ...l, benefit: benefits[i] ?? null })),
    cart.discount ?? null,
  );
}

/**
 * What the sale's discounts were given as, for the till's readings: each line's own
 * discount is a line discount, the rest (the cart discount spread over the lines) a cart
 * discount. They add up to the lines' discountMinor exactly.
 */
export function discountsByKind(lines: readonly CartLine[], priced: PricedCart): { kind: string; amountMinor: number }[] {
  // A senior citizen's or PWD's line takes no other discount: the core reads its kind from the line's benefit.
  const own = lines.reduce(
    (sum, l, i) => sum + (l.discount && !priced.lines[i]?.benefit ? discountOf(l.discount, priced.lines[i]?.grossMinor ?? 0) : 0),
    0,
  );
  return [
    { kind: 'line', amountMinor: own },
    { kind: 'cart', amountMinor: priced.discountMinor - priced.benefitMinor - own },
  ].filter((d) => d.amountMinor > 0);
}

/** Sale lines for pay(): every discount, the cart's spread in, as one whole-centavo discountMinor per line. */
export function toSaleLines(lines: readonly CartLine[], priced?: PricedCart): SaleLine[] {
  return lines.map((l, i) => {
    const discountMinor = priced?.lines[i]?.discountMinor ?? 0;
    const benefit = priced?.lines[i]?.benefit ?? null;
    return {
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      ...(discountMinor > 0 ? { discountMinor } : {}),
      ...(l.taxCode ? { taxCode: l.taxCode } : {}),
      ...(benefit ? { benefit } : {}),
    };
  });
}
