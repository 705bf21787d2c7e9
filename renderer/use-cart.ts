import { useCallback, useEffect, useRef, useState } from 'react';
import type { Product } from '../protocol/catalog';
import type { TerminalApi } from '../terminal/terminal-api';
import type { DiscountRule } from '../terminal/money/discounts';
import type { Tender } from '../terminal/money/tender';
import { addProduct, removeLine, setLineDiscount, setQty, type Cart, type CartLine } from './cart';
import type { CartStore } from './cart-store';

export interface CartControls {
  cart: Cart | null;
  /** The cart as it is now, with every change made so far (`cart` is as last rendered). */
  latest(): Cart | null;
  /** False until the stored cart (if any) has been read back after a reload. */
  loaded: boolean;
  add(product: Product, qty?: number): Promise<void>;
  setQty(sku: string, qty: number): void;
  setLineDiscount(sku: string, discount: DiscountRule | null): void;
  setCartDiscount(discount: DiscountRule | null): void;
  /** The senior citizen or PWD the cart is for (null: nobody), with their week of the 5%. */
  setBeneficiary(beneficiary: Cart['beneficiary'], week: Cart['bnpcWeek']): void;
  setBuyer(buyer: Cart['buyer']): void;
  /** A manager approved this much discount on this cart (the core checks it again at pay). */
  discountApproved(minor: number): void;
  remove(sku: string): void;
  /** The tenders taken so far (a card slip, cash), kept with the cart until it is paid. */
  setTenders(tenders: Tender[]): void;
  /** Parks the cart (with its key, and a name if given) and leaves the counter empty. */
  hold(name?: string): Promise<void>;
  /** Brings a held cart back; the cart on the counter, if any, is held first. */
  recall(cartKey: string): Promise<void>;
  /** After a sale is paid: the next product opens a new cart with a new key. */
  clear(): Promise<void>;
}

/**
 * The cart on the counter, kept in IndexedDB on every change. It opens (the core mints
 * its key) when the first product goes in, so every retry of its payment is one sale.
 */
export function useCart(api: TerminalApi, store: CartStore, by?: { code: string; name: string }): CartControls {
  const [cart, setCart] = useState<Cart | null>(null);
  const [loaded, setLoaded] = useState(false);
  const current = useRef<Cart | null>(null);
  const opening = useRef<Promise<Cart> | null>(null);
  const writes = useRef<Promise<void>>(Promise.resolve());

  const commit = useCallback(
    (next: Cart | null) => {
      current.current = next;
      setCart(next);
      writes.current = writes.current.then(() => (next ? store.saveCurrent(next) : store.clearCurrent())).catch(() => undefined);
      return writes.current;
    },
    [store],
  );

  useEffect(() => {
    let live = true;
    store.loadCurrent().then(
      (stored) => {
        if (!live) return;
        if (stored && current.current === null) {
          current.current = stored;
          setCart(stored);
        }
        setLoaded(true);
      },
      () => live && setLoaded(true),
    );
    return () => {
      live = false;
    };
  }, [store]);

  /** Resolves once there is a current cart; scans made while it opens share one openCart call. */
  const openCart = useCallback(async (): Promise<Cart> => {
    if (current.current) return current.current;
    opening.current ??= api.openCart().then(
      (opened) => {
        opening.current = null;
        current.current ??= { cartKey: opened.cartKey, openedAt: opened.openedAt, lines: [], ...(by ? { ringUpBy: by } : {}) };
        return current.current;
      },
      (error: unknown) => {
        opening.current = null;
        throw error;
      },
    );
    return opening.current;
  }, [api, by]);

  const update = useCallback(
    (change: (lines: CartLine[]) => CartLine[]) => {
      const base = current.current;
      if (base) void commit({ ...base, lines: change(base.lines) });
    },
    [commit],
  );

  const patch = useCallback(
    (change: Partial<Cart>) => {
      const base = current.current;
      if (base) void commit({ ...base, ...change });
    },
    [commit],
  );

  return {
    cart,
    latest: () => current.current,
    loaded,
    add: async (product, qty = 1) => {
      await openCart();
      // update() reads the cart as it is now: two quick scans both land.
      update((lines) => addProduct(lines, product, qty));
    },
    setQty: (sku, qty) => update((lines) => setQty(lines, sku, qty)),
    setLineDiscount: (sku, discount) => update((lines) => setLineDiscount(lines, sku, discount)),
    setCartDiscount: (discount) => patch({ discount }),
    setBeneficiary: (beneficiary, bnpcWeek) => patch({ beneficiary, bnpcWeek }),
    setBuyer: (buyer) => patch({ buyer }),
    discountApproved: (minor) => patch({ approvedDiscountMinor: Math.max(minor, current.current?.approvedDiscountMinor ?? 0) }),
    remove: (sku) => update((lines) => removeLine(lines, sku)),
    setTenders: (tenders) => patch({ tenders }),
    hold: async (name) => {
      const held = current.current;
      if (!held || held.lines.length === 0) return;
      const base = name === undefined || name.trim() === '' ? held : { ...held, heldName: name.trim().slice(0, 60) };
      current.current = null;
      setCart(null);
      writes.current = writes.current.then(() => store.hold(base)).catch(() => undefined);
      await writes.current;
    },
    recall: async (cartKey) => {
      const base = current.current;
      await writes.current;
      if (base && base.lines.length > 0) await store.hold(base);
      const recalled = await store.recall(cartKey);
      current.current = recalled;
      setCart(recalled);
    },
    clear: () => commit(null),
  };
}
