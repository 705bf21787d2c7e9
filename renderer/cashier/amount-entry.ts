import { MAX_MINOR } from '../../protocol/sales';
import { formatPeso } from '../money';

/**
 * Cash whose change reaches this (₱1,000, the largest peso bill) is taken only with Ctrl+Enter:
 * a scanner ends a barcode with a plain Enter, so a code scanned into the amount field can
 * never pay a sale with an absurd change (found by a probe: an EAN-8 paid ₱96,385,074.00).
 */
export const CONFIRM_CHANGE_FROM_MINOR = 100_000;

/** A keyboard-wedge scanner types a code's characters a few milliseconds apart; a person, about ten times slower. */
const SCANNER_MS_PER_KEY = 40;
const SCANNER_MIN_KEYS = 6;
const BURST_GAP_MS = 300;

/** The keys typed into a field, by when: a scanner's burst tells itself from a cashier's typing. */
export class KeyPace {
  private times: number[] = [];

  key(now: number): void {
    const last = this.times[this.times.length - 1];
    if (last === undefined || now - last > BURST_GAP_MS) this.times = [];
    this.times.push(now);
  }

  /** Whether what was typed since the last pause came at a scanner's pace, Enter (now) included. */
  burst(now: number): boolean {
    const first = this.times[0];
    const count = this.times.length;
    this.times = [];
    return first !== undefined && count >= SCANNER_MIN_KEYS && (now - first) / count <= SCANNER_MS_PER_KEY;
  }
}

/** Letters, digits and dashes only: what a barcode or a SKU is made of (an amount's "." or "₱" is not). */
export function mayBeProductCode(typed: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(typed);
}

/** Pesos past what a sale can carry (protocol/sales.ts MAX_MINOR): said as they are typed, not on Enter. */
export function amountTooLarge(typed: string): boolean {
  const pesos = /^\s*₱?\s*([\d,]+)(?:\.\d*)?\s*$/.exec(typed)?.[1]?.replace(/,/g, '');
  return pesos !== undefined && pesos !== '' && (pesos.length > 12 || Number(pesos) * 100 > MAX_MINOR);
}

export const scannedUnknown = (code: string) =>
  `“${code}” came in as fast as a scanner types: a barcode, not an amount, and no product has it. Nothing was taken: type the cash handed over, or Esc to go back to scanning.`;

export const scannedAdded = (name: string, code: string) =>
  `${name} (${code}) went into the amount field: it is rung up, not taken as cash. Scan the next item, or F2 to pay.`;

/** A product's code typed where the money goes: named, with how to add it and how to take that many pesos. */
export function productNotAmount(name: string, code: string): string {
  const asCash = /^\d{1,6}$/.test(code) ? ` Cash of ₱${code} is typed with its centavos: ${code}.00.` : '';
  return `${name} (${code}) is a product, not an amount: nothing was taken. To add it, press Esc and scan it again (tenders taken stay).${asCash}`;
}

export const confirmChange = (cashMinor: number, changeMinor: number) =>
  `Cash of ${formatPeso(cashMinor)} gives a change of ${formatPeso(changeMinor)}: check the money handed over. Ctrl+Enter takes it (a scanner’s Enter does not); or type the amount again.`;
