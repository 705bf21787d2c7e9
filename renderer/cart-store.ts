import { Dexie, type EntityTable } from 'dexie';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { PaymentSchema } from '../protocol/sales';
import { itemsText, type Cart } from './cart';

const Discount = Type.Union([
  Type.Object({ kind: Type.Literal('percent'), basisPoints: Type.Integer({ minimum: 0, maximum: 10_000 }) }),
  Type.Object({ kind: Type.Literal('amount'), minor: Type.Integer({ minimum: 0 }) }),
]);

/** The cart as it is kept in IndexedDB; checked on the way out like any outside input. */
const StoredCartSchema = Type.Object({
  slot: Type.String(),
  cartKey: Type.String({ minLength: 1 }),
  openedAt: Type.String(),
  lines: Type.Array(
    Type.Object({
      sku: Type.String(),
      name: Type.String(),
      unitPriceMinor: Type.Integer({ minimum: 0 }),
      taxCode: Type.Union([Type.String(), Type.Null()]),
      qty: Type.Number({ exclusiveMinimum: 0 }),
      discount: Type.Optional(Type.Union([Discount, Type.Null()])),
    }),
  ),
  discount: Type.Optional(Type.Union([Discount, Type.Null()])),
  approvedDiscountMinor: Type.Optional(Type.Integer({ minimum: 0 })),
  heldAt: Type.Optional(Type.String()),
  heldName: Type.Optional(Type.String({ maxLength: 60 })),
  ringUpBy: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
  tenders: Type.Optional(Type.Array(PaymentSchema)),
});

interface StoredCart extends Cart {
  /** "current": the cart on the counter; "held:<cartKey>" for each held (parked) cart. */
  slot: string;
}

const CURRENT = 'current';
const HELD = 'held:';

/**
 * A stored cart as the screen takes it back, or null if it does not hold up. A tender that
 * does not (none can be taken since the panel refuses them, but a cart saved by an older
 * screen may hold one) is dropped alone: the lines and the cart's key are kept.
 */
function cartOf(stored: unknown): Cart | null {
  const mended =
    typeof stored === 'object' && stored !== null && 'tenders' in stored && Array.isArray(stored.tenders)
      ? { ...stored, tenders: (stored.tenders as unknown[]).filter((t) => Value.Check(PaymentSchema, t)) }
      : stored;
  if (!Value.Check(StoredCartSchema, mended)) return null;
  const { slot: _slot, ...cart } = mended;
  return cart;
}

/**
 * What the screen must not lose on a reload or a renderer crash: the cart being rung up,
 * with the key the core minted for it, so paying after a reload is still the same sale.
 */
export class CartStore {
  private readonly db: Dexie & { carts: EntityTable<StoredCart, 'slot'> };

  constructor(name = 'counter-cashier') {
    this.db = new Dexie(name) as Dexie & { carts: EntityTable<StoredCart, 'slot'> };
    this.db.version(1).stores({ carts: 'slot' });
  }

  async loadCurrent(): Promise<Cart | null> {
    const stored: unknown = await this.db.carts.get(CURRENT);
    return cartOf(stored);
  }

  async saveCurrent(cart: Cart): Promise<void> {
    await this.db.carts.put({ ...cart, slot: CURRENT });
  }

  async clearCurrent(): Promise<void> {
    await this.db.carts.delete(CURRENT);
  }

  /** Parks the cart on the counter, keeping its key: recalled later, it is still the same sale. */
  async hold(cart: Cart, now = new Date()): Promise<void> {
    await this.db.transaction('rw', this.db.carts, async () => {
      await this.db.carts.put({ ...cart, heldAt: now.toISOString(), slot: HELD + cart.cartKey });
      await this.db.carts.delete(CURRENT);
    });
  }

  /** What the counter says once, when it next shows: a cart held because someone else signed in. */
  private handedOver: string | null = null;

  /**
   * Another person signs in while a cart is on the counter: it is held under its cashier's
   * name (the next person never rings up on it), and the counter says so once when it shows
   * again ("Ana Santos's cart (2 items) is held: F7 brings it back."), never silently.
   */
  async holdForNextPerson(cart: Cart, ownerName: string): Promise<void> {
    const heldName = `${ownerName}'s cart`.slice(0, 60);
    await this.hold({ ...cart, heldName });
    this.handedOver = `${heldName} (${itemsText(cart.lines)}) is held: F7 brings it back.`;
  }

  /** The sentence of the last cart held by a sign-in (null when there is none), until it was said. */
  handoverNotice(): string | null {
    return this.handedOver;
  }

  handoverNoticeSaid(): void {
    this.handedOver = null;
  }

  /** Held carts, oldest first. */
  async listHeld(): Promise<Cart[]> {
    const stored = await this.db.carts.where('slot').startsWith(HELD).toArray();
    return stored.flatMap((c) => cartOf(c) ?? []).sort((a, b) => (a.heldAt ?? '').localeCompare(b.heldAt ?? ''));
  }

  /** Brings a held cart back to the counter; null if another screen recalled it first. */
  async recall(cartKey: string): Promise<Cart | null> {
    return this.db.transaction('rw', this.db.carts, async () => {
      const held = cartOf(await this.db.carts.get(HELD + cartKey));
      if (held === null) return null;
      const { heldAt: _heldAt, ...cart } = held;
      await this.db.carts.delete(HELD + cartKey);
      await this.db.carts.put({ ...cart, slot: CURRENT });
      return cart;
    });
  }

  close(): void {
    this.db.close();
  }
}
