import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { MAX_MINOR } from '../../protocol/sales';
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
 * readings count it in the expected cash and list it; the shift's movements are listed under
 * the form. One key per movement: pressed again after a lost answer, it is recorded once.
 */
export function CashMoveForm({
  api,
  shiftId,
  nameOf,
  onMoved,
}: {
  api: TerminalApi;
  shiftId: string;
  nameOf(code: string): string;
  /** A movement was recorded: what the screen shows of the drawer (an X reading) is out of date. */
  onMoved(): void;
}) {
  const [kind, setKind] = useState<CashMovementKind>('pay_out');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [moveKey, setMoveKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<{ text: string; field: 'amount' | 'reason' | null } | null>(null);
  const [moves, setMoves] = useState<CashMovement[]>([]);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);

  const load = useCallback(
    () =>
      api
        .shiftCashMovements({ shiftId })
        .then(setMoves, (caught: unknown) => setError({ text: errorText(caught, 'The cash paid in and out could not be read.'), field: null })),
    [api, shiftId],
  );
  useEffect(() => void load(), [load]);

  /** Typing again: what was said about the last try no longer stands. */
  const edited = () => {
    setError(null);
    setDone(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (running.current) return;
    setDone(null);
    const amountMinor = parsePesoInput(amount);
    if (amountMinor === null || amountMinor <= 0) return setError({ text: 'Type the cash as an amount above zero, e.g. 500.00.', field: 'amount' });
    if (amountMinor > MAX_MINOR) return setError({ text: `That is more than a till can take: at most ${formatPeso(MAX_MINOR)}.`, field: 'amount' });
    running.current = true;
    setBusy(true);
    setError(null);
    /** Recorded: said back, the fields cleared, a new key for the next one. */
    const recorded = (moved: { kind: CashMovementKind; amountMinor: number; reason: string; approvedBy: string }, drawer: string) => {
      setError(null);
      setDone(`${WORDS[moved.kind].done} ${formatPeso(moved.amountMinor)} (${moved.reason}), approved by ${nameOf(moved.approvedBy)}. ${drawer}`);
      setAmount('');
      setReason('');
      setPin('');
      setMoveKey(crypto.randomUUID());
      onMoved();
    };
    try {
      const moved = await api.moveCash({ moveKey, kind, amountMinor, reason, approval: { managerPin: pin } });
      recorded(moved, `The drawer should now hold ${formatPeso(moved.drawerCashMinor)}.`);
    } catch (caught) {
      const code = (caught as { code?: string }).code;
      setError({
        text: errorText(caught, 'The cash was not moved.'),
        field: code === 'pay_out_beyond_drawer' ? 'amount' : code === 'cash_move_reason_too_short' ? 'reason' : null,
      });
      // The answer lost on the way, the movement may be on the till all the same: its list says.
      const listed = await api.shiftCashMovements({ shiftId }).catch(() => []);
      const found = listed.find((m) => m.moveKey === moveKey);
      if (found) recorded(found, 'The X reading says what the drawer should hold now.');
    } finally {
      running.current = false;
      setBusy(false);
      await load();
    }
  }

  const invalid = (field: 'amount' | 'reason') =>
    error?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': 'cash-move-error' } : {};
  return (
    <form onSubmit={(e) => void submit(e)} className="cash-move-form" aria-labelledby="cash-move-heading" data-testid="cash-move-form">
      <h3 id="cash-move-heading">Cash in or out of the drawer</h3>
      <fieldset className="cash-move-kind">
        <legend>Which way</legend>
        {(['pay_in', 'pay_out'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="cash-move-kind"
              checked={kind === k}
              onChange={() => {
                setKind(k);
                edited();
              }}
              data-testid={`cash-move-${k}`}
            />{' '}
            {k === 'pay_in' ? 'Into the drawer (change from the safe)' : 'Out of the drawer (pickup to the safe, a delivery paid)'}
          </label>
        ))}
      </fieldset>
      <label className="field">
        Amount
        <input
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            edited();
          }}
          inputMode="decimal"
          placeholder="500.00"
          {...invalid('amount')}
          data-testid="cash-move-amount"
        />
      </label>
      <label className="field">
        Why (printed on the readings)
        <input
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            edited();
          }}
          maxLength={200}
          {...invalid('reason')}
          data-testid="cash-move-reason"
        />
      </label>
      <PinField value={pin} onChange={setPin} testId="cash-move-pin" />
      <button type="submit" disabled={busy} data-testid="cash-move-submit">
        {WORDS[kind].button}
      </button>
      {done && (
        <p className="notice" role="status" data-testid="cash-move-done">
          {done}
        </p>
      )}
      {error && (
        <p className="error" role="alert" id="cash-move-error" data-testid="cash-move-error">
          {error.text}
        </p>
      )}
      {moves.length > 0 && (
        <ul className="cash-moves" aria-label="Cash paid in and out this shift" data-testid="cash-moves">
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
