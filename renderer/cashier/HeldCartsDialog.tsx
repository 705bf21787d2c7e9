import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Cart } from '../cart';
import type { CartStore } from '../cart-store';
import type { TaxRate } from '../../terminal/money/vat-split';
import { itemsText, pricedCart } from '../cart';
import { formatPeso } from '../money';
import { CounterModal } from './CounterModal';
import { businessClock } from '../../terminal/invoicing/document-dates';

interface Props {
  store: CartStore;
  /** The catalog's taxes: a held cart's total is what its customer would pay, as the counter prices it. */
  taxes: ReadonlyMap<string, TaxRate>;
  onRecall(cart: Cart): void;
  onClose(): void;
  /** The business's (TerminalStatus.timeZone): when each cart was held, on the shop's clock. */
  timeZone: string;
}

/**
 * F7: the held carts, oldest first; ↑ ↓ to choose, Enter to bring one back, Esc to close.
 * A listbox with the focus: a screen reader reads the chosen cart (its active descendant) as ↑ ↓ move it.
 */
export function HeldCartsDialog({ store, taxes, onRecall, onClose, timeZone }: Props) {
  const [held, setHeld] = useState<Cart[] | null>(null);
  const [index, setIndex] = useState(0);
  const titleId = useId();
  const optionId = useId();
  const box = useRef<HTMLDivElement | null>(null);
  const list = useRef<HTMLUListElement | null>(null);
  const none = useRef<HTMLParagraphElement | null>(null);
  // What was typed since the list opened: a scanner's digits, whose Enter must not recall the cart that happens to be chosen.
  const [typed, setTyped] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    store.listHeld().then(setHeld, () => setHeld([]));
  }, [store]);

  // The dialog until the list is read, then the list, or the words saying there is none, has the focus: what a screen
  // reader reads out (found by a probe: the dialog took the focus back at every render, the chosen cart was never read).
  useEffect(() => {
    (list.current ?? none.current ?? box.current)?.focus();
  }, [held]);

  function onKeyDown(event: KeyboardEvent) {
    const count = held?.length ?? 0;
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setTyped('');
      setIndex((i) => (event.key === 'ArrowDown' ? Math.min(count - 1, i + 1) : Math.max(0, i - 1)));
    } else if (event.key === 'Enter' && typed !== '') {
      setRefusal(`“${typed}” was scanned while the held carts were open: nothing was recalled or added. Esc, then scan it again.`);
      setTyped('');
    } else if (event.key === 'Enter' && held?.[index]) onRecall(held[index]);
    else if (event.key.length === 1 && !event.ctrlKey && !event.altKey && !event.metaKey) setTyped((t) => t + event.key);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <CounterModal labelledBy={titleId}>
      <div className="dialog" data-testid="held-carts" tabIndex={-1} ref={box} onKeyDown={onKeyDown}>
        <h2 id={titleId}>Held carts</h2>
        {held === null ? (
          <p className="muted">Loading…</p>
        ) : held.length === 0 ? (
          <p className="empty" tabIndex={-1} ref={none}>
            No held carts.
          </p>
        ) : (
          <ul className="held-list" role="listbox" aria-labelledby={titleId} aria-activedescendant={`${optionId}-${index}`} tabIndex={0} ref={list}>
            {held.map((cart, i) => (
              <li
                key={cart.cartKey}
                id={`${optionId}-${i}`}
                role="option"
                aria-selected={i === index}
                className={i === index ? 'held-on' : ''}
                data-testid="held-cart"
                data-cart-key={cart.cartKey}
                onClick={() => onRecall(cart)}
              >
                <span data-testid="held-cart-time">{cart.heldAt ? businessClock(cart.heldAt, timeZone) : ''}</span>
                <span data-testid="held-cart-name">{cart.heldName ?? ''}</span>
                <span>{itemsText(cart.lines)}</span>
                <strong data-testid="held-cart-total">{formatPeso(pricedCart(cart, taxes).vat.amountDueMinor)}</strong>
              </li>
            ))}
          </ul>
        )}
        {refusal && (
          <p className="error" role="alert" data-testid="held-carts-error">
            {refusal}
          </p>
        )}
        <p className="dialog-keys muted">↑ ↓ choose · Enter recall · Esc close</p>
      </div>
    </CounterModal>
  );
}
