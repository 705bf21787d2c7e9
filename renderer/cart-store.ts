import { Dexie, type EntityTable } from 'dexie';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Cart } from './cart';

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
      qty: Type.Integer({ minimum: 1 }),
    }),
  ),
});

interface StoredCart extends Cart {
  /** "current": the cart on the counter. Held (parked) carts will take other slots. */
  slot: string;
}

const CURRENT = 'current';

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
    if (!Value.Check(StoredCartSchema, stored)) return null;
    return { cartKey: stored.cartKey, openedAt: stored.openedAt, lines: stored.lines };
  }

  async saveCurrent(cart: Cart): Promise<void> {
    await this.db.carts.put({ ...cart, slot: CURRENT });
  }

  async clearCurrent(): Promise<void> {
    await this.db.carts.delete(CURRENT);
  }

  close(): void {
    this.db.close();
  }
}
