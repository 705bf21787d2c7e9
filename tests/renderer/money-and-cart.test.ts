import { describe, expect, it } from 'vitest';
import { addProduct, cartTotalMinor, removeLine, setQty, toSaleLines, weighedLine } from '../../renderer/cart';
import { formatPeso, lessPeso, parsePesoInput } from '../../renderer/money';
import { ageOf } from '../../renderer/waiting-age';
import { weekText } from '../../renderer/cashier/CartPanel';
import { buyerTin } from '../../renderer/cashier/ask-buyer';

const product = (sku: string, priceMinor: number) => ({ sku, name: sku, priceMinor, taxCode: null, barcode: null });

describe('pesos on the screen', () => {
  it('shows centavos as pesos with two decimals and thousands separators', () => {
    expect(formatPeso(0)).toBe('₱0.00');
    expect(formatPeso(5)).toBe('₱0.05');
    expect(formatPeso(2_450)).toBe('₱24.50');
    expect(formatPeso(123_456_789)).toBe('₱1,234,567.89');
    expect(formatPeso(-150)).toBe('−₱1.50');
  });

  it('found by a BIR probe: an amount taken off carries exactly one minus sign, whatever its own sign', () => {
    expect(lessPeso(850)).toBe('−₱8.50');
    expect(lessPeso(0)).toBe('₱0.00');
    // A negative deduction is no "−−₱8.50": taking off −₱8.50 adds ₱8.50.
    expect(lessPeso(-850)).toBe('₱8.50');
    for (const minor of [-123_456, -1, 0, 1, 99_999]) expect(`${formatPeso(minor)} ${lessPeso(minor)}`).not.toMatch(/[−-]\s*[−-]|[−-]\(|\(/);
  });

  it('reads what the cashier types as centavos, without floating point', () => {
    expect(parsePesoInput('500')).toBe(50_000);
    expect(parsePesoInput('1,000')).toBe(100_000);
    expect(parsePesoInput('99.5')).toBe(9_950);
    expect(parsePesoInput('₱ 0.07')).toBe(7);
    expect(parsePesoInput('.25')).toBe(25);
    expect(parsePesoInput('0.1')).toBe(10);
    for (const bad of ['', 'abc', '1.234', '1,00', '-5', '.']) expect(parsePesoInput(bad)).toBeNull();
  });
});

describe('the cart', () => {
  it('adds a scanned product again as one more unit of the same line', () => {
    const lines = addProduct(addProduct(addProduct([], product('A', 1_500)), product('B', 2_450)), product('A', 1_500));
    expect(lines.map((l) => [l.sku, l.qty])).toEqual([
      ['A', 2],
      ['B', 1],
    ]);
    expect(cartTotalMinor(lines)).toBe(5_450);
  });

  it('remove takes the line away (one more or one less is the core’s step: stepQuantity)', () => {
    const lines = addProduct([], product('A', 1_500));
    expect(removeLine(lines, 'A')).toEqual([]);
  });

  it('a weighed line (read per kg) has no step; a counted one has', () => {
    expect(weighedLine({ soldBy: 'weight', qty: 2 })).toBe(true);
    expect(weighedLine({ qty: 0.75 })).toBe(true);
    expect(weighedLine({ soldBy: 'piece', qty: 2 })).toBe(false);
    expect(weighedLine({ qty: 2 })).toBe(false);
  });

  it('becomes sale lines the back office prices the same way', () => {
    const lines = setQty(addProduct([], { ...product('A', 1_999), taxCode: 'VAT12' }), 'A', 3);
    expect(toSaleLines(lines)).toEqual([{ sku: 'A', name: 'A', qty: 3, unitPriceMinor: 1_999, taxCode: 'VAT12' }]);
    expect(cartTotalMinor(lines)).toBe(5_997);
  });
});

describe('how long the oldest sale has waited', () => {
  const now = Date.parse('2025-10-17T12:00:00Z');
  it('reads like a person would say it', () => {
    expect(ageOf('2025-10-17T11:59:30Z', now)).toBe('under a minute');
    expect(ageOf('2025-10-17T11:48:00Z', now)).toBe('12 min');
    expect(ageOf('2025-10-17T09:55:00Z', now)).toBe('2 h 5 min');
    expect(ageOf('2025-10-14T12:00:00Z', now)).toBe('3 days');
  });
});

describe("a senior citizen's or PWD's week of the 5%, said before paying (found by a black-box probe: a sale past the cap had no 5% without a word)", () => {
  const caps = { weeklyPurchaseCapMinor: 250_000, weeklyDiscountCapMinor: 12_500 };
  it('says what was given this week at this till and what is left, or that none is left', () => {
    expect(weekText({ ...caps, purchasesMinor: 0, discountMinor: 0 })).toBe(
      '5% on basic necessities this week at this till: none given yet; up to ₱125.00.',
    );
    expect(weekText({ ...caps, purchasesMinor: 40_000, discountMinor: 2_000 })).toBe(
      '5% on basic necessities this week at this till: ₱20.00 given on ₱400.00 of basic necessities; up to ₱105.00 left.',
    );
    expect(weekText({ ...caps, purchasesMinor: 260_000, discountMinor: 12_500 })).toBe(
      "The week's 5% on basic necessities is used up at this till (₱125.00 given on ₱2,600.00 of basic necessities): no 5% on this sale.",
    );
  });
});

describe("a buyer's TIN as the cashier types it (Shift+F1)", () => {
  it('is printed with its dashes: nine digits, and a branch code of three to five where there is one', () => {
    expect(buyerTin('123456789')).toBe('123-456-789');
    expect(buyerTin(' 123 456 789 00000 ')).toBe('123-456-789-00000');
    expect(buyerTin('123-456-789-000')).toBe('123-456-789-000');
    for (const wrong of ['12345', '1234567890', '123-456-789-00', '123456789000000', 'ABC-456-789', '']) expect(buyerTin(wrong)).toBeNull();
  });
});
