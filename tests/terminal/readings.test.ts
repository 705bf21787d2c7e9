import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extendedPriceMinor, milliToQty } from '../../protocol/sale-total';
import type { SaleLine } from '../../protocol/sales';
import { priceCart } from '../../terminal/money/cart-pricing';
import { discountOf, type DiscountRule } from '../../terminal/money/discounts';
import { saleVat } from '../../terminal/money/sale-vat';
import { splitVat, type TaxRate } from '../../terminal/money/vat-split';
import type { ShiftReport } from '../../terminal/shifts/shift-schemas';
import { callTerminalMethod } from '../../terminal/terminal-api';
import type { TerminalCore } from '../../terminal/terminal-core';
import { aSignedInTill, codeOf, openCore } from '../support/terminal';

const MANAGER = { managerPin: '9999' };
const TAXES: TaxRate[] = [
  { code: 'VAT12', name: 'VAT 12%', rateBasisPoints: 1200, inclusive: true },
  { code: 'ZERO', name: 'Zero-rated', rateBasisPoints: 0, inclusive: true },
  { code: 'EXEMPT', name: 'VAT-exempt', rateBasisPoints: 0, inclusive: true },
];
const taxByCode = new Map(TAXES.map((t) => [t.code, t]));
const PRODUCTS = [
  { sku: 'RICE', name: 'Rice 1 kg', price: 5_600, taxCode: 'VAT12' },
  { sku: 'FISH', name: 'Galunggong per kg', price: 18_000, taxCode: 'VAT12', weighed: true },
  { sku: 'SOAP', name: 'Soap', price: 2_450, taxCode: 'VAT12' },
  { sku: 'EGG', name: 'Egg', price: 900, taxCode: 'EXEMPT' },
  { sku: 'EXPORT', name: 'Export pack', price: 12_345, taxCode: 'ZERO' },
  { sku: 'GUM', name: 'Gum', price: 50 },
  { sku: 'CANDY', name: 'Candy', price: 50, taxCode: 'VAT12' },
] as const;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function aTill() {
  const till = await aSignedInTill(cleanups);
  const writable = new Database(join(till.dataDir, 'terminal.db'));
  const insert = writable.prepare('INSERT INTO taxes (code, name, rate_basis_points, inclusive) VALUES (?, ?, ?, 1)');
  for (const t of TAXES) insert.run(t.code, t.name, t.rateBasisPoints);
  writable.close();
  return till;
}

/** Each document as the till stored it: what its receipt or return slip printed. */
interface StoredSale {
  id: string;
  local_number: string;
  total_minor: number;
  change_minor: number;
  vat_minor: number;
  vatable_minor: number;
  exempt_minor: number;
  zero_rated_minor: number;
  gross_minor: number;
  discount_minor: number;
}
interface StoredRefund {
  local_number: string;
  total_minor: number;
  tender: string;
  vat_minor: number;
  vatable_minor: number;
  exempt_minor: number;
  zero_rated_minor: number;
}

type SaleOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);

// --- a random day at the counter ---------------------------------------------------------

const discountRule: fc.Arbitrary<DiscountRule | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 5_000 }).map((basisPoints): DiscountRule => ({ kind: 'percent', basisPoints })),
  fc.integer({ min: 1, max: 3_000 }).map((minor): DiscountRule => ({ kind: 'amount', minor })),
);
const saleOp = fc.record({
  op: fc.constant('sale' as const),
  lines: fc.uniqueArray(
    fc.record({
      product: fc.integer({ min: 0, max: PRODUCTS.length - 1 }),
      units: fc.integer({ min: 1, max: 5 }),
      grams: fc.integer({ min: 1, max: 2_500 }),
      discount: discountRule,
    }),
    { minLength: 1, maxLength: 5, selector: (l) => l.product },
  ),
  cartDiscount: discountRule,
  byCard: fc.boolean(),
});
const refundOp = fc.record({
  op: fc.constant('refund' as const),
  pick: fc.nat(),
  share: fc.integer({ min: 1, max: 3 }),
  original: fc.boolean(),
});
const voidOp = fc.record({ op: fc.constant('void' as const), whole: fc.boolean(), amountMinor: fc.integer({ min: 0, max: 50_000 }) });
const aDay = fc.record({
  ops: fc.array(fc.oneof({ weight: 5, arbitrary: saleOp }, { weight: 2, arbitrary: refundOp }, { weight: 1, arbitrary: voidOp }), {
    minLength: 1,
    maxLength: 14,
  }),
  counted: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
});

type Model = { soldIds: string[]; discounts: Map<string, number>; voids: Map<string, { count: number; amount: number }>; refundVat: number[] };

async function ringUp(core: TerminalCore, op: SaleOf<typeof saleOp>, model: Model) {
  const { cartKey } = await core.openCart();
  const picked = op.lines.map((l) => {
    const product = PRODUCTS[l.product]!;
    const qtyMilli = 'weighed' in product ? l.grams : l.units * 1000;
    return { product, qtyMilli, discount: l.discount };
  });
  const priced = priceCart(
    picked.map((p) => ({
      qtyMilli: p.qtyMilli,
      unitPriceMinor: p.product.price,
      discount: p.discount,
      tax: 'taxCode' in p.product ? (taxByCode.get(p.product.taxCode) ?? null) : null,
    })),
    op.cartDiscount,
  );
  const own = sum(picked, (p) => (p.discount ? discountOf(p.discount, extendedPriceMinor(p.qtyMilli, p.product.price)) : 0));
  const lines: SaleLine[] = picked.map((p, i) => ({
    sku: p.product.sku,
    name: p.product.name,
    qty: milliToQty(p.qtyMilli),
    unitPriceMinor: p.product.price,
    ...((priced.lines[i]?.discountMinor ?? 0) > 0 ? { discountMinor: priced.lines[i]?.discountMinor } : {}),
    ...('taxCode' in p.product ? { taxCode: p.product.taxCode } : {}),
  }));
  const discounts = [
    { kind: 'line', amountMinor: own },
    { kind: 'cart', amountMinor: priced.discountMinor - own },
  ];
  if (priced.discountMinor > 0) await core.approve({ pin: '9999', action: 'discount', cartKey, amountMinor: priced.discountMinor });
  const due = priced.vat.amountDueMinor;
  // Nothing due (a 100% discount) is paid with ₱0.00 cash: a card of ₱0.00 is no payment.
  const payments =
    op.byCard && due > 0
      ? [{ method: 'card' as const, amountMinor: due }]
      : [{ method: 'cash' as const, amountMinor: Math.ceil((due + 1) / 10_000) * 10_000 }];
  const sale = await core.pay({ cartKey, cashier: 'ana', lines, payments, discounts });
  model.soldIds.push(sale.id);
  for (const d of discounts) if (d.amountMinor > 0) model.discounts.set(d.kind, (model.discounts.get(d.kind) ?? 0) + d.amountMinor);
}

async function giveBack(core: TerminalCore, op: SaleOf<typeof refundOp>, model: Model, key: string) {
  if (model.soldIds.length === 0) return;
  const saleId = model.soldIds[op.pick % model.soldIds.length]!;
  const sale = await core.lookupReceipt({ number: saleId });
  const lines = (sale?.lines ?? [])
    .filter((l) => l.refundableQty > 0)
    .map((l) => ({ sku: l.sku, qty: Number.isInteger(l.refundableQty) ? Math.max(1, Math.floor(l.refundableQty / op.share)) : l.refundableQty }));
  if (lines.length === 0) return;
  const refund = await core.refund({
    refundKey: key,
    saleId,
    lines,
    reason: 'changed mind',
    approval: MANAGER,
    moneyBack: op.original ? 'original_tender' : 'cash',
  });
  model.refundVat.push(refund.vat?.vatMinor ?? Number.NaN);
}

async function voidSomething(core: TerminalCore, op: SaleOf<typeof voidOp>, model: Model) {
  const { cartKey } = await core.openCart();
  const kind = op.whole ? 'cart' : 'line';
  const { id: approvalId } = await core.approve({ pin: '9999', action: op.whole ? 'void_cart' : 'void_line', cartKey, amountMinor: op.amountMinor });
  await core.recordVoid({ cartKey, kind, amountMinor: op.amountMinor, approvalId, ...(op.whole ? {} : { sku: 'RICE', qty: 1 }) });
  const seen = model.voids.get(kind) ?? { count: 0, amount: 0 };
  model.voids.set(kind, { count: seen.count + 1, amount: seen.amount + op.amountMinor });
}

/** The reading's figures, less what differs between an X and the Z that closes the same day. */
const figures = (r: ShiftReport) => {
  const {
    kind: _kind,
    generatedAt: _at,
    shift: _shift,
    countedCashMinor: _counted,
    overShortMinor: _os,
    zCounter: _z,
    resetCounter: _reset,
    override: _o,
    // What only a Z keeps: the journal's seal at its close and the seller's details it was closed under.
    journalSeal: _seal,
    issuedUnder: _issued,
    // and the shifts of its day (here, the one shift)
    shifts: _shifts,
    businessDay: _day,
    ...rest
  } = r;
  return rest;
};

describe('X and Z readings', () => {
  it('a reading is the sum of its documents’ own figures, for random days of sales, refunds, voids and discounts', async () => {
    const { core, raw } = await aTill();
    let day = 0;
    await fc.assert(
      fc.asyncProperty(aDay, async ({ ops, counted }) => {
        day += 1;
        // Where the last day (or the last shrunk attempt) left the till.
        const before = raw();
        const lastEnding = before.prepare('SELECT COALESCE(SUM(gross_minor), 0) FROM sales').pluck().get() as number;
        const lastZ = before.prepare('SELECT COUNT(*) FROM shifts WHERE z_counter IS NOT NULL').pluck().get() as number;
        before.close();
        const shift = await core.openShift({ floatMinor: 100_000, approval: MANAGER });
        const model: Model = { soldIds: [], discounts: new Map(), voids: new Map(), refundVat: [] };
        let n = 0;
        for (const op of ops) {
          n += 1;
          if (op.op === 'sale') await ringUp(core, op, model);
          else if (op.op === 'refund') await giveBack(core, op, model, `day${day}-refund${n}`);
          else await voidSomething(core, op, model);
        }
        const x = await core.shiftReport({});
        const z = await core.closeShift({
          approval: MANAGER,
          override: { reason: 'test day, not synced' },
          ...(counted === undefined ? {} : { countedCashMinor: counted }),
        });

        const db = raw();
        const sales = db.prepare('SELECT * FROM sales WHERE shift_id = ? ORDER BY seq').all(shift.id) as StoredSale[];
        const refunds = db.prepare('SELECT * FROM refunds WHERE shift_id = ? ORDER BY seq').all(shift.id) as StoredRefund[];
        const payments = db
          .prepare('SELECT p.method, p.amount_minor FROM sale_payments p JOIN sales s ON s.seq = p.sale_seq WHERE s.shift_id = ?')
          .all(shift.id) as { method: string; amount_minor: number }[];
        // Every sale's stored figures are what its receipt prints: the VAT split of its own lines.
        for (const s of sales) {
          const lines = (
            db
              .prepare(
                'SELECT l.sku, l.qty_milli, l.unit_price_minor, l.discount_minor, l.tax_code FROM sale_lines l JOIN sales s ON s.seq = l.sale_seq WHERE s.id = ?',
              )
              .all(s.id) as {
              sku: string;
              qty_milli: number;
              unit_price_minor: number;
              discount_minor: number | null;
              tax_code: string | null;
            }[]
          ).map((l) => ({
            sku: l.sku,
            qty: milliToQty(l.qty_milli),
            unitPriceMinor: l.unit_price_minor,
            ...(l.discount_minor === null ? {} : { discountMinor: l.discount_minor }),
            ...(l.tax_code === null ? {} : { taxCode: l.tax_code }),
          }));
          const printed = saleVat(lines, taxByCode);
          expect([s.vatable_minor, s.vat_minor, s.exempt_minor, s.zero_rated_minor]).toEqual([
            printed.vatableMinor,
            printed.vatMinor,
            printed.exemptMinor,
            printed.zeroRatedMinor,
          ]);
        }
        const everSold = db.prepare('SELECT COALESCE(SUM(gross_minor), 0) FROM sales').pluck().get() as number;
        db.close();
        expect(refunds.map((r) => r.vat_minor)).toEqual(model.refundVat);

        const gross = sum(sales, (s) => s.gross_minor);
        const discount = sum(sales, (s) => s.discount_minor);
        const returned = sum(refunds, (r) => r.total_minor);
        const cashRefunds = sum(
          refunds.filter((r) => r.tender === 'cash'),
          (r) => r.total_minor,
        );
        const cashIn = sum(
          payments.filter((p) => p.method === 'cash'),
          (p) => p.amount_minor,
        );
        expect(x).toMatchObject({
          kind: 'X',
          zCounter: null,
          salesCount: sales.length,
          firstReceiptNumber: sales[0]?.local_number ?? null,
          lastReceiptNumber: sales.at(-1)?.local_number ?? null,
          firstReturnNumber: refunds[0]?.local_number ?? null,
          lastReturnNumber: refunds.at(-1)?.local_number ?? null,
          grossSalesMinor: gross,
          discountsMinor: discount,
          refundsCount: refunds.length,
          refundsMinor: returned,
          netSalesMinor: gross - discount - returned,
          expectedCashMinor: 100_000 + cashIn - sum(sales, (s) => s.change_minor) - cashRefunds,
        });
        expect(gross - discount).toBe(sum(sales, (s) => s.total_minor));
        // VAT: the sales' printed VAT less the refunds' printed VAT, never recomputed on the net.
        expect(x.vat).toMatchObject({
          vatableMinor: sum(sales, (s) => s.vatable_minor) - sum(refunds, (r) => r.vatable_minor),
          vatMinor: sum(sales, (s) => s.vat_minor) - sum(refunds, (r) => r.vat_minor),
          exemptMinor: sum(sales, (s) => s.exempt_minor) - sum(refunds, (r) => r.exempt_minor),
          zeroRatedMinor: sum(sales, (s) => s.zero_rated_minor) - sum(refunds, (r) => r.zero_rated_minor),
        });
        expect(sum(x.vat.rates, (r) => r.vatMinor)).toBe(x.vat.vatMinor);
        expect(x.discounts).toEqual(
          [...model.discounts.entries()].sort().map(([kind, amountMinor]) => expect.objectContaining({ kind, amountMinor })),
        );
        expect(x.voids).toEqual([...model.voids.entries()].sort().map(([kind, v]) => ({ kind, count: v.count, amountMinor: v.amount })));
        expect(sum(x.tenders, (t) => t.amountMinor)).toBe(sum(sales, (s) => s.total_minor));
        // By cashier: together, every sale of the shift and its total.
        expect(sum(x.cashiers ?? [], (c) => c.salesCount)).toBe(sales.length);
        expect(sum(x.cashiers ?? [], (c) => c.salesMinor)).toBe(sum(sales, (s) => s.total_minor));
        // The grand total never resets: each day begins where the last one ended, and moves by its gross sales (refunds never lower it).
        expect(x.grandTotal).toEqual({ beginningMinor: lastEnding, endingMinor: lastEnding + x.grossSalesMinor });
        expect(x.grandTotal?.endingMinor).toBe(everSold);
        // The Z is the same reading, frozen, with the next Z counter and the count of the drawer.
        expect(figures(z)).toEqual(figures(x));
        expect(z.zCounter).toBe(lastZ + 1);
        expect([x.resetCounter, z.resetCounter]).toEqual([null, 0]);
        expect(z.overShortMinor).toBe(counted === undefined ? null : counted - z.expectedCashMinor);
      }),
      { numRuns: 15 },
    );
  });

  it('a day whose refunds are more than its sales leaves the grand total where it was: the Z prints it from beginning to ending, with its counters', async () => {
    const { core, raw } = await aTill();
    const close = () => core.closeShift({ approval: MANAGER, override: { reason: 'test day, not synced' } });
    const sell = async (sku: string, qty: number, unitPriceMinor: number) => {
      const { cartKey } = await core.openCart();
      return core.pay({
        cartKey,
        cashier: 'ana',
        lines: [{ sku, qty, unitPriceMinor, taxCode: 'VAT12' }],
        payments: [{ method: 'cash', amountMinor: 10_000 }],
      });
    };
    // Day one: three soaps, ₱73.50.
    await core.openShift({ floatMinor: 10_000, approval: MANAGER });
    const soaps = await sell('SOAP', 3, 2_450);
    const first = await close();
    expect(first.grandTotal).toEqual({ beginningMinor: 0, endingMinor: 7_350 });
    // Day two: one candy, ₱0.50, and day one's three soaps given back: a net of −₱73.00 for the day.
    await core.openShift({ floatMinor: 10_000, approval: MANAGER });
    await sell('CANDY', 1, 50);
    await core.refund({ refundKey: 'soaps-back', saleId: soaps.id, lines: [{ sku: 'SOAP', qty: 3 }], reason: 'wrong scent', approval: MANAGER });
    const second = await close();
    expect(second).toMatchObject({ grossSalesMinor: 50, refundsMinor: 7_350, netSalesMinor: -7_300, zCounter: 2, resetCounter: 0 });
    // The grand total is the till's gross sales ever: the refund is the day's deduction, never taken off it.
    expect(second.grandTotal).toEqual({ beginningMinor: 7_350, endingMinor: 7_400 });

    const db = raw();
    expect(db.prepare('SELECT SUM(gross_minor) FROM sales').pluck().get()).toBe(7_400);
    const stored = db.prepare('SELECT z_counter, z_report FROM shifts ORDER BY seq').all() as { z_counter: number; z_report: string }[];
    const zText = db.prepare("SELECT text FROM journal WHERE kind = 'z_reading' ORDER BY seq").pluck().all() as string[];
    db.close();
    expect(stored.map((z) => [z.z_counter, (JSON.parse(z.z_report) as ShiftReport).grandTotal])).toEqual([
      [1, { beginningMinor: 0, endingMinor: 7_350 }],
      [2, { beginningMinor: 7_350, endingMinor: 7_400 }],
    ]);
    // On paper (the journal's copy): the counters, and the grand total from beginning to ending.
    expect(zText[1]).toMatch(/\nZ counter +2\nReset counter +0\n/);
    expect(zText[1]).toMatch(/\nAccumulated grand total\n {2}Beginning +P73\.50\n {2}Ending +P74\.00\n/);
    // An X reading of the next day begins where the last Z ended.
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    expect((await core.shiftReport({})).grandTotal).toEqual({ beginningMinor: 7_400, endingMinor: 7_400 });
  });

  it('“the way it was paid” on ₱60 by card and ₱40 in cash: the card gets back at most its ₱60, the drawer the rest, over several refunds too', async () => {
    const { core, raw } = await aTill();
    await core.openShift({ floatMinor: 50_000, approval: MANAGER });
    const { cartKey } = await core.openCart();
    // Four soaps, ₱98.00: ₱60 on the card, ₱50 in cash with ₱12 change (₱38 of cash kept).
    const sale = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SOAP', qty: 4, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [
        { method: 'card', amountMinor: 6_000, reference: 'REF-60' },
        { method: 'cash', amountMinor: 5_000 },
      ],
    });
    const giveBack = (qty: number, key: string) =>
      core.refund({
        refundKey: key,
        saleId: sale.id,
        lines: [{ sku: 'SOAP', qty }],
        reason: 'changed mind',
        approval: MANAGER,
        moneyBack: 'original_tender',
      });
    // One soap (₱24.50) back: all of it to the card. Then the three others (₱73.50): the card's ₱35.50 left, ₱38.00 from the drawer.
    const first = await giveBack(1, 'split-1');
    expect(first.tenders).toEqual([{ method: 'card', amountMinor: 2_450 }]);
    const rest = await giveBack(3, 'split-2');
    expect(rest.tenders).toEqual([
      { method: 'cash', amountMinor: 3_800 },
      { method: 'card', amountMinor: 3_550 },
    ]);
    const db = raw();
    const byMethod = db
      .prepare(
        'SELECT t.method, SUM(t.amount_minor) AS amount FROM refund_tenders t JOIN refunds r ON r.seq = t.refund_seq WHERE r.sale_id = ? GROUP BY t.method ORDER BY 1',
      )
      .all(sale.id);
    db.close();
    // Never more back to the card than the card paid; every centavo of both refunds accounted for.
    expect(byMethod).toEqual([
      { method: 'card', amount: 6_000 },
      { method: 'cash', amount: 3_800 },
    ]);
    const x = await core.shiftReport({});
    expect(x.refundTenders).toEqual([
      { method: 'card', amountMinor: 6_000 },
      { method: 'cash', amountMinor: 3_800 },
    ]);
    // The drawer: the float, the ₱38 of cash kept, less the ₱38 given back.
    expect(x.expectedCashMinor).toBe(50_000);
  });

  it('a sale given back one can at a time gives back its own VAT: the day nets to nothing', async () => {
    const { core } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const { cartKey } = await core.openCart();
    const sale = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SOAP', qty: 2, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 4_900 }],
    });
    const slips = [];
    for (const key of ['can-1', 'can-2'])
      slips.push(await core.refund({ refundKey: key, saleId: sale.id, lines: [{ sku: 'SOAP', qty: 1 }], reason: 'dented', approval: MANAGER }));
    expect(slips.map((r) => [r.vat?.vatableMinor, r.vat?.vatMinor])).toEqual([
      [2_188, 262],
      [2_187, 263],
    ]);
    const x = await core.shiftReport({});
    expect(x.vat).toMatchObject({ vatableMinor: 0, vatMinor: 0 });
    expect(x.vat.rates.every((r) => r.netMinor === 0 && r.vatMinor === 0)).toBe(true);
  });

  it('the VAT of a day is the documents’ VAT, not the VAT recomputed on the day’s total', async () => {
    const { core } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    // Three candies at 50 centavos, each its own receipt: 5.357... centavos of VAT inside each, printed as 5.
    for (let i = 0; i < 3; i++) {
      const { cartKey } = await core.openCart();
      await core.pay({
        cartKey,
        cashier: 'ana',
        lines: [{ sku: 'CANDY', qty: 1, unitPriceMinor: 50, taxCode: 'VAT12' }],
        payments: [{ method: 'cash', amountMinor: 50 }],
      });
    }
    const x = await core.shiftReport({});
    expect(x.vat.vatMinor).toBe(15);
    // On the day's ₱1.50 the VAT would be 16 centavos: a reading that did that would not reconcile.
    expect(splitVat([{ amountMinor: 150, tax: taxByCode.get('VAT12') ?? null }]).vatMinor).toBe(16);
  });

  it('voids before payment are kept on the till, survive a restart, and cannot be changed or removed', async () => {
    const { core, dataDir } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const { cartKey } = await core.openCart();
    const lineApproval = await core.approve({ pin: '9999', action: 'void_line', cartKey, amountMinor: 11_200 });
    await core.recordVoid({ cartKey, kind: 'line', sku: 'RICE', name: 'Rice 1 kg', qty: 2, amountMinor: 11_200, approvalId: lineApproval.id });
    const cartApproval = await core.approve({ pin: '9999', action: 'void_cart', cartKey, amountMinor: 900 });
    await core.recordVoid({ cartKey, kind: 'cart', amountMinor: 900, approvalId: cartApproval.id });
    // Through the method table, as a screen calls it: a negative value is refused at the boundary.
    expect(await codeOf(callTerminalMethod(core, 'recordVoid', { cartKey, kind: 'line', amountMinor: -1 }))).toBe('validation_failed');
    await core.close();
    cleanups.pop();
    const again = await openCore(dataDir);
    cleanups.push(() => again.close());
    expect((await again.shiftReport({})).voids).toEqual([
      { kind: 'cart', count: 1, amountMinor: 900 },
      { kind: 'line', count: 1, amountMinor: 11_200 },
    ]);
    const db = new Database(join(dataDir, 'terminal.db'));
    expect(() => db.prepare('UPDATE till_voids SET amount_minor = 0').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM till_voids').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE till_counters SET value = 0 WHERE name = 'z_counter'").run()).toThrow(/never goes back/);
    db.close();
  });

  it("a void needs a manager's approval of that very void, and one approval is spent by one void", async () => {
    const { core, raw } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const { cartKey } = await core.openCart();
    const { cartKey: otherCart } = await core.openCart();
    const voidLine = (amountMinor: number, approvalId?: string, cart = cartKey) =>
      core.recordVoid({ cartKey: cart, kind: 'line', sku: 'RICE', qty: 1, amountMinor, ...(approvalId ? { approvalId } : {}) });

    // Ana is a cashier: without a manager, no void, whatever the screen does.
    expect(await codeOf(voidLine(5_600))).toBe('approval_required');
    const approval = await core.approve({ pin: '9999', action: 'void_line', cartKey, amountMinor: 5_600 });
    expect(await codeOf(voidLine(11_200, approval.id))).toBe('approval_required'); // more than approved
    expect(await codeOf(voidLine(5_600, approval.id, otherCart))).toBe('approval_required'); // another cart
    expect(await codeOf(core.recordVoid({ cartKey, kind: 'cart', amountMinor: 5_600, approvalId: approval.id }))).toBe('approval_required');
    expect(await codeOf(voidLine(5_600, 'no-such-approval'))).toBe('approval_required');
    const discount = await core.approve({ pin: '9999', action: 'discount', cartKey, amountMinor: 5_600 });
    expect(await codeOf(voidLine(5_600, discount.id))).toBe('approval_required'); // a discount's approval voids nothing
    expect(await voidLine(5_600, approval.id)).toMatchObject({ kind: 'line', cashier: 'ana', approvedBy: 'mario' });
    expect(await codeOf(voidLine(5_600, approval.id))).toBe('approval_required'); // spent

    // A store that lets cashiers void on their own says so in the settings (a manager's call).
    await core.signIn({ pin: '9999' });
    await core.updateSettings({ voidNeedsApproval: false });
    await core.signIn({ pin: '1111' });
    expect(await voidLine(900)).toMatchObject({ cashier: 'ana', approvedBy: null });

    const db = raw();
    expect(db.prepare('SELECT cart_key, amount_minor, cashier, approved_by, approval_id FROM till_voids ORDER BY seq').all()).toEqual([
      { cart_key: cartKey, amount_minor: 5_600, cashier: 'ana', approved_by: 'mario', approval_id: approval.id },
      { cart_key: cartKey, amount_minor: 900, cashier: 'ana', approved_by: null, approval_id: null },
    ]);
    db.close();
  });

  it('discounts by kind must add up to the lines’ discounts; none given, they are kept as one manual discount', async () => {
    const { core } = await aTill();
    await core.openShift({ floatMinor: 0, approval: MANAGER });
    const line = { sku: 'RICE', qty: 1, unitPriceMinor: 5_600, discountMinor: 560, taxCode: 'VAT12' };
    const { cartKey } = await core.openCart();
    await core.approve({ pin: '9999', action: 'discount', cartKey, amountMinor: 560 });
    const pay = (discounts?: { kind: string; amountMinor: number }[]) =>
      core.pay({ cartKey, cashier: 'ana', lines: [line], payments: [{ method: 'cash', amountMinor: 5_040 }], ...(discounts ? { discounts } : {}) });
    expect(await codeOf(pay([{ kind: 'line', amountMinor: 500 }]))).toBe('invalid_argument');
    expect(
      await codeOf(
        pay([
          { kind: 'line', amountMinor: 280 },
          { kind: 'line', amountMinor: 280 },
        ]),
      ),
    ).toBe('invalid_argument');
    expect(
      await codeOf(
        callTerminalMethod(core, 'pay', {
          cartKey,
          cashier: 'ana',
          lines: [line],
          payments: [{ method: 'cash', amountMinor: 5_040 }],
          discounts: [{ kind: 'Senior Citizen', amountMinor: 560 }],
        }),
      ),
    ).toBe('validation_failed');
    await pay();
    expect((await core.shiftReport({})).discounts).toEqual([{ kind: 'manual', count: 1, amountMinor: 560 }]);
  });

  it('a sale rung up before any shift counts in the next shift, which begins from the grand total before it; older sales get their figures on restart', async () => {
    const { core, dataDir } = await aTill();
    const { cartKey } = await core.openCart();
    const early = await core.pay({
      cartKey,
      cashier: 'ana',
      lines: [{ sku: 'SOAP', qty: 1, unitPriceMinor: 2_450, taxCode: 'VAT12' }],
      payments: [{ method: 'cash', amountMinor: 2_450 }],
    });
    await core.close();
    cleanups.pop();
    // As if written before the till kept reading figures.
    const db = new Database(join(dataDir, 'terminal.db'));
    db.prepare(
      'UPDATE sales SET gross_minor = NULL, discount_minor = NULL, vatable_minor = NULL, exempt_minor = NULL, zero_rated_minor = NULL, vat_rates = NULL',
    ).run();
    db.close();
    const again = await openCore(dataDir);
    cleanups.push(() => again.close());
    await again.signIn({ pin: '1111' });
    await again.openShift({ floatMinor: 0, approval: MANAGER });
    const x = await again.shiftReport({});
    expect(x).toMatchObject({ salesCount: 1, firstReceiptNumber: early.localNumber, grossSalesMinor: 2_450, netSalesMinor: 2_450 });
    expect(x.vat).toMatchObject({ vatableMinor: 2_450 - (early.vatMinor ?? 0), vatMinor: early.vatMinor });
    expect(x.grandTotal).toEqual({ beginningMinor: 0, endingMinor: 2_450 });
  });
});
