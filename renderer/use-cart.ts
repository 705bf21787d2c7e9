import { useCallback, useEffect, useRef, useState } from 'react';
import type { Product } from '../sync/protocol/catalog';
import type { TerminalApi } from '../sync/terminal-api';
import { addProduct, changeQty, removeLine, type Cart, type CartLine } from './cart';
import type { CartStore } from './cart-store';

export interface CartControls {
  cart: Cart | null;
  /** False until the stored cart (if any) has been read back after a reload. */
  loaded: boolean;
  add(product: Product): Promise<void>;
  changeQty(sku: string, delta: number): void;
  remove(sku: string): void;
  /** After a sale is paid: the next product opens a new cart with a new key. */
  clear(): Promise<void>;
}

/**
 * The cart on the counter, kept in IndexedDB on every change. It opens (the core mints
 * its key) when the first product goes in, so every retry of its payment is one sale.
 */
export function useCart(api: TerminalApi, store: CartStore): CartControls {
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
        current.current ??= { cartKey: opened.cartKey, openedAt: opened.openedAt, lines: [] };
        return current.current;
      },
      (error: unknown) => {
        opening.current = null;
        throw error;
      },
    );
    return opening.current;
  }, [api]);

  const update = useCallback(
    (change: (lines: CartLine[]) => CartLine[]) => {
      const base = current.current;
      if (base) void commit({ ...base, lines: change(base.lines) });
    },
    [commit],
  );

  return {
    cart,
    loaded,
    add: async (product) => {
      await openCart();
      // update() reads the cart as it is now: two quick scans both land.
      update((lines) => addProduct(lines, product));
    },
    changeQty: (sku, delta) => update((lines) => changeQty(lines, sku, delta)),
    remove: (sku) => update((lines) => removeLine(lines, sku)),
    clear: () => commit(null),
  };
}
