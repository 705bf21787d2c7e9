import type { SaleFlag } from '../../protocol';

/**
 * Why a sale needs review, in a manager's words: one short phrase per flag (`saleFlags` in
 * protocol/sales.ts; a flag added there without its words here does not compile).
 */
export const SALE_FLAG_WORDS: Record<SaleFlag, string> = {
  unknown_sku: 'a product not in the catalog',
  price_differs: "sold at another price than the catalog's",
  tax_differs: 'taxed otherwise than the catalog says',
  negative_stock: 'sold more than the store had in stock',
  payment_short: 'paid less than its total',
  discount_exceeds_line: 'a discount larger than its line',
  benefit_not_eligible: "a senior citizen / PWD discount on a product that is not eligible, or without the person's ID",
  benefit_miscomputed: "a senior citizen / PWD discount not as the law's rule gives it",
  bnpc_cap_exceeded: "more of the 5% on basic necessities than the person's weekly caps leave",
  fraction_of_counted: 'a fraction of a product sold by the piece',
  unknown_tax_code: 'a tax code the business does not have (its VAT counted as none)',
  non_cash_over_due: 'more paid by card or another non-cash tender than its total (no change is given on a card)',
  receipt_renumbered: 'numbered again by its till: the receipt printed a number already used (a till restored from a copy, or copied)',
};

/** A flag's words; one this back office does not know (a newer instance's) is shown as it is. */
export const saleFlagWords = (flag: string): string => (Object.hasOwn(SALE_FLAG_WORDS, flag) ? SALE_FLAG_WORDS[flag as SaleFlag] : flag);
