import { MAX_MINOR, MAX_PAYMENT_REFERENCE, type PaymentMethod } from '../../protocol/sales';

/**
 * Several tenders on one sale: cash, card (with its slip reference), other. Change is
 * only ever given from cash: a card or other tender may not exceed what is still due.
 */
export interface Tender {
  method: PaymentMethod;
  amountMinor: number;
  reference?: string;
}

export interface TenderState {
  paidMinor: number;
  /** Still to pay; 0 once covered. */
  remainingMinor: number;
  changeMinor: number;
  covered: boolean;
}

export function tenderState(amountDueMinor: number, tenders: readonly Tender[]): TenderState {
  const paidMinor = tenders.reduce((sum, t) => sum + t.amountMinor, 0);
  return {
    paidMinor,
    remainingMinor: Math.max(0, amountDueMinor - paidMinor),
    changeMinor: Math.max(0, paidMinor - amountDueMinor),
    covered: paidMinor >= amountDueMinor,
  };
}

export type TenderRefusal = 'zero_amount' | 'non_cash_over_due' | 'already_covered' | 'too_large';

/** Whether one more tender may be taken; null when it may. */
export function refuseTender(amountDueMinor: number, tenders: readonly Tender[], next: Tender): TenderRefusal | null {
  const { remainingMinor, covered } = tenderState(amountDueMinor, tenders);
  if (covered) return 'already_covered';
  if (next.amountMinor <= 0) return 'zero_amount';
  // Past what a sale can carry (protocol/sales.ts), the sale could not be stored.
  if (next.amountMinor > MAX_MINOR || (next.reference ?? '').length > MAX_PAYMENT_REFERENCE) return 'too_large';
  if (next.method !== 'cash' && next.amountMinor > remainingMinor) return 'non_cash_over_due';
  return null;
}

/**
 * Whether the tenders taken may pay the sale as it now stands; null when they may. A line voided
 * or a discount given after a card was taken can leave the card above the amount due: the
 * difference would be change, and change is only ever given from cash.
 */
export function refusePayment(amountDueMinor: number, tenders: readonly Tender[]): TenderRefusal | null {
  const nonCashMinor = tenders.reduce((sum, t) => sum + (t.method === 'cash' ? 0 : t.amountMinor), 0);
  return nonCashMinor > amountDueMinor ? 'non_cash_over_due' : null;
}
