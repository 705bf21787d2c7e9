import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discountOf, parseDiscount, spreadDiscount } from '../../terminal/money/discounts';
import { refusePayment, refuseTender, tenderState, type Tender } from '../../terminal/money/tender';
import { splitVat, taxClassOf, vatableInsideMinor, vatInsideMinor, vatOnTopMinor, type TaxRate } from '../../terminal/money/vat-split';
import { extendedPriceMinor, lineTotalMinor } from '../../protocol/sale-total';

const VAT12: TaxRate = { code: 'VAT12', name: 'VAT 12%', rateBasisPoints: 1200, inclusive: true };
const VAT12_EX: TaxRate = { code: 'VAT12_EX', name: 'VAT 12% (added)', rateBasisPoints: 1200, inclusive: false };
const EXEMPT: TaxRate = { code: 'VAT_EXEMPT', name: 'VAT-exempt', rateBasisPoints: 0, inclusive: true };
const ZERO: TaxRate = { code: 'ZERO_RATED', name: 'Zero-rated', rateBasisPoints: 0, inclusive: true };

const amount = fc.integer({ min: 0, max: 50_000_000 });
const taxes = fc.constantFrom<TaxRate | null>(VAT12, VAT12_EX, EXEMPT, ZERO, null);
const line = fc.record({ qtyMilli: fc.integer({ min: 1, max: 100_000 }), unitPriceMinor: fc.integer({ min: 0, max: 1_000_000 }) });

describe('VAT on a Philippine receipt', () => {
  it('₱112.00 VAT-inclusive is ₱100.00 VATable sales and ₱12.00 VAT', () => {
    expect(splitVat([{ amountMinor: 11_200, tax: VAT12 }])).toMatchObject({ vatableMinor: 10_000, vatMinor: 1_200, amountDueMinor: 11_200 });
  });

  it('₱100.00 VAT-exclusive adds ₱12.00 on top; exempt and zero-rated lines carry no VAT', () => {
    const split = splitVat([
      { amountMinor: 10_000, tax: VAT12_EX },
      { amountMinor: 6_800, tax: EXEMPT },
      { amountMinor: 500, tax: ZERO },
    ]);
    expect(split).toMatchObject({ vatableMinor: 10_000, vatMinor: 1_200, exemptMinor: 6_800, zeroRatedMinor: 500, amountDueMinor: 18_500 });
  });

  it('rounds half up: ₱0.56 inclusive holds 6 centavos of VAT (5.99 -> 6)', () => {
    expect(vatInsideMinor(56, 1200)).toBe(6);
    expect(vatOnTopMinor(4, 1200)).toBe(0);
    expect(vatOnTopMinor(5, 1000)).toBe(1);
  });

  it('one rounding convention: VATable = round(total / 1.12) first, VAT the rest (₱24.50 -> ₱21.88 + ₱2.62)', () => {
    expect(splitVat([{ amountMinor: 2_450, tax: VAT12 }])).toMatchObject({ vatableMinor: 2_188, vatMinor: 262, amountDueMinor: 2_450 });
    // ₱170.00 of bread: 151.79 VATable (170 / 1.12 = 151.785...), 18.21 VAT.
    expect(splitVat([{ amountMinor: 17_000, tax: VAT12 }])).toMatchObject({ vatableMinor: 15_179, vatMinor: 1_821 });
  });

  it('property: VATable is the VAT-inclusive total divided by 1.12 to the nearest centavo, and VAT is exactly the rest', () => {
    fc.assert(
      fc.property(amount, (gross) => {
        const split = splitVat([{ amountMinor: gross, tax: VAT12 }]);
        // |VATable * 1.12 - gross| <= half a centavo * 1.12: VATable is the nearest centavo to gross / 1.12.
        expect(Math.abs(split.vatableMinor * 112 - gross * 100)).toBeLessThanOrEqual(56);
        expect(split.vatMinor).toBe(gross - split.vatableMinor);
        expect(vatableInsideMinor(gross, 1200) + vatInsideMinor(gross, 1200)).toBe(gross);
      }),
    );
  });

  it("a senior citizen's or PWD's line is VAT-exempt whatever its tax code", () => {
    expect(splitVat([{ amountMinor: 12_143, tax: VAT12, vatExempt: true }])).toMatchObject({ vatableMinor: 0, vatMinor: 0, exemptMinor: 12_143 });
  });

  it('tells exempt from zero-rated by the tax, and a product with no tax code is exempt', () => {
    expect([VAT12, EXEMPT, ZERO, null].map(taxClassOf)).toEqual(['vatable', 'exempt', 'zero_rated', 'exempt']);
  });

  it('property: the VAT parts always add up to the amount due, and inclusive lines are the amount due', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amountMinor: amount, tax: taxes }), { maxLength: 40 }), (lines) => {
        const split = splitVat(lines);
        expect(split.vatableMinor + split.vatMinor + split.exemptMinor + split.zeroRatedMinor).toBe(split.amountDueMinor);
        const inclusive = lines.filter((l) => l.tax === null || l.tax.inclusive).reduce((s, l) => s + l.amountMinor, 0);
        const exclusive = lines.filter((l) => l.tax !== null && !l.tax.inclusive).reduce((s, l) => s + l.amountMinor, 0);
        expect(split.amountDueMinor).toBe(inclusive + exclusive + vatOnTopMinor(exclusive, 1200));
        expect(split.rates.reduce((s, r) => s + r.vatMinor, 0)).toBe(split.vatMinor);
        for (const part of [split.vatableMinor, split.vatMinor, split.exemptMinor, split.zeroRatedMinor])
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
      }),
    );
  });
});

describe('discounts in whole centavos', () => {
  it('reads "10%", "12.5%", "25" and "25.50"; refuses "abc" and "150%"', () => {
    expect(parseDiscount('10%')).toEqual({ kind: 'percent', basisPoints: 1000 });
    expect(parseDiscount('12.5%')).toEqual({ kind: 'percent', basisPoints: 1250 });
    expect(parseDiscount('25')).toEqual({ kind: 'amount', minor: 2500 });
    expect(parseDiscount('25.50')).toEqual({ kind: 'amount', minor: 2550 });
    expect(parseDiscount('abc')).toBeNull();
    expect(parseDiscount('150%')).toBeNull();
  });

  it('a discount never takes more than the amount', () => {
    expect(discountOf({ kind: 'amount', minor: 5_000 }, 3_000)).toBe(3_000);
    expect(discountOf({ kind: 'percent', basisPoints: 3_333 }, 1_000)).toBe(333);
  });

  it('₱10.00 off three lines of ₱1.00 each... spread 3.34 / 3.33 / 3.33', () => {
    expect(spreadDiscount([100, 100, 100], 100)).toEqual([34, 33, 33]);
  });

  it('property: a cart discount spread over lines adds up exactly and no line goes below zero', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 30 }), amount, (lines, discount) => {
        const shares = spreadDiscount(lines, discount);
        const total = lines.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(Math.min(discount, total));
        shares.forEach((share, i) => {
          expect(Number.isInteger(share) && share >= 0).toBe(true);
          expect(share).toBeLessThanOrEqual(lines[i] ?? 0);
        });
      }),
    );
  });

  it('property: the sale total is the sum of the lines minus the discounts, whatever the quantities', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 10_000 }), (lines, basisPoints) => {
        const gross = lines.map((l) => extendedPriceMinor(l.qtyMilli, l.unitPriceMinor));
        const cartDiscount = discountOf(
          { kind: 'percent', basisPoints },
          gross.reduce((a, b) => a + b, 0),
        );
        const shares = spreadDiscount(gross, cartDiscount);
        const total = lines.reduce((sum, l, i) => sum + lineTotalMinor({ ...l, discountMinor: shares[i] }), 0);
        expect(total).toBe(gross.reduce((a, b) => a + b, 0) - cartDiscount);
        expect(total).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('split tenders', () => {
  it('₱250 due, ₱100 card then ₱200 cash: ₱50 change, all from cash', () => {
    const tenders: Tender[] = [
      { method: 'card', amountMinor: 10_000, reference: '1234' },
      { method: 'cash', amountMinor: 20_000 },
    ];
    expect(tenderState(25_000, tenders)).toEqual({ paidMinor: 30_000, remainingMinor: 0, changeMinor: 5_000, covered: true });
  });

  it('a card may not pay more than is still due; nothing more is taken once covered', () => {
    expect(refuseTender(25_000, [], { method: 'card', amountMinor: 25_001 })).toBe('non_cash_over_due');
    expect(refuseTender(25_000, [], { method: 'cash', amountMinor: 100_000 })).toBeNull();
    expect(refuseTender(25_000, [{ method: 'cash', amountMinor: 25_000 }], { method: 'cash', amountMinor: 1 })).toBe('already_covered');
    // A barcode scanned into the amount, a slip reference longer than a sale can store: refused, not taken.
    expect(refuseTender(25_000, [], { method: 'cash', amountMinor: 480_000_700_122_400 })).toBe('too_large');
    expect(refuseTender(25_000, [], { method: 'card', amountMinor: 5_000, reference: 'R'.repeat(121) })).toBe('too_large');
    expect(refuseTender(25_000, [], { method: 'card', amountMinor: 5_000, reference: 'R'.repeat(120) })).toBeNull();
  });

  it('a ₱90 card taken on ₱100, then a line voided down to ₱15 due: the card no longer pays it; ₱10 card and ₱20 cash still do', () => {
    const card: Tender = { method: 'card', amountMinor: 9_000, reference: 'REF9' };
    expect(refusePayment(10_000, [card])).toBeNull();
    expect(refusePayment(1_500, [card])).toBe('non_cash_over_due');
    expect(
      refusePayment(1_500, [
        { ...card, amountMinor: 1_000 },
        { method: 'cash', amountMinor: 2_000 },
      ]),
    ).toBeNull();
  });

  it('property: payments minus change equal the amount due, and change never exceeds the cash taken', () => {
    const tender = fc.record({
      method: fc.constantFrom<Tender['method']>('cash', 'card', 'other'),
      amountMinor: fc.integer({ min: 1, max: 5_000_000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.array(tender, { maxLength: 8 }), (due, offered) => {
        const taken: Tender[] = [];
        for (const next of offered) if (refuseTender(due, taken, next) === null) taken.push(next);
        const state = tenderState(due, taken);
        if (!state.covered) return;
        expect(state.paidMinor - state.changeMinor).toBe(due);
        const cash = taken.filter((t) => t.method === 'cash').reduce((s, t) => s + t.amountMinor, 0);
        expect(state.changeMinor).toBeLessThanOrEqual(cash);
      }),
    );
  });
});
