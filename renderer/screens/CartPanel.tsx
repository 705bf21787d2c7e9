import { cartTotalMinor, itemCount, lineAmountMinor, type CartLine } from '../cart';
import { formatPeso } from '../money';

interface Props {
  lines: readonly CartLine[];
  onChangeQty(sku: string, delta: number): void;
  onRemove(sku: string): void;
}

export function CartPanel({ lines, onChangeQty, onRemove }: Props) {
  return (
    <section className="panel cart-panel" aria-label="Cart" data-testid="cart">
      <h2>
        Cart <span className="muted">{itemCount(lines)} items</span>
      </h2>
      {lines.length === 0 ? (
        <p className="empty">Scan or search a product to start a sale.</p>
      ) : (
        <ul className="cart-lines">
          {lines.map((line) => (
            <li key={line.sku} className="cart-line" data-testid="cart-line" data-sku={line.sku}>
              <span className="cart-line-name">
                {line.name}
                <small>{formatPeso(line.unitPriceMinor)} each</small>
              </span>
              <span className="qty">
                <button type="button" aria-label={`One less ${line.name}`} data-testid="qty-less" onClick={() => onChangeQty(line.sku, -1)} disabled={line.qty <= 1}>
                  −
                </button>
                <span data-testid="cart-line-qty">{line.qty}</span>
                <button type="button" aria-label={`One more ${line.name}`} data-testid="qty-more" onClick={() => onChangeQty(line.sku, 1)}>
                  +
                </button>
              </span>
              <span className="amount">{formatPeso(lineAmountMinor(line))}</span>
              <button type="button" className="remove" aria-label={`Remove ${line.name}`} data-testid="remove-line" onClick={() => onRemove(line.sku)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="total">
        <span>Total</span>
        <strong data-testid="cart-total">{formatPeso(cartTotalMinor(lines))}</strong>
      </p>
    </section>
  );
}
