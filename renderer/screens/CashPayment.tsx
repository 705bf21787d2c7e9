import { useState, type FormEvent, type RefObject } from 'react';
import { formatPeso, parsePesoInput } from '../money';

const BILLS_MINOR = [10_000, 20_000, 50_000, 100_000];

interface Props {
  totalMinor: number;
  canPay: boolean;
  paying: boolean;
  error: string | null;
  onPay(tenderedMinor: number): void;
  tenderedRef: RefObject<HTMLInputElement | null>;
}

/** Cash tendered (blank means the exact amount), change due, and the one Pay button. */
export function CashPayment({ totalMinor, canPay, paying, error, onPay, tenderedRef }: Props) {
  const [tendered, setTendered] = useState('');
  const tenderedMinor = tendered.trim() === '' ? totalMinor : parsePesoInput(tendered);
  const short = tenderedMinor !== null && tenderedMinor < totalMinor;
  const ready = canPay && !paying && tenderedMinor !== null && !short;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (ready && tenderedMinor !== null) onPay(tenderedMinor);
  }

  return (
    <form className="panel payment-panel" onSubmit={submit} aria-label="Cash payment">
      <label className="tendered">
        Cash received <small>(F2; blank = exact amount)</small>
        <input
          ref={tenderedRef}
          data-testid="cash-tendered"
          inputMode="decimal"
          placeholder={formatPeso(totalMinor)}
          value={tendered}
          onChange={(e) => setTendered(e.target.value)}
          autoComplete="off"
        />
      </label>
      <div className="bills">
        <button type="button" onClick={() => setTendered('')} data-testid="cash-exact">
          Exact
        </button>
        {BILLS_MINOR.map((bill) => (
          <button type="button" key={bill} onClick={() => setTendered(String(bill / 100))} data-testid={`cash-bill-${bill / 100}`}>
            {formatPeso(bill)}
          </button>
        ))}
      </div>
      <p className="change">
        <span>{short ? 'Short by' : 'Change due'}</span>
        <strong data-testid="change-due" className={short ? 'short' : ''}>
          {tenderedMinor === null ? '—' : formatPeso(Math.abs(tenderedMinor - totalMinor))}
        </strong>
      </p>
      {tenderedMinor === null && <p className="error">Type an amount like 500 or 99.75.</p>}
      {error && (
        <p className="error" role="alert" data-testid="pay-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary pay" disabled={!ready} data-testid="pay-button">
        {paying ? 'Paying…' : `Pay ${formatPeso(totalMinor)} cash`}
      </button>
    </form>
  );
}
