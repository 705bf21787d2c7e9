import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { CashMovement, CashMovementKind } from '../../terminal/drawer/cash-movement-schemas';
import type { TerminalApi } from '../../terminal/terminal-api';
import { errorText } from '../error-text';
import { formatPeso, parsePesoInput } from '../money';
import { PinField } from './PinField';

const WORDS: Record<CashMovementKind, { button: string; done: string }> = {
  pay_in: { button: 'Pay in', done: 'Paid in' },
  pay_out: { button: 'Pay out', done: 'Paid out' },
};

/**
 * Cash into the drawer (change brought from the safe) or out of it (a pickup to the safe, a
 * delivery paid from the till) during the open shift, with why and a manager's PIN. The
 * readings count it in the expected cash; the shift's movements are listed under the form.
 */
export function CashMoveForm({ api, shiftId, nameOf }: { api: TerminalApi; shiftId: string; nameOf(code: string): string }) {
  const [kind, setKind] = useState<CashMovementKind>('pay_out');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moves, setMoves] = useState<CashMovement[]>([]);
  const running = useRef(false);

  const load = useCallback(
    () =>
      api
        .shiftCashMovements({ shiftId })
        .then(setMoves, (caught: unknown) => setError(errorText(caught, 'The cash paid in and out could not be read.'))),
    [api, shiftId],
  );
  useEffect(() => void load(), [load]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (running.current) return;
    const amountMinor = parsePesoInput(amount);
    if (amountMinor === null || amountMinor <= 0) return setError('Type the cash as an amount above zero, e.g. 500.00.');
    running.current = true;
    setError(null);
    setDone(null);
    try {
      const moved = await api.moveCash({ kind, amountMinor, reason, approval: { managerPin: pin } });
      setDone(
        `${WORDS[moved.kind].done} ${formatPeso(moved.amountMinor)} (${moved.reason}), approved by ${nameOf(moved.approvedBy)}. ` +
          `The drawer should now hold ${formatPeso(moved.drawerCashMinor)}.`,
      );
      setAmount('');
      setReason('');
      setPin('');
      await load();
    } catch (caught) {
      setError(errorText(caught, 'The cash was not moved.'));
    } finally {
      running.current = false;
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="cash-move-form" aria-label="Cash in or out of the drawer" data-testid="cash-move-form">
      <h3>Cash in or out of the drawer</h3>
      <div role="radiogroup" aria-label="Which way">
        {(['pay_in', 'pay_out'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="cash-move-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`cash-move-${k}`} />{' '}
            {k === 'pay_in' ? 'Into the drawer (change from the safe)' : 'Out of the drawer (pickup to the safe, a delivery paid)'}
          </label>
        ))}
      </div>
      <label className="field">
        Amount
        <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" placeholder="500.00" data-testid="cash-move-amount" />
      </label>
      <label className="field">
        Why (printed on the readings)
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="cash-move-reason" />
      </label>
      <PinField value={pin} onChange={setPin} testId="cash-move-pin" />
      <button type="submit" data-testid="cash-move-submit">
        {WORDS[kind].button}
      </button>
      {done && (
        <p className="notice" role="status" data-testid="cash-move-done">
          {done}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="cash-move-error">
          {error}
        </p>
      )}
      {moves.length > 0 && (
        <ul className="cash-moves" data-testid="cash-moves">
          {moves.map((m) => (
            <li key={m.id} data-testid="cash-move" data-kind={m.kind}>
              {WORDS[m.kind].done} {formatPeso(m.amountMinor)}: {m.reason} ({nameOf(m.approvedBy)})
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
