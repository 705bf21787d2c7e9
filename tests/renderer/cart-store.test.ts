import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addProduct, setQty, type Cart } from '../../renderer/cart';
import { CartStore } from '../../renderer/cart-store';

const sardines = { sku: 'SARDINES-555', name: '555 Sardines 155 g', priceMinor: 2_450, taxCode: null, barcode: '4800007001965' };

describe('the cart being rung up survives a reload', () => {
  it('comes back with the same key and lines after the screen is reopened', async () => {
    const before = new CartStore('reload-test');
    const cart: Cart = {
      cartKey: '0190f3e2-7c1a-7000-8000-000000000001',
      openedAt: '2025-10-17T08:00:00+08:00',
      lines: setQty(addProduct([], sardines), 'SARDINES-555', 3),
    };
    await before.saveCurrent(cart);
    before.close();

    const after = new CartStore('reload-test');
    expect(await after.loadCurrent()).toEqual(cart);
    await after.clearCurrent();
    expect(await after.loadCurrent()).toBeNull();
    after.close();
  });

  it('comes back with the tenders already taken: a card slip is not lost, nor the cart for a tender that does not hold up', async () => {
    const before = new CartStore('tenders-test');
    const cart: Cart = {
      cartKey: '0190f3e2-7c1a-7000-8000-000000000003',
      openedAt: '2025-10-17T08:00:00+08:00',
      lines: addProduct([], sardines, 4),
      tenders: [{ method: 'card', amountMinor: 5_000, reference: 'REF123' }],
    };
    await before.saveCurrent(cart);
    before.close();

    const after = new CartStore('tenders-test');
    expect(await after.loadCurrent()).toEqual(cart);
    // A tender that does not hold up (a barcode taken as an amount, by an older screen) goes alone: the lines and the key stay.
    await after.saveCurrent({ ...cart, tenders: [{ method: 'cash', amountMinor: 480_000_700_122_400 }, ...cart.tenders!] });
    expect(await after.loadCurrent()).toEqual(cart);
    after.close();
  });

  it('ignores a stored cart that is not shaped like a cart instead of ringing up garbage', async () => {
    const store = new CartStore('garbage-test');
    await store.saveCurrent({ cartKey: '', openedAt: 'x', lines: [{ ...addProduct([], sardines)[0]!, qty: 0 }] });
    expect(await store.loadCurrent()).toBeNull();
    store.close();
  });
});

describe('held carts', () => {
  it('a held cart keeps its key through a reopen and comes back as the cart on the counter, once', async () => {
    const key = '0190f3e2-7c1a-7000-8000-000000000002';
    const before = new CartStore('held-test');
    await before.saveCurrent({ cartKey: key, openedAt: '2025-10-17T08:00:00+08:00', lines: addProduct([], sardines, 0.75) });
    await before.hold({ cartKey: key, openedAt: '2025-10-17T08:00:00+08:00', lines: addProduct([], sardines, 0.75) });
    expect(await before.loadCurrent()).toBeNull();
    before.close();

    const after = new CartStore('held-test');
    expect((await after.listHeld()).map((c) => [c.cartKey, c.lines[0]?.qty])).toEqual([[key, 0.75]]);
    expect((await after.recall(key))?.cartKey).toBe(key);
    expect((await after.loadCurrent())?.cartKey).toBe(key);
    expect(await after.listHeld()).toEqual([]);
    expect(await after.recall(key)).toBeNull();
    after.close();
  });
});

describe('one line of the cart', () => {
  it('found by a review: never holds more than a sale line may (two scans in one instant each passed the screen’s check)', () => {
    const full = addProduct([], sardines, 999_999);
    expect(addProduct(full, sardines, 1)[0]?.qty).toBe(1_000_000);
    expect(addProduct(addProduct(full, sardines, 1), sardines, 1)[0]?.qty).toBe(1_000_000);
    expect(addProduct(full, sardines, 2)[0]?.qty).toBe(999_999);
  });
});
