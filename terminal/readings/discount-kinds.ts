import { Type, type Static } from 'typebox';
import type { SaleLine } from '../../protocol/sales';
import { TerminalError } from '../terminal-error';

/**
 * A sale's discounts by kind, as a reading lists them. The lines carry one `discountMinor`
 * each (the wire contract); the kinds say what that money was given as. Today's kinds are
 * a cashier's line and cart discounts; a kind is any short code, so the statutory kinds
 * (senior citizen, PWD, the 5% on basic necessities) are stored and summed the same way.
 */
export const DiscountKindSchema = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' });

export const SaleDiscountSchema = Type.Object({
  kind: DiscountKindSchema,
  amountMinor: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
});
export type SaleDiscount = Static<typeof SaleDiscountSchema>;

/** Discount kinds known to the screens and the printed reading, with their printed names. */
export const discountKindNames: Readonly<Record<string, string>> = {
  line: 'Line discounts',
  cart: 'Cart discounts',
  manual: 'Discounts (kind not given)',
  senior_citizen: 'Senior citizen (20%)',
  pwd: 'PWD (20%)',
  bnpc: 'BNPC (5%)',
};

export const discountKindName = (kind: string): string => discountKindNames[kind] ?? kind;

/**
 * The discount rows a sale stores: the kinds the screen gave, which must add up to the
 * lines' discounts exactly (each kind once); none given, the lines' discounts as one
 * `manual` row. Zero amounts are not stored.
 */
export function saleDiscounts(lines: readonly SaleLine[], given: readonly SaleDiscount[] | undefined): SaleDiscount[] {
  const onLines = lines.reduce((sum, l) => sum + (l.discountMinor ?? 0), 0);
  if (given === undefined) return onLines > 0 ? [{ kind: 'manual', amountMinor: onLines }] : [];
  const kinds = new Set(given.map((d) => d.kind));
  if (kinds.size !== given.length)
    throw new TerminalError('invalid_argument', 'Each kind of discount is given once.', [{ path: '/discounts', message: 'a kind appears twice' }]);
  const sum = given.reduce((total, d) => total + d.amountMinor, 0);
  if (sum !== onLines)
    throw new TerminalError('invalid_argument', `The discounts by kind add up to ${sum} centavos, the lines' discounts to ${onLines}.`, [
      { path: '/discounts', message: 'must add up to the lines’ discounts' },
    ]);
  return given.filter((d) => d.amountMinor > 0);
}
