import { useEffect, useState, type FormEvent } from 'react';
import type { Cashier } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { itemsText, tendersTaken, type Cart } from '../cart';
import type { CartStore } from '../cart-store';
import { errorText } from '../error-text';
import { deskMemoryOf, ManagerDesk, type DeskMemory } from './ManagerDesk';

/** Why nobody signs in here over a cart with a payment on it. */
const paymentTakenSentence = (person: Cashier | null) =>
  `${person ? `${person.name}'s cart` : 'The cart on the counter'} has a payment taken: ${person?.name ?? 'its cashier'} finishes that sale, or gives the payment back, at the till first.`;

/**
 * Only a signed-in manager sees the manager desk. Anyone else gets a PIN field: a manager
 * signs in there (taking over the till, as signing in at the counter does: the cart on the
 * counter is held under its cashier's name, or, with a payment taken, the sign-in waits). The core
 * checks it again for what the desk reads and does (exportQueue, PINs on every action).
 */
export function ManagerGate({
  api,
  status,
  cartStore,
  deskMemory,
}: {
  api: TerminalApi;
  status: TerminalStatus;
  cartStore: CartStore;
  /** The desk as its manager left it for the till (App keeps it). */
  deskMemory?: DeskMemory;
}) {
  const [person, setPerson] = useState<Cashier | null | undefined>(undefined);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The cart on the counter, which a manager signing in here holds: said before the PIN, not found missing after.
  const [onCounter, setOnCounter] = useState<Cart | null>(null);

  useEffect(() => {
    api.currentCashier().then(setPerson, () => setPerson(null));
    cartStore.loadCurrent().then(setOnCounter, () => setOnCounter(null));
  }, [api, cartStore]);
  const willHold = onCounter !== null && onCounter.lines.length > 0 && !tendersTaken(onCounter) && person?.role !== 'manager';
  // A cart with a payment taken stops a sign-in here: said before the PIN, not after it (found by a walk).
  const paidInto = onCounter !== null && tendersTaken(onCounter) && person?.role !== 'manager';

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      // Found by a black-box probe: signing in here handed the cart on the counter, payment and all, to whoever signed in.
      const onCounter = await cartStore.loadCurrent();
      // Whoever rang it up (after a restart nobody is signed in, but the cart and its tenders are kept): a paid-into cart is never held.
      if (tendersTaken(onCounter)) {
        setError(paymentTakenSentence(person ?? null));
        setPin('');
        return;
      }
      const signedIn = await api.signIn({ pin });
      // As F10 does: the next person never rings up on this cart; it is held under its cashier's name (F7 brings it back).
      if (onCounter && onCounter.lines.length > 0 && signedIn.code !== person?.code)
        await cartStore.holdForNextPerson(onCounter, onCounter.ringUpBy?.name ?? person?.name ?? 'Unnamed');
      setPerson(signedIn);
      if (signedIn.role !== 'manager') setError(`${signedIn.name} is not a manager: the manager desk stays closed.`);
    } catch (caught) {
      setError(errorText(caught, 'Signing in did not work.'));
    }
    setPin('');
  }

  if (person === undefined) return <main className="waiting">Loading…</main>;
  if (person?.role === 'manager')
    return (
      <ManagerDesk
        api={api}
        status={status}
        heldCarts={() => cartStore.listHeld()}
        {...(deskMemory ? { memory: deskMemoryOf(deskMemory, person.code) } : {})}
      />
    );
  return (
    <main className="pairing">
      <form className="pairing-card sign-in" onSubmit={(e) => void signIn(e)} data-testid="manager-gate">
        <h1>Manager desk</h1>
        <p className="muted" data-testid="manager-gate-who">
          {person === null ? 'Nobody is signed in.' : `${person.name} (${person.role}) is signed in.`} Only a manager may open the sync queue, refunds
          and shifts: a manager signs in here with their PIN.
        </p>
        {paidInto && (
          <p className="warning" data-testid="manager-gate-paid-into">
            {paymentTakenSentence(person ?? null)}
          </p>
        )}
        {willHold && (
          <p className="notice" data-testid="manager-gate-hold">
            Signing in here holds {onCounter.ringUpBy?.name ?? person?.name ?? 'the cashier'}&apos;s cart ({itemsText(onCounter.lines)}) under their
            name: F7 at the till brings it back.
          </p>
        )}
        <label>
          Manager PIN
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            data-testid="manager-gate-pin"
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="manager-gate-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="manager-gate-sign-in">
          Sign in <kbd>Enter</kbd>
        </button>
      </form>
    </main>
  );
}
