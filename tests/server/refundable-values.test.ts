import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundableValues, refundAmountMinor, type SoldSku } from '../../protocol/refund-amounts';

const sum = (values: Iterable<SoldSku>) => [...values].reduce((total, sold) => total + sold.valueMinor, 0);

/** The refund rule (protocol/refund-amounts.ts), the same at the till and at the back office. */
describe('what each SKU of a sale is worth back', () => {
  it('₱1.00 of soda with ₱1.50 off and ₱10.00 of bread: the soda is worth 0 and the bread ₱9.50, what the sale took', () => {
    const values = refundableValues(
      new Map([
        ['SODA', { qtyMilli: 1_000, valueMinor: -50 }],
        ['BREAD', { qtyMilli: 1_000, valueMinor: 1_000 }],
      ]),
    );
    expect(Object.fromEntries([...values].map(([sku, v]) => [sku, v.valueMinor]))).toEqual({ SODA: 0, BREAD: 950 });
  });

  it('whatever the lines charged, the values are never below 0, add up to the sale (or 0), and refunding everything in steps gives back exactly that', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qtyMilli: fc.integer({ min: 1, max: 50_000 }), valueMinor: fc.integer({ min: -200_000, max: 1_000_000 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        (skus, steps) => {
          const charged = new Map(skus.map((sold, i) => [`SKU-${i}`, sold]));
          const values = refundableValues(charged);
          const total = sum(charged.values());
          expect(sum(values.values())).toBe(Math.max(0, total));
          for (const [sku, sold] of values) {
            expect(sold.valueMinor).toBeGreaterThanOrEqual(0);
            expect(sold.valueMinor).toBeLessThanOrEqual(Math.max(0, charged.get(sku)!.valueMinor));
            expect(sold.qtyMilli).toBe(charged.get(sku)!.qtyMilli);
          }
          if (skus.every((s) => s.valueMinor >= 0)) expect(values).toEqual(charged);
          // Each SKU given back in as many steps as drawn: the refunds add up to the sale's value, never more.
          let refunded = 0;
          for (const sold of values.values()) {
            const parts = steps.length;
            let before = 0;
            for (let k = 1; k <= parts; k++) {
              const upTo = Math.floor((sold.qtyMilli * k) / parts);
              refunded += refundAmountMinor(sold, before, upTo - before);
              before = upTo;
            }
          }
          expect(refunded).toBe(Math.max(0, total));
        },
      ),
      { numRuns: 500 },
    );
  });
});
