import { useEffect, useRef } from 'react';
import { formatPeso } from '../money';
import { cartTotalMinor, itemsText, type Cart } from '../cart';

/** What the manager is asked before a Z reading: the drawer's cash as this shift's X reading counts it, and what was counted. */
export interface ZQuestion {
  /** Which form asked: closing the shift (with its counted cash) or ending a day whose last shift closed already. */
  form: 'close' | 'day';
  /** The open shift's drawer as its X reading counts it (null when no shift is open: ending the day). */
  expectedCashMinor: number | null;
  countedCashMinor: number | undefined;
  /** The carts still held on this till (heldInWords), or null: none. */
  held?: string | null;
}

/**
 * "1 cart is still on hold: Juan dela Cruz's cart (9 items, ₱289.50). …" Found by a walk: a
 * cart held before the Z was paid after it, into a shift nobody had opened yet, and nothing
 * at the day's end had said it was there.
 */
export function heldInWords(carts: readonly Cart[]): string | null {
  if (carts.length === 0) return null;
  const each = carts.map((c) => `${c.heldName ?? 'a cart'} (${itemsText(c.lines)}, ${formatPeso(cartTotalMinor(c.lines))})`).join('; ');
  const one = carts.length === 1;
  const count = one ? '1 cart is' : `${carts.length} carts are`;
  const [it, goes] = one ? ['it', 'it goes'] : ['them', 'they go'];
  return `${count} still on hold at this till: ${each}. Paid after the Z reading, ${goes} into the next day's sales: recall ${one ? 'it' : 'each'} at the counter (F7) and pay or void ${it} first, or take the Z and leave ${it} for tomorrow.`;
}

/** "Counted ₱4,645.00 against ₱4,730.16 expected in the drawer: ₱85.16 short." */
export function drawerInWords(q: ZQuestion): string | null {
  if (q.expectedCashMinor === null) return null;
  const expected = `${formatPeso(q.expectedCashMinor)} expected in the drawer`;
  if (q.countedCashMinor === undefined) return `No cash counted: ${expected}.`;
  const difference = q.countedCashMinor - q.expectedCashMinor;
  const balance = difference === 0 ? 'it balances' : `${formatPeso(Math.abs(difference))} ${difference < 0 ? 'short' : 'over'}`;
  return `Counted ${formatPeso(q.countedCashMinor)} against ${expected}: ${balance}.`;
}

/**
 * A Z reading is taken once and never taken back (BIR: one a business day; the day's sales are
 * closed in it). Found by a walk: one Enter in the close form took it, a cash shortage and all.
 * Asked once more, with the drawer's figures; the focus is on the question, not on Yes, so a
 * second Enter typed in haste takes nothing.
 */
export function ZConfirm({ question, onYes, onNo, busy }: { question: ZQuestion; onYes: () => void; onNo: () => void; busy: boolean }) {
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => box.current?.focus(), []);
  const drawer = drawerInWords(question);
  return (
    <div className="warning z-confirm" role="alertdialog" aria-labelledby="z-confirm-title" tabIndex={-1} ref={box} data-testid="z-confirm">
      <p id="z-confirm-title">
        <strong>Take the Z reading and end the day?</strong> It is taken once and cannot be taken back.
      </p>
      {drawer && <p data-testid="z-confirm-drawer">{drawer}</p>}
      {question.held && <p data-testid="z-confirm-held">{question.held}</p>}
      <button type="button" className="primary" onClick={onYes} disabled={busy} data-testid="z-confirm-yes">
        Yes, take the Z reading
      </button>{' '}
      <button type="button" onClick={onNo} disabled={busy} data-testid="z-confirm-no">
        Not yet
      </button>
    </div>
  );
}
