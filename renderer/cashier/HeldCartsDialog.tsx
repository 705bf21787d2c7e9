import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Cart } from '../cart';
import type { CartStore } from '../cart-store';
import type { TaxRate } from '../../terminal/money/vat-split';
import { itemsText, pricedCart } from '../cart';
import { formatPeso } from '../money';
import { CounterModal } from './CounterModal';

interface Props {
  store: CartStore;
  /** The catalog's taxes: a held cart's total is what its customer would pay, as the counter prices it. */
  taxes: ReadonlyMap<string, TaxRate>;
  onRecall(cartKey: string): void;
  onClose(): void;
}

/** F7: the held carts, oldest first; ↑ ↓ to choose, Enter to bring one back, Esc to close. */
export function HeldCartsDialog({ store, taxes, onRecall, onClose }: Props) {
  const [held, setHeld] = useState<Cart[] | null>(null);
  const [index, setIndex] = useState(0);
  // What was typed since the list opened: a scanner's digits, whose Enter must not recall the cart that happens to be chosen.
  const [typed, setTyped] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    store.listHeld().then(setHeld, () => setHeld([]));
  }, [store]);

  function onKeyDown(event: KeyboardEvent) {
    const count = held?.length ?? 0;
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      setTyped('');
      setIndex((i) => (event.key === 'ArrowDown' ? Math.min(count - 1, i + 1) : Math.max(0, i - 1)));
    } else if (event.key === 'Enter' && typed !== '') {
      setRefusal(`“${typed}” was scanned while the held carts were open: nothing was recalled or added. Esc, then scan it again.`);
      setTyped('');
    } else if (event.key === 'Enter' && held?.[index]) onRecall(held[index].cartKey);
    else if (event.key.length === 1 && !event.ctrlKey && !event.altKey && !event.metaKey) setTyped((t) => t + event.key);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <CounterModal>
      <div
        className="dialog"
        role="dialog"
        aria-label="Held carts"
        data-testid="held-carts"
        tabIndex={-1}
        ref={(el) => el?.focus()}
        onKeyDown={onKeyDown}
      >
        <h2>Held carts</h2>
        {held === null ? (
          <p className="muted">Loading…</p>
        ) : held.length === 0 ? (
          <p className="empty">No held carts.</p>
        ) : (
          <ul className="held-list">
            {held.map((cart, i) => (
              <li
                key={cart.cartKey}
                className={i === index ? 'held-on' : ''}
                data-testid="held-cart"
                data-cart-key={cart.cartKey}
                onClick={() => onRecall(cart.cartKey)}
              >
                <span>{cart.heldAt ? new Date(cart.heldAt).toLocaleTimeString('en-PH', { hour: '2-digit', minute: '2-digit' }) : ''}</span>
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
