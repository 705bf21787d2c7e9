import type { ShiftReport } from '../shifts/shift-schemas';
import { discountKindInSentence } from './discount-kinds';

/** One line of a reading between gross and net sales: what it takes off, how many documents, how much. */
export interface Deduction {
  /** `refunds`, `discount-<kind>` or `vat-adjustment`: the printed line's test id after `report-`. */
  key: string;
  label: string;
  count: number;
  amountMinor: number;
}

/** The law's discounts the till records, listed on every reading (₱0.00 when none), then the cashier's own. */
const KNOWN_KINDS = ['senior_citizen', 'pwd', 'senior_citizen_bnpc', 'pwd_bnpc', 'line', 'cart'];
/** The VAT a senior citizen's or PWD's exempt line no longer carries: the reading's VAT adjustment, after the discounts. */
const VAT_ADJUSTMENT = 'vat_exemption';

/**
 * The deductions an X or Z reading prints from gross sales to net sales, in order: returns
 * and refunds, the discounts by kind, the VAT adjustment. Gross sales less every line is the
 * net sales exactly, as the screen, the paper and the journal print them. A Z stored before
 * discounts were kept by kind takes its discounts off as one line.
 */
export function readingDeductions(r: ShiftReport): Deduction[] {
  const returns: Deduction = {
    key: 'refunds',
    label: `Less returns/refunds (${r.refundsCount})`,
    count: r.refundsCount,
    amountMinor: r.refundsMinor,
  };
  if (r.discounts === undefined) {
    const discountsMinor = r.grossSalesMinor - r.refundsMinor - r.netSalesMinor;
    return discountsMinor === 0
      ? [returns]
      : [returns, { key: 'discounts', label: 'Less discounts', count: r.salesCount, amountMinor: discountsMinor }];
  }
  const byKind = new Map(r.discounts.map((d) => [d.kind, d]));
  const kinds = [...KNOWN_KINDS, ...r.discounts.map((d) => d.kind).filter((kind) => !KNOWN_KINDS.includes(kind) && kind !== VAT_ADJUSTMENT)];
  const adjustment = byKind.get(VAT_ADJUSTMENT);
  return [
    returns,
    ...kinds.map((kind) => {
      const count = byKind.get(kind)?.count ?? 0;
      return {
        key: `discount-${kind}`,
        label: `Less ${discountKindInSentence(kind)} (${count})`,
        count,
        amountMinor: byKind.get(kind)?.amountMinor ?? 0,
      };
    }),
    {
      key: 'vat-adjustment',
      label: `Less VAT adjustment, SC/PWD (${adjustment?.count ?? 0})`,
      count: adjustment?.count ?? 0,
      amountMinor: adjustment?.amountMinor ?? 0,
    },
  ];
}
