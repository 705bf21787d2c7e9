import { useEffect, useState } from 'react';
import type { Cashier } from '../../terminal/cashiers/cashier-api';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import { tendersTaken } from '../cart';
import type { CartStore } from '../cart-store';
import { CashierScreen } from './CashierScreen';
import { RosterScreen } from './RosterScreen';
import { SignInScreen } from './SignInScreen';

/**
 * Nobody rings up without signing in. Who is signed in lives in the core (it stamps every
 * sale), so a reload of the screen keeps the cashier; the screen only asks who it is.
 */
export function CashierGate({ api, status, cartStore }: { api: TerminalApi; status: TerminalStatus; cartStore: CartStore }) {
  const [cashier, setCashier] = useState<Cashier | null | undefined>(undefined);
  const [roster, setRoster] = useState(false);

  useEffect(() => {
    api.currentCashier().then(setCashier, () => setCashier(null));
  }, [api]);

  /**
   * After a restart (nobody signed in), the cart on the counter may be another person's: it is
   * held under their name, as F10 would have (F7 brings it back), so the next person never
   * rings up on it and it is never sold under their name (found by a black-box probe). A cart
   * with a payment taken stays: it is finished, or the payment given back, first.
   */
  async function signedIn(person: Cashier) {
    const onCounter = await cartStore.loadCurrent().catch(() => null);
    const owner = onCounter?.ringUpBy;
    if (onCounter && owner && owner.code !== person.code && onCounter.lines.length > 0 && !tendersTaken(onCounter))
      await cartStore.holdForNextPerson(onCounter, owner.name).catch(() => undefined);
    setCashier(person);
  }

  async function signOut() {
    await api.signOut().catch(() => undefined);
    setRoster(false);
    setCashier(null);
  }

  if (cashier === undefined) return <main className="waiting">Loading…</main>;
  if (cashier === null) return <SignInScreen api={api} onSignedIn={(person) => void signedIn(person)} />;
  if (roster) return <RosterScreen api={api} onClose={() => setRoster(false)} />;
  return (
    <CashierScreen
      api={api}
      status={status}
      cartStore={cartStore}
      cashier={cashier}
      onSignOut={() => void signOut()}
      onRoster={cashier.role === 'manager' ? () => setRoster(true) : null}
    />
  );
}
