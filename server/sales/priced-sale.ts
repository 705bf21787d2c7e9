import { isSafeMinor, lineTotalMinor, qtyToMilli, type SaleLine, type SaleRequest } from '../../protocol';
import { refuseTinyQuantities } from '../inventory/quantities';
import { Problem } from '../problem';

export interface PricedSaleLine {
  lineNo: number;
  sku: string;
  name: string | null;
  qtyMilli: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxCode: string | null;
  totalMinor: number;
  /** A senior citizen's or PWD's discount on the line, as the till gave it (checked in sale-benefits.ts). */
  benefit: NonNullable<SaleLine['benefit']> | null;
}

export interface PricedSale {
  lines: PricedSaleLine[];
  totalMinor: number;
  paidMinor: number;
  /** What the card and other tenders paid (cash is the only tender that gives change). */
  nonCashMinor: number;
}

/**
 * The sale's money, from the request alone. Only what cannot be a sale at all is refused
 * (a quantity finer than a gram, or one that would be stored as 0); everything a shop might do is priced as sent.
 */
export function priceSale(sale: SaleRequest): PricedSale {
  refuseTinyQuantities(sale.lines, (line) => line.qty, 'qty');
  const errors: { path: string; message: string }[] = [];
  const lines = sale.lines.map((line, index) => {
    const qtyMilli = qtyToMilli(line.qty);
    if (qtyMilli === undefined) errors.push({ path: `/lines/${index}/qty`, message: 'must have at most three decimals' });
    const priced = { qtyMilli: qtyMilli ?? 0, unitPriceMinor: line.unitPriceMinor, discountMinor: line.discountMinor ?? 0 };
    return {
      lineNo: index + 1,
      sku: line.sku,
      name: line.name ?? null,
      ...priced,
      taxCode: line.taxCode ?? null,
      totalMinor: lineTotalMinor(priced),
      benefit: line.benefit ?? null,
    };
  });
  if (Number.isNaN(Date.parse(sale.occurredAt))) errors.push({ path: '/occurredAt', message: 'must be an ISO-8601 date-time' });
  lines.forEach((line, index) => {
    if (!isSafeMinor(line.totalMinor)) errors.push({ path: `/lines/${index}`, message: 'the line is worth more than can be counted exactly' });
  });
  const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
  const paidMinor = sale.payments.reduce((sum, payment) => sum + payment.amountMinor, 0);
  if (!isSafeMinor(totalMinor)) errors.push({ path: '/lines', message: 'the sale is worth more than can be counted exactly' });
  if (!isSafeMinor(paidMinor)) errors.push({ path: '/payments', message: 'the payments add up to more than can be counted exactly' });
  if (errors.length > 0) {
    throw new Problem(400, 'validation_failed', 'Invalid sale', 'The sale is not well formed.', errors);
  }
  const nonCashMinor = sale.payments.reduce((sum, payment) => (payment.method === 'cash' ? sum : sum + payment.amountMinor), 0);
  return { lines, totalMinor, paidMinor, nonCashMinor };
}
