import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../support/back-office';
import { aSignedInTill, codeOf, waitFor, type Cleanups } from '../support/terminal';
import { callTerminalMethod } from '../../terminal/terminal-api';
import { TerminalError } from '../../terminal/terminal-error';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const COKE = { sku: 'COKE-1_5L', name: 'Coca-Cola 1.5 L', priceMinor: 8_500, taxCode: 'VAT12', soldBy: 'piece' };
const PANCIT = { sku: 'PANCIT-CANTON', name: 'Lucky Me! Pancit Canton 60 g', priceMinor: 1_500, taxCode: 'VAT12', soldBy: 'piece' };
// The catalog says how each is sold; the name says nothing of it.
const FISH = { sku: 'FISH-GALUNGGONG-KG', name: 'Fresh Galunggong', priceMinor: 24_000, taxCode: 'VAT_EXEMPT', soldBy: 'weight' };
// Entered without saying how it is sold: any quantity, as every product took before.
const LIEMPO = { sku: 'PORK-LIEMPO', name: 'Pork Liempo', priceMinor: 32_000, taxCode: 'VAT_EXEMPT' };
const MANAGER = { managerPin: '9999' };

/** A till whose catalog has two counted products and one weighed, pulled from its back office. */
async function aTillWithItsShelf() {
  const till = await aSignedInTill(cleanups);
  for (const { sku, ...product } of [COKE, PANCIT, FISH, LIEMPO]) {
    const answer = await till.link.backOffice.app.inject({
      method: 'PUT',
      url: `/v1/admin/products/${sku}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { businessCode: 'MAIN', ...product },
    });
    expect(answer.statusCode).toBe(200);
  }
  till.core.start();
  await waitFor(async () => (await till.core.searchProducts({ query: FISH.sku })).length === 1, 'the catalog to be pulled');
  return till;
}

const line = (product: typeof LIEMPO, qty: number) => ({
  sku: product.sku,
  name: product.name,
  qty,
  unitPriceMinor: product.priceMinor,
  taxCode: product.taxCode,
});
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof TerminalError ? { code: error.code, message: error.message, errors: error.errors } : error),
  );

describe('only weighed products take decimal quantities, at the till and at its refunds', () => {
  it('1.5 bottles of Coca-Cola is refused with words the cashier reads, and nothing is written; 0.750 kg of fish and 2 bottles sell', async () => {
    const { core, raw } = await aTillWithItsShelf();
    const { cartKey } = await core.openCart();
    const pay = (lines: ReturnType<typeof line>[]) =>
      core.pay({ cartKey, cashier: 'ana', lines, payments: [{ method: 'cash', amountMinor: 100_000 }] });

    expect(await refusal(pay([line(FISH, 0.75), line(COKE, 1.5)]))).toEqual({
      code: 'whole_quantity_required',
      message: 'Coca-Cola 1.5 L is sold by the piece: whole quantities only.',
      errors: [{ path: '/lines/1/qty', message: 'a whole number: sold by the piece' }],
    });
    let db = raw();
    expect(db.prepare('SELECT COUNT(*) FROM sales').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM receipt_counters').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM stock_movements').pluck().get()).toBe(0);
    db.close();

    const sale = await pay([line(FISH, 0.75), line(COKE, 2), line(LIEMPO, 1.25)]);
    db = raw();
    expect(
      db.prepare('SELECT sku, qty_milli FROM sale_lines WHERE sale_seq = (SELECT seq FROM sales WHERE id = ?) ORDER BY line_no').all(sale.id),
    ).toEqual([
      { sku: FISH.sku, qty_milli: 750 },
      { sku: COKE.sku, qty_milli: 2000 },
      { sku: LIEMPO.sku, qty_milli: 1250 },
    ]);
    db.close();
  });

  it('a refund of 1.5 packs of Pancit Canton is refused and the stock stays whole; 0.250 kg of the fish is refunded', async () => {
    const { core, raw } = await aTillWithItsShelf();
    const { cartKey } = await core.openCart();
    const sale = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [line(PANCIT, 3), line(FISH, 1.2)],
      payments: [{ method: 'cash', amountMinor: 50_000 }],
    });
    const refund = (sku: string, qty: number) =>
      core.refund({ refundKey: `refund-${sku}-${qty}`, saleId: sale.localNumber, lines: [{ sku, qty }], reason: 'returned', approval: MANAGER });

    expect(await refusal(refund(PANCIT.sku, 1.5))).toMatchObject({
      code: 'whole_quantity_required',
      message: 'Lucky Me! Pancit Canton 60 g is sold by the piece: whole quantities only.',
    });
    let db = raw();
    expect(db.prepare('SELECT COUNT(*) FROM refunds').pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM stock_movements WHERE kind = 'refund'").pluck().get()).toBe(0);
    db.close();

    await refund(FISH.sku, 0.25);
    await refund(PANCIT.sku, 1);
    db = raw();
    expect(db.prepare("SELECT sku, qty_milli FROM stock_movements WHERE kind = 'refund' ORDER BY sku").all()).toEqual([
      { sku: FISH.sku, qty_milli: 250 },
      { sku: PANCIT.sku, qty_milli: 1000 },
    ]);
    db.close();
  });

  it('once the catalog says "by the piece": paying again a cart already paid with 1.25 answers that sale, and its 0.5 is refunded as it was sold', async () => {
    const { core, raw, dataDir } = await aTillWithItsShelf();
    const { cartKey } = await core.openCart();
    const pay = () => core.pay({ cartKey, cashier: 'ana', lines: [line(LIEMPO, 1.25)], payments: [{ method: 'cash', amountMinor: 100_000 }] });
    const sale = await pay();

    // The till's catalog now sells it by the piece (as a pull from the back office would write it).
    const now = new Database(join(dataDir, 'terminal.db'));
    now.prepare("UPDATE products SET sold_by = 'piece' WHERE sku = ?").run(LIEMPO.sku);
    now.close();

    // The screen never got the answer and pays the same cart again: the same sale, not a refusal.
    const again = await pay();
    expect([again.id, again.localNumber]).toEqual([sale.id, sale.localNumber]);
    // A new cart is held to the new rule.
    const next = await core.openCart();
    expect(
      await refusal(
        core.pay({ cartKey: next.cartKey, cashier: 'ana', lines: [line(LIEMPO, 1.5)], payments: [{ method: 'cash', amountMinor: 100_000 }] }),
      ),
    ).toMatchObject({ code: 'whole_quantity_required' });

    await core.refund({
      refundKey: 'refund-liempo-half',
      saleId: sale.localNumber,
      lines: [{ sku: LIEMPO.sku, qty: 0.5 }],
      reason: 'too much',
      approval: MANAGER,
    });
    const db = raw();
    expect(db.prepare('SELECT COUNT(*) FROM sales').pluck().get()).toBe(1);
    expect(db.prepare('SELECT sku, qty_milli FROM refund_lines').all()).toEqual([{ sku: LIEMPO.sku, qty_milli: 500 }]);
    db.close();
  });

  it('found by a black-box probe: + on 0.750 kg of fish added a whole kilo; the core refuses a step of a weighed line (weigh it again), and steps a counted one', async () => {
    const { core, raw } = await aTillWithItsShelf();
    const footprint = () => {
      const db = raw();
      try {
        return ['sales', 'till_voids', 'approvals', 'outbox', 'stock_movements'].map((table) =>
          db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(),
        );
      } finally {
        db.close();
      }
    };
    const before = footprint();
    // Fish the catalog sells by weight: no step, whatever the weight (a whole 2 kg too), up or down.
    for (const [qty, by] of [
      [0.75, 1],
      [1.75, -1],
      [2, 1],
    ] as const) {
      expect(await refusal(core.stepQuantity({ sku: FISH.sku, qty, by }))).toEqual({
        code: 'weighed_line_step',
        message: 'Fresh Galunggong is sold by weight: + and − do not change a weight. Weigh it again and type the new weight (0.500*) on its line.',
        errors: [{ path: '/sku', message: 'sold by weight: weigh it again' }],
      });
    }
    // Pork entered without saying how it is sold, rung up as 1.250 (kg, as the screen reads it): weighed too.
    expect(await refusal(core.stepQuantity({ sku: LIEMPO.sku, qty: 1.25, by: 1 }))).toMatchObject({ code: 'weighed_line_step' });
    // Through the screens' door as well.
    expect(await codeOf(callTerminalMethod(core, 'stepQuantity', { sku: FISH.sku, qty: 0.75, by: 1 }))).toBe('weighed_line_step');
    expect(await codeOf(callTerminalMethod(core, 'stepQuantity', { sku: COKE.sku, qty: 2, by: 5 }))).toBe('validation_failed');

    // Counted lines step by one, never below one (taking a line off is a void).
    expect(await core.stepQuantity({ sku: COKE.sku, qty: 2, by: 1 })).toEqual({ qty: 3 });
    expect(await core.stepQuantity({ sku: COKE.sku, qty: 2, by: -1 })).toEqual({ qty: 1 });
    expect(await core.stepQuantity({ sku: COKE.sku, qty: 1, by: -1 })).toEqual({ qty: 1 });
    expect(await core.stepQuantity({ sku: LIEMPO.sku, qty: 2, by: 1 })).toEqual({ qty: 3 });
    // A step is a question, not a record: nothing is written.
    expect(footprint()).toEqual(before);
    // Nobody signed in (on a till with a roster): refused for who asks.
    await core.signOut();
    expect(await codeOf(core.stepQuantity({ sku: COKE.sku, qty: 2, by: 1 }))).toBe('not_signed_in');
  });
});
