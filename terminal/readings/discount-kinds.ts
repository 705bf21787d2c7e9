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
  senior_citizen_bnpc: 'Senior citizen, basic necessities (5%)',
  pwd_bnpc: 'PWD, basic necessities (5%)',
  vat_exemption: 'VAT exemption (SC/PWD)',
};

export const discountKindName = (kind: string): string => discountKindNames[kind] ?? kind;

/** A kind's name inside a sentence ("Less line discounts"): a capital that starts a word is lowered, never "PWD" or "SC/PWD". */
export const discountKindInSentence = (kind: string): string => {
  const name = discountKindName(kind);
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
};

/**
 * The discount rows a sale stores. The law's discounts come from the lines themselves: a
 * senior citizen's or PWD's line carries its benefit (protocol/sales.ts), stored as the
 * person's kind (`senior_citizen`, `pwd`, or `senior_citizen_bnpc` / `pwd_bnpc` for the 5%)
 * and the VAT it no longer carries as `vat_exemption`. The rest of the lines' discounts is
 * what the screen gave by kind (line, cart), which must add up to it exactly (each kind
 * once); none given, it is one `manual` row. Zero amounts are not stored.
 */
export function saleDiscounts(
  lines: readonly SaleLine[],
  given: readonly SaleDiscount[] | undefined,
  beneficiaryKind: 'senior_citizen' | 'pwd' | null = null,
): SaleDiscount[] {
  const statutory = new Map<string, number>();
  const add = (kind: string, amount: number) => statutory.set(kind, (statutory.get(kind) ?? 0) + amount);
  for (const line of lines) {
    if (!line.benefit) continue;
    const person = beneficiaryKind ?? 'senior_citizen';
    add(line.benefit.rule === 'bnpc_5' ? `${person}_bnpc` : person, line.benefit.discountMinor);
    add('vat_exemption', line.benefit.vatRemovedMinor);
  }
  const onLines = lines.reduce((sum, l) => sum + (l.discountMinor ?? 0), 0) - [...statutory.values()].reduce((a, b) => a + b, 0);
  const law = [...statutory].map(([kind, amountMinor]) => ({ kind, amountMinor })).filter((d) => d.amountMinor > 0);
  if (given === undefined) return [...law, ...(onLines > 0 ? [{ kind: 'manual', amountMinor: onLines }] : [])];
  const kinds = new Set(given.map((d) => d.kind));
  if (kinds.size !== given.length)
    throw new TerminalError('invalid_argument', 'Each kind of discount is given once.', [{ path: '/discounts', message: 'a kind appears twice' }]);
  if (given.some((d) => statutory.has(d.kind)))
    throw new TerminalError('invalid_argument', "The law's discounts are read from the lines' benefits, not given by kind.", [
      { path: '/discounts', message: 'a statutory kind' },
    ]);
  const sum = given.reduce((total, d) => total + d.amountMinor, 0);
  if (sum !== onLines)
    throw new TerminalError('invalid_argument', `The discounts by kind add up to ${sum} centavos, the lines' other discounts to ${onLines}.`, [
      { path: '/discounts', message: 'must add up to the lines’ discounts' },
    ]);
  return [...law, ...given.filter((d) => d.amountMinor > 0)];
}
