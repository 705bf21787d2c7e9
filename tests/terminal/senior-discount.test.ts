import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  benefitsOf,
  bnpcWeekFrom,
  bnpcWeekOf,
  extendedPriceMinor,
  scPwdBenefitOf,
  splitVat,
  type BenefitLine,
  type SaleRequest,
  type TaxRate,
} from '../../protocol';
import type { PricedSaleLine } from '../../server/sales/priced-sale';
import { benefitFlags } from '../../server/sales/sale-benefits';

const VAT12: TaxRate = { code: 'VAT12', name: 'VAT 12%', rateBasisPoints: 1200, inclusive: true };
const VAT12_EX: TaxRate = { code: 'VAT12_EX', name: 'VAT 12% (added)', rateBasisPoints: 1200, inclusive: false };
const EXEMPT: TaxRate = { code: 'VAT_EXEMPT', name: 'VAT-exempt', rateBasisPoints: 0, inclusive: true };
const CAPS = { weeklyPurchaseCapMinor: 250_000, weeklyDiscountCapMinor: 12_500 };

const benefitLine = fc.record({
  qtyMilli: fc.integer({ min: 1, max: 50_000 }),
  unitPriceMinor: fc.integer({ min: 0, max: 500_000 }),
  tax: fc.constantFrom<TaxRate | null>(VAT12, VAT12_EX, EXEMPT, null),
  scPwdEligible: fc.boolean(),
  bnpcEligible: fc.boolean(),
});
const week = fc.record({ purchasesMinor: fc.integer({ min: 0, max: 400_000 }), discountMinor: fc.integer({ min: 0, max: 20_000 }) });

describe('senior citizen and PWD discounts (RA 9994, RA 10754; DTI-DA 5% on basic necessities)', () => {
  it('2 x ₱85.00 bread: ₱170.00 / 1.12 = ₱151.79 VAT-exempt, less 20% (₱30.36): ₱121.43', () => {
    expect(scPwdBenefitOf(2000, 8_500, VAT12)).toEqual({ rule: 'vat_exempt_20', vatRemovedMinor: 1_821, discountMinor: 3_036 });
    expect(17_000 - 1_821 - 3_036).toBe(12_143);
  });

  it('property: the 20% is taken on the VAT-exclusive price, to the centavo, and the customer pays 80% of it', () => {
    fc.assert(
      fc.property(benefitLine, (line) => {
        const gross = extendedPriceMinor(line.qtyMilli, line.unitPriceMinor);
        const b = scPwdBenefitOf(line.qtyMilli, line.unitPriceMinor, line.tax);
        const base = gross - b.vatRemovedMinor;
        // The base is gross / 1.12 to the nearest centavo when VAT is inside the price, the price itself otherwise.
        if (line.tax === VAT12) expect(Math.abs(base * 112 - gross * 100)).toBeLessThanOrEqual(56);
        else expect(base).toBe(gross);
        expect(Math.abs(b.discountMinor * 10 - base * 2)).toBeLessThanOrEqual(5);
        const pays = gross - b.vatRemovedMinor - b.discountMinor;
        expect(Math.abs(pays * 10 - base * 8)).toBeLessThanOrEqual(5);
        // The line is then VAT-exempt: no VAT on the invoice for it.
        expect(splitVat([{ amountMinor: pays, tax: line.tax, vatExempt: true }])).toMatchObject({ vatMinor: 0, exemptMinor: pays });
      }),
    );
  });

  it('property: the 5% stays within 5% of the eligible lines and within what the weekly caps leave; the shares add up exactly', () => {
    fc.assert(
      fc.property(fc.array(benefitLine, { minLength: 1, maxLength: 20 }), week, (lines, used) => {
        const benefits = benefitsOf(lines, used, CAPS);
        const bnpc = lines.map((l, i) => ({ l, b: benefits[i] })).filter(({ b }) => b?.rule === 'bnpc_5');
        const gross = bnpc.reduce((sum, { l }) => sum + extendedPriceMinor(l.qtyMilli, l.unitPriceMinor), 0);
        const given = bnpc.reduce((sum, { b }) => sum + (b?.discountMinor ?? 0), 0);
        const purchaseRoom = Math.max(0, CAPS.weeklyPurchaseCapMinor - used.purchasesMinor);
        expect(given * 100).toBeLessThanOrEqual(Math.min(gross, purchaseRoom) * 5 + 50);
        expect(given).toBeLessThanOrEqual(Math.max(0, CAPS.weeklyDiscountCapMinor - used.discountMinor));
        // Exactly what the rule gives: 5% of the purchases within the cap, capped by the discount left.
        const expected = Math.min(
          Math.floor((Math.min(gross, purchaseRoom) * 5 + 50) / 100),
          Math.max(0, CAPS.weeklyDiscountCapMinor - used.discountMinor),
        );
        expect(given).toBe(purchaseRoom > 0 ? expected : 0);
        lines.forEach((l, i) => {
          const b = benefits[i];
          if (l.scPwdEligible) expect(b?.rule).toBe('vat_exempt_20');
          else if (!l.bnpcEligible) expect(b).toBeNull();
          if (b) expect(b.vatRemovedMinor + b.discountMinor).toBeLessThanOrEqual(extendedPriceMinor(l.qtyMilli, l.unitPriceMinor));
        });
      }),
    );
  });

  it('whichever is higher: bread at half price keeps its promotion for a senior (₱85.00, VATable), at 10% off it takes the 20% (₱121.43, VAT-exempt)', () => {
    const bread = { qtyMilli: 2000, unitPriceMinor: 8_500, tax: VAT12, scPwdEligible: true, bnpcEligible: false };
    expect(benefitsOf([{ ...bread, otherDiscountMinor: 8_500 }], { purchasesMinor: 0, discountMinor: 0 }, CAPS)).toEqual([null]);
    expect(benefitsOf([{ ...bread, otherDiscountMinor: 1_700 }], { purchasesMinor: 0, discountMinor: 0 }, CAPS)).toEqual([
      { rule: 'vat_exempt_20', vatRemovedMinor: 1_821, discountMinor: 3_036 },
    ]);
    // A tie goes to the law's discount: the same price, and VAT-exempt.
    expect(benefitsOf([{ ...bread, otherDiscountMinor: 4_857 }], { purchasesMinor: 0, discountMinor: 0 }, CAPS)[0]?.rule).toBe('vat_exempt_20');
  });

  it('property: whichever is higher — an eligible line gets its benefit unless its other discounts take off more; a 5% line kept at its promotion does not count against the week', () => {
    const lineWithPromotion = benefitLine.chain((line) =>
      fc
        .integer({ min: 0, max: extendedPriceMinor(line.qtyMilli, line.unitPriceMinor) })
        .map((otherDiscountMinor) => ({ ...line, otherDiscountMinor })),
    );
    fc.assert(
      fc.property(fc.array(lineWithPromotion, { minLength: 1, maxLength: 12 }), week, (lines, used) => {
        const benefits = benefitsOf(lines, used, CAPS);
        lines.forEach((l, i) => {
          const gross = extendedPriceMinor(l.qtyMilli, l.unitPriceMinor);
          if (l.scPwdEligible) {
            const law = scPwdBenefitOf(l.qtyMilli, l.unitPriceMinor, l.tax);
            expect(benefits[i]).toEqual(l.otherDiscountMinor > law.vatRemovedMinor + law.discountMinor ? null : law);
          } else if (l.bnpcEligible && l.otherDiscountMinor * 100 > gross * 5 + 50) expect(benefits[i]).toBeNull();
        });
        // The 5% is what the lines that take it would get with the others not in the cart at all.
        const takers = lines.filter(
          (l) => !l.scPwdEligible && l.bnpcEligible && l.otherDiscountMinor * 100 <= extendedPriceMinor(l.qtyMilli, l.unitPriceMinor) * 5 + 50,
        );
        const alone = benefitsOf(
          takers.map(({ otherDiscountMinor: _, ...l }) => l),
          used,
          CAPS,
        );
        const given = benefits.filter((b) => b?.rule === 'bnpc_5').map((b) => b!.discountMinor);
        expect(given).toEqual(alone.filter((b) => b !== null).map((b) => b.discountMinor));
      }),
    );
  });

  it("property: what the till gives by the rule, the back office's check accepts without a flag; one centavo more on a 20% line is flagged", () => {
    fc.assert(
      fc.property(fc.array(benefitLine, { minLength: 1, maxLength: 12 }), week, (lines, used) => {
        const benefits = benefitsOf(lines, used, CAPS);
        const priced = pricedLines(lines, benefits);
        const sale = saleWith(priced);
        const catalogOf = (sku: string) => {
          const l = lines[Number(sku)];
          return l && { priceMinor: l.unitPriceMinor, scPwdEligible: l.scPwdEligible, bnpcEligible: l.bnpcEligible };
        };
        const taxOf = (code: string | null) => [VAT12, VAT12_EX, EXEMPT].find((t) => t.code === code) ?? null;
        expect([...benefitFlags(sale, priced, catalogOf, taxOf, used, CAPS)]).toEqual([]);
        const twenty = priced.findIndex((l) => l.benefit?.rule === 'vat_exempt_20');
        if (twenty >= 0) {
          const wrong = priced.map((l, i) =>
            i === twenty && l.benefit
              ? { ...l, discountMinor: l.discountMinor + 1, benefit: { ...l.benefit, discountMinor: l.benefit.discountMinor + 1 } }
              : l,
          );
          expect([...benefitFlags(saleWith(wrong), wrong, catalogOf, taxOf, used, CAPS)]).toContain('benefit_miscomputed');
        }
      }),
    );
  });

  it('property: a 5% purchase given back in any steps gives back its share of the week, never more, and all of it once it is all back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qtyMilli: fc.integer({ min: 1, max: 20_000 }), unitPriceMinor: fc.integer({ min: 0, max: 200_000 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 5 }),
        (lines, steps) => {
          // One product on up to three lines of one sale, each with its 5%.
          const soldMilli = lines.reduce((sum, l) => sum + l.qtyMilli, 0);
          const weekAfter = (refundedMilli: number) =>
            bnpcWeekFrom(
              lines.map((l) => ({
                saleId: 'sale-1',
                sku: 'RICE',
                ...l,
                discountMinor: Math.round(extendedPriceMinor(l.qtyMilli, l.unitPriceMinor) / 20),
                soldMilli,
                refundedMilli,
              })),
            );
          const bought = weekAfter(0);
          let refunded = 0;
          let before = bought;
          for (const step of steps) {
            refunded = Math.min(soldMilli, refunded + step);
            const after = weekAfter(refunded);
            expect(after.purchasesMinor).toBeLessThanOrEqual(before.purchasesMinor);
            expect(after.discountMinor).toBeLessThanOrEqual(before.discountMinor);
            expect(after.purchasesMinor).toBeGreaterThanOrEqual(0);
            expect(after.discountMinor).toBeGreaterThanOrEqual(0);
            before = after;
          }
          expect(weekAfter(soldMilli)).toEqual({ purchasesMinor: 0, discountMinor: 0 });
          expect(bought.purchasesMinor).toBe(lines.reduce((sum, l) => sum + extendedPriceMinor(l.qtyMilli, l.unitPriceMinor), 0));
        },
      ),
    );
  });

  it("the week of the caps runs Monday to Monday in the business's time zone", () => {
    expect(bnpcWeekOf('2026-11-29T15:59:59.000Z', 'Asia/Manila')).toEqual({
      startsAt: '2026-11-22T16:00:00.000Z',
      endsAt: '2026-11-29T16:00:00.000Z',
    });
    expect(bnpcWeekOf('2026-11-29T16:00:00.000Z', 'Asia/Manila').startsAt).toBe('2026-11-29T16:00:00.000Z');
  });
});

function pricedLines(lines: readonly BenefitLine[], benefits: ReturnType<typeof benefitsOf>): PricedSaleLine[] {
  return lines.map((l, i) => {
    const b = benefits[i] ?? null;
    const discountMinor = b ? b.vatRemovedMinor + b.discountMinor : 0;
    return {
      lineNo: i + 1,
      sku: String(i),
      name: null,
      qtyMilli: l.qtyMilli,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor,
      taxCode: l.tax?.code ?? null,
      totalMinor: extendedPriceMinor(l.qtyMilli, l.unitPriceMinor) - discountMinor,
      benefit: b,
    };
  });
}

function saleWith(lines: readonly PricedSaleLine[]): SaleRequest {
  return {
    localNumber: 'T01-000001',
    occurredAt: '2026-11-25T03:00:00.000Z',
    cashier: 'ana',
    beneficiary: { kind: 'senior_citizen', idNumber: 'OSCA-1', name: 'Lola' },
    lines: lines.map((l) => ({ sku: l.sku, qty: l.qtyMilli / 1000, unitPriceMinor: l.unitPriceMinor })),
    payments: [{ method: 'cash', amountMinor: 0 }],
  };
}
